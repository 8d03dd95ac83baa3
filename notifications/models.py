"""Each person's choices, and the record of every notification sent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from membership.models import Person

from .registry import Delivery


class NotificationPreference(models.Model):
    """How one person wants one kind of notification: straight away, weekly, or not at all.
    A person with no row for a kind gets the kind's default (notifications
    .registry)."""

    # Wagtail's reference index would add a query per save for nothing anyone looks up.
    wagtail_reference_index_ignore = True

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=100)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                name="notification_preference_unique_per_kind",
                violation_error_message="This person already has a choice for this kind.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.kind} → {self.get_delivery_display()}"


class SentStatus(models.TextChoices):
    CLAIMED = "claimed", "Sending"
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Failed, will retry"
    FAILED = "failed", "Failed"
    QUEUED = "queued", "Waiting for the weekly summary"
    DIGESTED = "digested", "Sent in a weekly summary"


class SentNotification(models.Model):
    """One notification for one person about one event, whatever became of it. The unique
    (person, event key) is what makes a notification go at most once: a worker claims the row
    in a transaction before sending and marks it sent afterwards, so a retried task, a task
    delivered twice, or a worker that died mid-task never sends it again."""

    # Wagtail's reference index would add a query per save for nothing anyone looks up.
    wagtail_reference_index_ignore = True

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sent_notifications")
    kind = models.CharField(max_length=100)
    event_key = models.CharField(
        max_length=200, help_text="What happened, e.g. agenda-published:41 (version 41)."
    )
    status = models.CharField(max_length=20, choices=SentStatus.choices)
    to_address = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    # What the weekly summary says of it (only ever what the email itself would say).
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    digest = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        help_text="The weekly summary this went out in.",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "sent notification"
        # Written by the workers alone: people may look, never add, change or delete.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["status", "created"]),
            models.Index(fields=["person", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "event_key"],
                name="sent_notification_once_per_person_per_event",
                violation_error_message="This person has already been notified of this event.",
            )
        ]

    def __str__(self):
        return f"{self.subject or self.event_key} → {self.person}"
