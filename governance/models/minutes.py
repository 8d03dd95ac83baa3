"""Minutes: the legal record of a meeting, drafted per agenda item from the published agenda,
reviewed by the chair, circulated to those who attended, approved at a later meeting of the
same body and then locked. Corrections after approval are amendments made by a decision."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.history import TrackedHistory
from meetings.models import AgendaItem, Meeting
from membership.models import Person

from .base import item_is_restricted
from .decisions import Decision


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CHAIR_REVIEW = "chair_review", "With the chair for review"
    CIRCULATED = "circulated", "Circulated for comment"
    # Approved minutes are locked: there is no separate "locked" state to forget to enter.
    APPROVED = "approved", "Approved"


# The text of the minutes can be changed in these; approval locks it.
EDITABLE_STATUSES = frozenset(
    {MinutesStatus.DRAFT, MinutesStatus.CHAIR_REVIEW, MinutesStatus.CIRCULATED}
)


class VersionStage(models.TextChoices):
    DRAFT = "draft", "Draft started"
    CHAIR_REVIEW = "chair_review", "Sent to the chair for review"
    CIRCULATED = "circulated", "Circulated to those who attended"
    APPROVED = "approved", "Approved as a correct record"
    AMENDED = "amended", "Amended by a later decision"


class Minutes(models.Model):
    """The minutes of one meeting, with the attendance as it stood when they were drafted."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    agenda_version = models.PositiveIntegerField(
        help_text="The published agenda version the minutes were drafted from."
    )
    # Present, apologies, deputies and in attendance, copied from the meeting's attendance
    # records (see governance.minutes_snapshots.attendance_summary).
    attendance = models.JSONField(default=dict)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField()
    approval_decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes",
        help_text="The later meeting's decision approving these minutes as a correct record.",
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved_here",
    )
    approved_on = models.DateField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    history = TrackedHistory()

    class Meta:
        verbose_name_plural = "minutes"
        ordering = ["-meeting__start"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        status=MinutesStatus.APPROVED,
                        approval_decision__isnull=False,
                        approved_at_meeting__isnull=False,
                        approved_on__isnull=False,
                    )
                    | Q(
                        ~Q(status=MinutesStatus.APPROVED),
                        approval_decision__isnull=True,
                        approved_at_meeting__isnull=True,
                        approved_on__isnull=True,
                    )
                ),
                name="minutes_approved_with_decision",
                violation_error_message="Approved minutes name the decision and meeting that "
                "approved them; other minutes name none.",
            )
        ]

    def __str__(self):
        return f"Minutes of {self.meeting}"

    def get_absolute_url(self):
        return reverse("governance:minutes_detail", kwargs={"pk": self.meeting_id})

    def clean(self):
        super().clean()
        if (
            self.approved_at_meeting_id
            and self.meeting_id
            and self.approved_at_meeting.body_id != self.meeting.body_id
        ):
            raise ValidationError(
                {"approved_at_meeting": "Minutes are approved by a meeting of the same body."}
            )

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class MinutesItem(models.Model):
    """The minute of one agenda item: its number, title and presenter as the published agenda
    had them when drafting began, and the text, saved with a revision number so that two
    people editing it cannot silently overwrite each other."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="items")
    # Kept even if the item is later taken off the agenda: the minute says what it was.
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_items",
    )
    sort_order = models.PositiveIntegerField()
    number = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    is_sub_item = models.BooleanField(default=False)
    is_restricted = models.BooleanField(
        default=False, help_text="Restricted on the published agenda the minutes follow."
    )
    text = models.TextField(
        blank=True, help_text="The minute, in plain paragraphs separated by a blank line."
    )
    revision = models.PositiveIntegerField(default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(null=True, blank=True)

    history = TrackedHistory()

    class Meta:
        ordering = ["minutes", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"],
                name="minutes_item_once_per_agenda_item",
                violation_error_message="This agenda item already has a minute.",
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1),
                name="minutes_item_revision_from_one",
                violation_error_message="Revisions start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def restricted(self) -> bool:
        """Its agenda item restricted today, or marked so: minutes drafted from a version
        that lists an item deleted since mark its minute (governance.services.minutes)."""
        return self.is_restricted or item_is_restricted(self.agenda_item)

    @property
    def current_amendment(self) -> Amendment | None:
        """The latest amendment; reads the selectors' `amendment_list` prefetch."""
        amendments = getattr(self, "amendment_list", None)
        if amendments is None:
            amendments = list(self.amendments.order_by("made_at", "pk"))
        return amendments[-1] if amendments else None

    @property
    def current_text(self) -> str:
        """The text as it now stands: the approved text, or its latest amendment."""
        amendment = self.current_amendment
        return amendment.new_text if amendment else self.text


class MinutesVersion(models.Model):
    """The minutes at one stage (drafted, sent to the chair, circulated, approved, amended):
    numbered per minutes, frozen as a JSON snapshot and never changed afterwards."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    stage = models.CharField(max_length=20, choices=VersionStage.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    note = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, editable=False)

    history = TrackedHistory()

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"],
                name="minutes_version_number_unique",
                violation_error_message="These minutes already have a version with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="minutes_version_number_from_one",
                violation_error_message="Version numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.minutes}: version {self.number} ({self.get_stage_display().lower()})"

    def save(self, *args, **kwargs):
        # A version is the record of what was sent or approved: the model itself keeps it.
        if not self._state.adding or self.pk is not None:
            raise ValidationError("A version of the minutes cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A version of the minutes cannot be deleted.")

    @property
    def items(self) -> list[dict]:
        return self.snapshot.get("items", [])


class MinutesComment(models.Model):
    """A correction or remark on circulated minutes, by someone who attended the meeting."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="comments")
    item = models.ForeignKey(
        MinutesItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text="Blank for the minutes as a whole (the attendance, say).",
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="minutes_comments")
    text = models.TextField()
    created = models.DateTimeField()

    history = TrackedHistory()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.minutes}"


class Amendment(models.Model):
    """A correction of approved minutes, made by a later decision. The approved text and
    version stay as they were; the minutes show the amended text with a note."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="amendments")
    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="amendments")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="minutes_amendments"
    )
    previous_text = models.TextField()
    new_text = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()

    history = TrackedHistory()

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self):
        return f"Amendment of item {self.item.number} of {self.minutes}"


class MinutesSignature(models.Model):
    """The chair's electronic signature of approved minutes: who signed, when, and the
    SHA-256 digest of the approved text they signed (governance.signatures), so that any
    later change to that text shows. `pdf_digests` are the SHA-256 digests of each signed
    PDF Tabled made of them (one per audience, and again after an amendment), against which
    an uploaded copy is checked."""

    minutes = models.OneToOneField(Minutes, on_delete=models.PROTECT, related_name="signature")
    version = models.ForeignKey(
        MinutesVersion, on_delete=models.PROTECT, related_name="+", editable=False
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    signer_name = models.CharField(max_length=200, editable=False)
    signed_at = models.DateTimeField(editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    pdf_digests = models.JSONField(default=list, blank=True, editable=False)

    history = TrackedHistory()

    class Meta:
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.minutes} signed by {self.signer_name}"

    def get_absolute_url(self):
        return reverse("governance:minutes_verify", kwargs={"digest": self.digest})
