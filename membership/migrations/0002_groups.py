from django.db import migrations

from membership.group_setup import ensure_groups, grant_business_unit


def forwards(apps, schema_editor):
    ensure_groups(apps)
    grant_business_unit(apps, "membership", extra=(("wagtailadmin", "access_admin"),))


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0001_initial"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
