from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from meetings.models import AgendaItem, Meeting, MeetingStatus
from membership.models import Body

from .base import Referenced, item_is_restricted


class DecisionType(models.TextChoices):
    APPROVED = "approved", "Approved"
    AGREED = "agreed", "Agreed"
    ENDORSED = "endorsed", "Endorsed"
    NOTED = "noted", "Noted"
    REJECTED = "rejected", "Rejected"
    DEFERRED = "deferred", "Deferred"


class DecisionStatus(models.TextChoices):
    CURRENT = "current", "Current"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded"


class Decision(Referenced):
    """A decision of a body, with its reference in the decisions register."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="The decision as minuted.")
    decision_type = models.CharField(
        "type", max_length=20, choices=DecisionType.choices, default=DecisionType.AGREED
    )
    decided_on = models.DateField("date")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body and the business unit. A decision "
        "on a restricted item is restricted whatever this says.",
    )
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.CURRENT
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        help_text="The later decision that replaces this one.",
    )
    status_note = models.CharField(
        max_length=300, blank=True, help_text="Why it was withdrawn or superseded."
    )
    created = models.DateTimeField(auto_now_add=True)

    history = TrackedHistory()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("body"), FieldPanel("decided_on")]),
                FieldRowPanel([FieldPanel("meeting"), FieldPanel("agenda_item")]),
                FieldPanel("title"),
                FieldPanel("text"),
                FieldRowPanel([FieldPanel("decision_type"), FieldPanel("is_restricted")]),
            ],
            heading="Decision",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("superseded_by")]),
                FieldPanel("status_note"),
            ],
            heading="Status",
        ),
    ]

    class Meta:
        ordering = ["-decided_on", "-sequence"]
        indexes = [
            models.Index(fields=["body", "decided_on"]),
            # The register's order, newest first: a page of 50 reads 50 rows, not them all.
            models.Index(
                fields=["-decided_on", "-sequence", "-id"], name="decision_register_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                name="decision_number_unique_per_body_and_year",
                violation_error_message="This body already has a decision with this number.",
            ),
            models.CheckConstraint(
                condition=~Q(status=DecisionStatus.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="decision_superseded_names_successor",
                violation_error_message="Name the decision that supersedes this one.",
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | ~Q(superseded_by=models.F("pk")),
                name="decision_not_superseded_by_itself",
                violation_error_message="A decision cannot supersede itself.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("governance:decision_detail", kwargs={"key": self.reference or self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            errors["meeting"] = "This meeting is of another body: choose one of the body's."
        if self.agenda_item_id:
            if self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
                errors["agenda_item"] = "This item is on another meeting's agenda."
            elif self.body_id and self.agenda_item.meeting.body_id != self.body_id:
                errors["agenda_item"] = "This item is on another body's agenda."
        if self.status == DecisionStatus.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = "Name the decision that supersedes this one."
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = "A decision cannot supersede itself."
        if self.superseded_by_id and self.status != DecisionStatus.SUPERSEDED:
            errors["status"] = "A decision that names a successor is superseded."
        if errors:
            raise ValidationError(errors)

    @property
    def restricted(self) -> bool:
        return self.is_restricted or item_is_restricted(self.agenda_item)

    @property
    def is_current(self) -> bool:
        return self.status == DecisionStatus.CURRENT

    @property
    def subject_to_minutes(self) -> bool:
        """Taken at a meeting whose minutes are not yet approved (known where the register's
        selectors read `minutes_approved`)."""
        return bool(self.meeting_id) and getattr(self, "minutes_approved", None) is False

    @property
    def meeting_not_yet_held(self) -> bool:
        """Shown early to the business unit and the body's members, never to the public."""
        meeting = self.meeting
        return meeting is not None and not (
            meeting.status == MeetingStatus.HELD or meeting.end <= timezone.now()
        )
