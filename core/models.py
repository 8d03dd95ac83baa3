"""The outbox of tasks that could not be queued (core.outbox)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxEvent(models.Model):
    """A task that could not be queued because the broker was down when the change that
    caused it was committed. The `outbox_flush` beat task queues it again once the broker is
    back; the tasks are idempotent, so queueing one twice does no harm."""

    # Wagtail's reference index would add a query per save for nothing anyone looks up.
    wagtail_reference_index_ignore = True

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table the notifications app made, where the outbox first lived.
        db_table = "notifications_outboxevent"
        ordering = ["created", "pk"]
        verbose_name = "outbox event"
        default_permissions = ("view",)
        indexes = [models.Index(fields=["enqueued_at", "created"])]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"

    @property
    def pending(self) -> bool:
        return self.enqueued_at is None
