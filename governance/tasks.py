"""Background work of the logs: telling people what has been asked of them. Each task takes
ids, is retried with backoff, and is safe to run twice: every email goes at most once per
person per event (notifications.delivery)."""

from __future__ import annotations

from celery import shared_task

from governance import notifications
from notifications.tasks import notification_task


@notification_task
def action_assigned_notify(action_id: int, owner_id: int, *, final: bool) -> None:
    """Tell an action's owner that it is theirs, with its reference and due date."""
    notifications.action_assigned_deliver(action_id, owner_id, final=final)


@notification_task
def minutes_circulated_notify(version_id: int, *, final: bool) -> None:
    """Ask those who attended a meeting to comment on its circulated minutes."""
    notifications.minutes_circulated_deliver(version_id, final=final)


@notification_task
def challenge_response_notify(
    challenge_id: int, stage: str, on: str | None = None, *, final: bool
) -> None:
    """Tell the agency lead and the business unit that a response is due soon, or overdue."""
    notifications.challenge_response_deliver(challenge_id, stage, on, final=final)


@shared_task(acks_late=True)
def challenge_responses_check(on: str | None = None) -> int:
    """Beat, daily: queue a notice for each challenge whose response is due within the week
    or has just become overdue (each notice goes once; running this again sends nothing)."""
    return notifications.challenge_notices_queue(on)


@notification_task
def action_reminders_notify(on: str | None = None, *, final: bool) -> None:
    """Beat, weekly: each owner's actions due in the next 7 days and overdue, in one email."""
    notifications.action_reminders_deliver(on, final=final)


@notification_task
def overdue_summary_notify(on: str | None = None, *, final: bool) -> None:
    """Beat, weekly: what is overdue across the logs, for the business unit."""
    notifications.overdue_summary_deliver(on, final=final)
