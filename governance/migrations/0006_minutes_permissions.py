from django.db import migrations

from membership.group_setup import grant_business_unit


def forwards(apps, schema_editor):
    # The business unit views the minutes in the admin; they are written in the editor.
    grant_business_unit(apps, "governance")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_minutes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
