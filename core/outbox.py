"""Queueing work for the workers: the one way any task leaves a service or a request.

    enqueue("meetings.tasks.meeting_pack_build", meeting.pk)
    notify("meetings.agenda_published", version_id=version.pk)

`enqueue` waits for the current transaction to commit (it runs at once outside one): a task
never reads a change that may still be rolled back, and a rolled-back change queues nothing.
Then it hands the task to the broker; if the broker cannot be reached, the request that made
the change must still succeed and the work must still happen, later: the broker's error is
logged and the task kept as an OutboxEvent row, which the `outbox_flush` beat task queues
again when the broker answers. (The transactional outbox: the pending task is a row in the
same database as the change, so neither is lost.)

Tasks are named, not imported: a task calls its app's services, so a service that imported
its task would import itself. A name is checked when it is given, so a misspelt one fails in
the service, not later in a worker. `notify` hands a notice to the notifications app, which
sits above the domain apps, by its kind's key in the same way.
"""

from __future__ import annotations

import logging

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

# The notifications app's one delivery task: deliver(kind key, params).
DELIVER = "notifications.tasks.deliver"

FLUSH_BATCH = 500


class Queued:
    """A task waiting for its transaction to commit, as it sits among the on-commit
    callbacks (where a test finds it by its task's name)."""

    def __init__(self, task: Task, args: tuple, kwargs: dict):
        self.task, self.args, self.kwargs = task, args, kwargs
        # What Django's log names when a robust on-commit callback fails.
        self.__qualname__ = f"enqueue({task.name})"

    @property
    def name(self) -> str:
        return self.task.name

    def __call__(self) -> None:
        send(self.task, *self.args, **self.kwargs)


def task_named(task: Task | str) -> Task:
    """The registered task of that name. A web process imports the apps' tasks modules only
    when it first needs one."""
    if isinstance(task, Task):
        return task
    if task not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[task]


def enqueue(task: Task | str, *args, **kwargs) -> None:
    """Queue `task(*args, **kwargs)` once the current transaction commits. Arguments must be
    JSON: ids, not objects. Robust: the change is saved by then, so a task that cannot be
    queued (or, run eagerly in the demo, fails) is logged, never turned into an error page."""
    transaction.on_commit(Queued(task_named(task), args, kwargs), robust=True)


def notify(kind: str, **params) -> None:
    """Send the notice of `kind` (its key, e.g. "governance.action_assigned") about the
    records named by `params` (ids and other JSON), once the transaction commits. The kind
    decides who hears, what they are told, and that each hears of it once."""
    enqueue(DELIVER, kind, params)


def send(task: Task, *args, **kwargs) -> bool:
    """Hand a task to the broker now; if the broker is unreachable, keep it in the outbox.
    Returns whether it reached the broker."""
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
            task = task_named(event.task_name)
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
