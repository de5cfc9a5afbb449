from django.db import migrations

from duban.plans.catalogue import sync_catalogue


def load(apps, schema_editor):
    sync_catalogue(apps.get_model("plans", "BusinessLine"), apps.get_model("plans", "IndicatorDefinition"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
