from django.db import migrations

from membership.group_setup import grant_business_unit


def forwards(apps, schema_editor):
    # The models have only the "view" permission, so that is all the group gets.
    grant_business_unit(apps, "notifications")


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("membership", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
