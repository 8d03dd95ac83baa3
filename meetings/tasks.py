"""Background work for meetings. Each task takes ids, calls a service, and is safe to run
twice (Celery may deliver a task again after a worker dies: CELERY_TASK_ACKS_LATE)."""

from __future__ import annotations

from celery import shared_task

from meetings import notifications, paper_services
from membership.notifications.tasks import notification_task

# Text extraction is pure Python; a hostile or enormous PDF must not hold a worker forever.
EXTRACTION_TIME_LIMIT = 300


@shared_task(
    soft_time_limit=EXTRACTION_TIME_LIMIT,
    time_limit=EXTRACTION_TIME_LIMIT + 30,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def paper_version_extract_text(version_id: int) -> None:
    paper_services.paper_version_extract_text(version_id=version_id)


# A pack of a few hundred pages builds in about a second; this is the worst case's ceiling.
PACK_TIME_LIMIT = 120


@shared_task(soft_time_limit=PACK_TIME_LIMIT, time_limit=PACK_TIME_LIMIT + 30)
def meeting_pack_build(meeting_id: int) -> None:
    paper_services.meeting_pack_build(meeting_id=meeting_id)


# ---------------------------------------------------------------------------
# Notifications (meetings.notifications): each retried with backoff, each email sent at
# most once per person (membership.notifications.delivery).
# ---------------------------------------------------------------------------
@notification_task
def agenda_published_notify(version_id: int, *, final: bool) -> None:
    notifications.agenda_published_deliver(version_id, final=final)


@notification_task
def meeting_changed_notify(
    meeting_id: int, sequence: int, before: dict, after: dict, *, final: bool
) -> None:
    notifications.meeting_changed_deliver(meeting_id, sequence, before, after, final=final)


@notification_task
def papers_reminder_notify(meeting_id: int, *, final: bool) -> None:
    notifications.papers_reminder_deliver(meeting_id, final=final)


@shared_task(acks_late=True)
def papers_reminders_send() -> int:
    """Beat, daily: queue the reminder for meetings two working days away."""
    return notifications.papers_reminders_queue()
