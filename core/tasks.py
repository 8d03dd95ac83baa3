"""The outbox's beat task."""

from __future__ import annotations

from celery import shared_task

from core import outbox


@shared_task(acks_late=True)
def outbox_flush() -> int:
    """Beat, every minute: queue again the tasks kept while the broker was down."""
    queued, _pending = outbox.outbox_flush()
    return queued
