"""Background work for meetings. Each task takes ids, calls a service, and is safe to run
twice (Celery may deliver a task again after a worker dies: CELERY_TASK_ACKS_LATE)."""

from __future__ import annotations

import logging

from celery import shared_task

from django.conf import settings

from meetings import notifications
from meetings.papers import services as paper_services
from membership.notifications import outbox
from membership.notifications.tasks import notification_task

logger = logging.getLogger(__name__)

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


def enqueue(task, *args) -> bool:
    """Send a task to the workers, or log why it could not be sent and carry on. For work
    queued once a change is committed (text extraction, pack builds): the change is saved
    by then, so a broker that is down must not turn it into an error page. Every such task
    has a fallback (a pack is built on first request; extraction can be run again).

    Any exception is caught, not only the broker's OperationalError: with tasks run eagerly
    (the demo) the task's own failure arrives here too, and it must not undo the page either.
    """
    try:
        # A broker that is down keeps the task in the outbox for outbox_flush to send later.
        return outbox.enqueue(task, *args)
    except Exception:
        logger.exception("Could not queue %s%r; carrying on without it", task.name, args)
        return False


def queue_pack_build(meeting_id: int) -> bool:
    """Build a meeting's packs ahead of the first reader. That is a worker's job: with tasks
    run eagerly (the demo) it would only slow the request, and the pack view builds a pack
    when it is first asked for (settings.PAPERS_PACK_PREBUILD)."""
    if not settings.PAPERS_PACK_PREBUILD:
        return False
    return enqueue(meeting_pack_build, meeting_id)


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
