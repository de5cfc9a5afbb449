"""Figures no entry accepts any more (more than 16 integer digits, Inf: SQLite kept what
the old second-save path wrote without checking) broke every page that read them, and
their history rows kept breaking the task page after the reading was mended. Such a
reading was never a measurement: it and its history rows are removed; a target value
of that kind becomes a monitored figure (no value). PostgreSQL's numeric(20, 4) never
held one, so there this changes nothing."""

from django.db import migrations

LIMIT = "1e16"  # duban.values.INTEGER_DIGITS


def repair(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in ("progress_reading", "progress_historicalreading"):
            cursor.execute(f"DELETE FROM {table} WHERE abs(value) >= {LIMIT}")  # noqa: S608
        for table in ("plans_target", "plans_historicaltarget"):
            for column in ("value", "value_max"):
                cursor.execute(
                    f"UPDATE {table} SET {column} = NULL WHERE abs({column}) >= {LIMIT}"  # noqa: S608
                )


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0004_historicalprogressreport_updated_at_and_more"),
        ("plans", "0005_historicaltask_updated_at_task_updated_at"),
    ]
    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
