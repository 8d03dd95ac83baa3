"""Queueing tasks once a change has committed, without ever failing the change.

A web request that publishes an agenda has done its work once the transaction commits; the
emails are a consequence. If the broker cannot be reached then, the request must still
succeed and the emails must still go, later: `enqueue` catches the broker's connection
error, logs it and writes an OutboxEvent, and the `outbox_flush` beat task queues those
events again when the broker answers. (The transactional outbox: the pending event is a row
in the same database as the change, so neither is lost.)
"""

from __future__ import annotations

import logging
from functools import partial

from celery import Task, current_app
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.db import transaction
from django.utils import timezone

from .models import OutboxEvent

logger = logging.getLogger(__name__)

# What a broker that is down, unreachable or restarting raises on publish. kombu wraps most
# of them in OperationalError; the others are here in case a transport lets one through.
BROKER_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, OSError)

FLUSH_BATCH = 500


def enqueue(task: Task, *args, **kwargs) -> bool:
    """Queue `task(*args, **kwargs)`; if the broker is unreachable, keep it in the outbox.
    Returns whether it reached the broker. Arguments must be JSON: ids, not objects."""
    if task.app.conf.task_always_eager:
        # No broker (the demo, most tests): the task runs here and now, and an exception
        # is the task's own, not the broker's.
        task.apply_async(args, kwargs)
        return True
    try:
        task.apply_async(args, kwargs)
    except BROKER_ERRORS as error:
        logger.warning(
            "The broker is unreachable (%s): %s%r kept in the outbox for outbox_flush",
            error,
            task.name,
            args,
        )
        OutboxEvent.objects.create(
            task_name=task.name, args=list(args), kwargs=kwargs, last_error=str(error)[:2000]
        )
        return False
    return True


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Queue the task once the current transaction commits (at once outside one). Robust:
    with tasks run eagerly (the demo) a failing task is logged, never turned into an error
    page for a change that has already been saved."""
    transaction.on_commit(partial(enqueue, task, *args, **kwargs), robust=True)


def outbox_flush(*, limit: int = FLUSH_BATCH) -> tuple[int, int]:
    """Queue the outbox's pending events again, oldest first. Stops at the first broker
    error (the broker is still down: the next run tries again). Returns (queued, pending)."""
    queued = 0
    while queued < limit:
        with transaction.atomic():
            # skip_locked: two flushes at once (two beat processes by mistake) share the work.
            event = (
                OutboxEvent.objects.select_for_update(skip_locked=True)
                .filter(enqueued_at__isnull=True)
                .order_by("created", "pk")
                .first()
            )
            if event is None:
                break
            task = current_app.tasks[event.task_name]
            try:
                task.apply_async(event.args, event.kwargs)
            except BROKER_ERRORS as error:
                event.attempts += 1
                event.last_error = str(error)[:2000]
                event.save(update_fields=["attempts", "last_error"])
                logger.warning("The broker is still unreachable (%s): outbox kept", error)
                break
            event.attempts += 1
            event.enqueued_at = timezone.now()
            event.save(update_fields=["attempts", "enqueued_at"])
            queued += 1
    pending = OutboxEvent.objects.filter(enqueued_at__isnull=True).count()
    if queued:
        logger.info("Outbox: %d task(s) queued again, %d still pending", queued, pending)
    return queued, pending
