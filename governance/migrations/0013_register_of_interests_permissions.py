from django.db import migrations

from membership.group_setup import grant_business_unit


def forwards(apps, schema_editor):
    # The business unit enters and corrects members' registers of interests in the admin.
    grant_business_unit(apps, "governance")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0012_register_of_interests_and_signed_minutes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
