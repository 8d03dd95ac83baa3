from django.db import migrations

DELIVER = "notifications.tasks.deliver"


def _meeting_changed(args):
    meeting_id, sequence, before, after = args
    cancelled = after["status"] == "cancelled" and before["status"] != "cancelled"
    kind = "meetings.meeting_cancelled" if cancelled else "meetings.meeting_changed"
    params = {"meeting_id": meeting_id, "sequence": sequence, "before": before, "after": after}
    return kind, params


# The tasks each kind of email had before one task delivered them all, and the kind and
# params the delivery task takes instead.
BY_KIND = {
    "meetings.tasks.agenda_published_notify": lambda args: (
        "meetings.agenda_published",
        {"version_id": args[0]},
    ),
    "meetings.tasks.meeting_changed_notify": _meeting_changed,
    "meetings.tasks.papers_reminder_notify": lambda args: (
        "meetings.papers_reminder",
        {"meeting_id": args[0]},
    ),
    "governance.tasks.action_assigned_notify": lambda args: (
        "governance.action_assigned",
        {"action_id": args[0], "owner_id": args[1]},
    ),
    "governance.tasks.minutes_circulated_notify": lambda args: (
        "governance.minutes_circulated",
        {"version_id": args[0]},
    ),
    "governance.tasks.challenge_response_notify": lambda args: (
        "governance.challenge_response",
        {"challenge_id": args[0], "stage": args[1], "on": args[2]},
    ),
}
MOVED = {"membership.notifications.tasks.digest_send": "notifications.tasks.digest_send"}


def rename_pending(apps, schema_editor):
    """Tasks kept in the outbox while the broker was down, under the names they had, are
    queued under today's names when it is back: nothing kept is lost by the upgrade."""
    OutboxEvent = apps.get_model("core", "OutboxEvent")
    pending = OutboxEvent.objects.filter(
        enqueued_at__isnull=True, task_name__in=[*BY_KIND, *MOVED]
    )
    for event in pending:
        if event.task_name in MOVED:
            event.task_name = MOVED[event.task_name]
        else:
            kind, params = BY_KIND[event.task_name](event.args)
            event.task_name, event.args = DELIVER, [kind, params]
        event.save(update_fields=["task_name", "args"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_outboxevent_to_core"),
        ("core", "0001_outbox_event"),
    ]

    operations = [migrations.RunPython(rename_pending, migrations.RunPython.noop)]
