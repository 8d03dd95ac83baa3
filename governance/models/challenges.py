from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from meetings.models import AgendaItem, Meeting
from membership.models import Body, Organisation, Person

from .base import Referenced, item_is_restricted


class EvidenceKind(models.TextChoices):
    AUDIT = "audit", "Audit"
    DATA_SET = "data_set", "Data set"
    CASE_REVIEW = "case_review", "Case review"
    INSPECTION = "inspection", "Inspection"
    OTHER = "other", "Other"


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Open"
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    RESPONDED = "responded", "Responded"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


# Statuses in which the Board is waiting for the agency, so a passed due date is overdue.
WAITING_STATUSES = frozenset(
    {ChallengeStatus.OPEN, ChallengeStatus.AWAITING_RESPONSE, ChallengeStatus.ESCALATED}
)


class Assessment(models.TextChoices):
    SATISFIED = "satisfied", "Satisfied"
    FURTHER_ASSURANCE = "further_assurance", "Further assurance needed"
    ESCALATE = "escalate", "Escalate"


class EscalationLevel(models.IntegerChoices):
    NONE = 0, "Not escalated"
    SUBGROUP_CHAIR = 1, "Subgroup chair"
    EXECUTIVE = 2, "Executive"
    BOARD = 3, "Board"
    AGENCY_CHIEF_EXECUTIVE = 4, "Agency chief executive"
    REGULATOR = 5, "Regulator"


class Challenge(Referenced):
    """A challenge the Board puts to an agency, the agency's answer, the Board's view of it,
    and what changed as a result. Its status moves only through the challenge services."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="challenges")
    raised_on = models.DateField()
    raised_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="challenges_raised"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges"
    )
    agency = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name="agency challenged",
    )
    agency_lead = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges_led",
        help_text="Who answers for the agency.",
    )
    issue = models.TextField()
    evidence_kind = models.CharField(
        "evidence", max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.DATA_SET
    )
    evidence_detail = models.CharField(
        max_length=300, blank=True, help_text="e.g. “QEF quarter 3 data set, January 2012”."
    )
    ask = models.TextField("what was asked")
    response_due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.OPEN,
        editable=False,
    )
    assessment = models.CharField(
        "Board's assessment",
        max_length=20,
        choices=Assessment.choices,
        blank=True,
        editable=False,
    )
    escalation_level = models.PositiveSmallIntegerField(
        choices=EscalationLevel.choices, default=EscalationLevel.NONE, editable=False
    )
    outcome = models.TextField(blank=True, editable=False)
    impact = models.TextField(blank=True, editable=False, help_text="What changed for children.")
    closed_on = models.DateField(null=True, blank=True, editable=False)
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body and the business unit.",
    )

    history = TrackedHistory()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("body"), FieldPanel("raised_on")]),
                FieldRowPanel([FieldPanel("raised_by"), FieldPanel("is_restricted")]),
                FieldRowPanel([FieldPanel("meeting"), FieldPanel("agenda_item")]),
            ],
            heading="Raised",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("agency"), FieldPanel("agency_lead")]),
                FieldPanel("issue"),
                FieldRowPanel([FieldPanel("evidence_kind"), FieldPanel("evidence_detail")]),
                FieldPanel("ask"),
                FieldPanel("response_due"),
            ],
            heading="The challenge",
        ),
    ]

    class Meta:
        ordering = ["-raised_on", "-sequence"]
        indexes = [models.Index(fields=["body", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                name="challenge_number_unique_per_body_and_year",
                violation_error_message="This body already has a challenge with this number.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ChallengeStatus.CLOSED)
                | (Q(closed_on__isnull=False) & ~Q(outcome="") & ~Q(impact="")),
                name="challenge_closed_with_outcome_and_impact",
                violation_error_message="A challenge is closed only with its outcome and impact.",
            ),
            models.CheckConstraint(
                condition=Q(response_due__isnull=True) | Q(response_due__gte=models.F("raised_on")),
                name="challenge_response_due_after_raised",
                violation_error_message="The response cannot be due before the challenge was "
                "raised.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.issue[:80]}".strip()

    def get_absolute_url(self):
        return reverse("governance:challenge_detail", kwargs={"key": self.reference or self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.response_due and self.raised_on and self.response_due < self.raised_on:
            errors["response_due"] = (
                "The response is due before the challenge was raised: pick a later date."
            )
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            errors["meeting"] = "This meeting is of another body: choose one of the body's."
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = "This item is on another meeting's agenda."
        if errors:
            raise ValidationError(errors)

    @property
    def restricted(self) -> bool:
        return self.is_restricted or item_is_restricted(self.agenda_item)

    @property
    def is_closed(self) -> bool:
        return self.status == ChallengeStatus.CLOSED

    def response_overdue_on(self, on: datetime.date) -> bool:
        return bool(
            self.status in WAITING_STATUSES and self.response_due and self.response_due < on
        )


class ChallengeResponse(models.Model):
    """The agency's answer to a challenge, as received."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="responses")
    received_on = models.DateField()
    text = models.TextField("response")
    responder = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who answered for the agency.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = TrackedHistory()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"Response to {self.challenge.reference} of {self.received_on}"


class ChallengeAssessment(models.Model):
    """The Board's view of a response: satisfied, further assurance needed, or escalate."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    assessment = models.CharField(max_length=20, choices=Assessment.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = TrackedHistory()

    class Meta:
        ordering = ["assessed_on", "pk"]

    def __str__(self):
        return f"{self.get_assessment_display()} ({self.challenge.reference}, {self.assessed_on})"


class ChallengeEscalation(models.Model):
    """A dated step up the escalation ladder: subgroup chair, Executive, Board, the agency's
    chief executive, the regulator."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="escalations")
    escalated_on = models.DateField()
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices)
    escalated_to = models.CharField(
        max_length=200, blank=True, help_text="e.g. “Chief Executive, NHS Kent and Medway”."
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = TrackedHistory()

    class Meta:
        ordering = ["escalated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=EscalationLevel.SUBGROUP_CHAIR)
                & Q(level__lte=EscalationLevel.REGULATOR),
                name="challenge_escalation_level_on_the_ladder",
                violation_error_message="Choose a level from subgroup chair to regulator.",
            )
        ]

    def __str__(self):
        return f"{self.challenge.reference} escalated to {self.get_level_display()}"
