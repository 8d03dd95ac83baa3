from django.db import migrations

from membership.group_setup import grant_business_unit


def forwards(apps, schema_editor):
    grant_business_unit(apps, "governance")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("membership", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
