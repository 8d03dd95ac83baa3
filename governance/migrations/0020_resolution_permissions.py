from django.db import migrations

from membership.group_setup import grant_business_unit


def forwards(apps, schema_editor):
    # The business unit looks at written resolutions in the admin (the read-only policy
    # refuses the rest); they are circulated and voted on on the site.
    grant_business_unit(apps, "governance")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0019_resolution_threshold_of_all_entitled"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
