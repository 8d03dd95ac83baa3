"""The notification tasks: `deliver`, the one task that sends a notice of any kind, the beat
task that queues the notices a schedule makes due, the weekly summary, and the sweep of
claims left by dead workers.

Every task here is idempotent and acknowledged late (CELERY_TASK_ACKS_LATE): a worker that
dies mid-task has its task delivered again, and the SentNotification rows make sure nothing
already sent goes twice.
"""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Callable

from celery import shared_task

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from core.outbox import enqueue

from . import delivery, digest, registry, selectors

# Failures worth another try: a mail server or database that is briefly away.
RETRY_ON = (delivery.DeliveryError, smtplib.SMTPException, OSError, DatabaseError)


def notification_task(func: Callable) -> Callable:
    """Make `func(*args, final=...)` a Celery task that retries on failure with exponential
    backoff (NOTIFICATIONS_RETRY_BACKOFF seconds, doubling, with jitter, up to ten minutes)
    and tells `func` whether this is its last attempt, so that it marks what could not be
    sent as failed rather than retrying."""

    def run(self, *args, **kwargs):
        final = self.request.retries >= self.max_retries or (
            # Run eagerly with errors propagating (the demo, most tests), a retry would
            # surface as an exception rather than run: the first attempt is the last.
            self.request.is_eager and self.app.conf.task_eager_propagates
        )
        return func(*args, final=final, **kwargs)

    run.__doc__ = func.__doc__
    return shared_task(
        bind=True,
        name=f"{func.__module__}.{func.__name__}",
        acks_late=True,
        autoretry_for=RETRY_ON,
        retry_backoff=settings.NOTIFICATIONS_RETRY_BACKOFF,
        retry_backoff_max=600,
        retry_jitter=True,
        max_retries=settings.NOTIFICATIONS_MAX_RETRIES,
        typing=False,
    )(run)


@notification_task
def deliver(kind: str, params: dict, *, final: bool) -> None:
    """Send one notice of the kind (its key) about the records `params` name."""
    delivery.deliver(registry.get(kind), params, final=final)


@shared_task(acks_late=True)
def notices_due(kind: str, on: str | None = None) -> int:
    """Beat: queue each notice of a scheduled kind due on the day (today by default). Each
    goes once, so running this twice sends nothing more."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    due = registry.get(kind).due(day)
    for params in due:
        enqueue(deliver, kind, params)
    return len(due)


@notification_task
def digest_send(person_id: int, period: str, *, final: bool) -> None:
    """One person's weekly summary."""
    digest.digest_send(person_id=person_id, period=period, final=final)


@shared_task(acks_late=True)
def digest_send_all(period: str | None = None) -> int:
    """Beat, weekly: queue a summary for everyone with items waiting for one."""
    period = period or digest.digest_period(timezone.localdate())
    people = list(selectors.people_with_digest_items().values_list("pk", flat=True))
    for person_id in people:
        enqueue(digest_send, person_id, period)
    return len(people)


@shared_task(acks_late=True)
def stale_claims_sweep() -> int:
    """Beat, hourly: claims whose worker died mid-send are marked failed, for the admin."""
    return delivery.sweep_stale_claims()
