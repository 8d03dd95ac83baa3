from django.db import migrations


def move_content_type(apps, schema_editor):
    # The Business unit's "view outbox event" permission hangs on the content type: moving
    # the type keeps the permission, and the group's hold on it, as they were.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="core", model="outboxevent").exists():
        return
    ContentType.objects.filter(app_label="notifications", model="outboxevent").update(
        app_label="core"
    )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="notifications", model="outboxevent").exists():
        return
    ContentType.objects.filter(app_label="core", model="outboxevent").update(
        app_label="notifications"
    )


class Migration(migrations.Migration):
    """The outbox now belongs to core (core 0001); its table stays where it is."""

    dependencies = [
        ("notifications", "0002_business_unit_permissions"),
        ("core", "0001_outbox_event"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxEvent")],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
