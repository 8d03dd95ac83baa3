from django.db import migrations

from membership.group_setup import grant_business_unit_view


def forwards(apps, schema_editor):
    # The business unit reads the access log; nobody adds to, changes or deletes it by hand.
    grant_business_unit_view(apps, "meetings", "accesslogentry")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_access_log"),
        ("membership", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
