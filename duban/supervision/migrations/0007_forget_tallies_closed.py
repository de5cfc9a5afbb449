"""A task the office closed is 已关闭 now, no longer judged: counts kept before that
counted it by the old rule, so they are dropped and computed again when asked for."""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("supervision", "StatusTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0006_step_message")]
    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
