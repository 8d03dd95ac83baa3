from django.db import migrations

from membership.group_setup import grant_business_unit


def forwards(apps, schema_editor):
    grant_business_unit(apps, "meetings")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("membership", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
