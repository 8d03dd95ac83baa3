from django.db import migrations

from membership.group_setup import grant_business_unit_permissions

# Issuing, renaming and revoking API keys in Settings → API tokens. Wagtail's "delete" on a
# token is a revocation: the row stays, with when it was revoked.
API_TOKEN_PERMISSIONS = ("add_apitoken", "change_apitoken", "delete_apitoken", "view_apitoken")


def forwards(apps, schema_editor):
    grant_business_unit_permissions(apps, "wagtailcore", API_TOKEN_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0003_person_email_unique_any_case"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
