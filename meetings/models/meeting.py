from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.dates import long_date
from core.history import TrackedHistory
from membership.models import Body

from .series import MeetingSeries


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CONFIRMED = "confirmed", "Confirmed"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


# What a calendar shows; a change to any of these is a new SEQUENCE (RFC 5545 §3.8.7.4).
CALENDAR_FIELDS = ("title", "start", "end", "venue", "online_link", "status")


class Meeting(ClusterableModel):
    """One meeting of a body, on a day, with its agenda."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text="The cycle this meeting was scheduled in, if any.",
    )
    title = models.CharField(max_length=200)
    start = models.DateTimeField(help_text="Date and time it starts (UK time).")
    end = models.DateTimeField(help_text="Date and time it ends (UK time).")
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True, help_text="Teams or Zoom link, if any.")
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    notes = models.TextField(blank=True, help_text="Shown on the meeting page.")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = TrackedHistory()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("body"), FieldPanel("title")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("online_link")]),
                FieldPanel("status"),
                FieldPanel("notes"),
            ],
            heading="Meeting",
        ),
    ]

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["body", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="meeting_ends_after_it_starts",
                violation_error_message="A meeting must end after it starts.",
            )
        ]

    def __str__(self):
        if self.start:
            return f"{self.title}, {long_date(timezone.localtime(self.start).date())}"
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError(
                {"end": "The meeting must end after it starts: pick a later end time."}
            )
        if self.series_id and self.body_id and self.series.body_id != self.body_id:
            raise ValidationError({"series": "This series belongs to another body."})

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    @property
    def date(self):
        return self.local_start.date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.start
