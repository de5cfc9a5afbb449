"""A task without evidence is 无进展数据 now, no longer 正常: counts kept before that
were computed by the old rule, so they are dropped and computed again when asked for."""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("supervision", "StatusTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_notice_updated_at")]
    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
