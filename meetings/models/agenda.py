from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from core.history import TrackedHistory
from membership.models import Person

from .meeting import Meeting


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"
    STANDING = "standing", "Standing item"


class AgendaItem(Orderable):
    """An item of business on a meeting's agenda; a sub-item (2.1) names its parent item."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # modelcluster deletes removed inline items one by one, parent possibly first;
        # agenda_save refuses to remove a parent whose sub-items stay, so this never
        # takes an item the clerk meant to keep.
        on_delete=models.CASCADE,
        related_name="sub_items",
        help_text="For a sub-item (2.1): the item it sits under. Save the parent first.",
    )
    # Worked out from the order by meetings.numbering whenever the agenda is saved.
    number = models.CharField(max_length=10, blank=True, editable=False)
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    minutes_allocated = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Minutes allowed for the item."
    )
    description = models.TextField(blank=True)
    opened_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the chair opened the item."
    )
    is_restricted = models.BooleanField(
        default=False,
        help_text=(
            "Restricted items, their titles and their papers are seen only by current members "
            "of the body and the business unit."
        ),
    )

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("parent")]),
        FieldRowPanel(
            [FieldPanel("purpose"), FieldPanel("presenter"), FieldPanel("minutes_allocated")]
        ),
        FieldPanel("description"),
        FieldPanel("is_restricted"),
    ]

    class Meta(Orderable.Meta):
        indexes = [
            # The logs hide records on restricted items: a few in a hundred items are, and
            # this finds them without reading every item (governance.selectors._visibility).
            models.Index(
                fields=["id"], condition=Q(is_restricted=True), name="agendaitem_restricted"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk and parent.pk == self.pk:
            raise ValidationError({"parent": "An item cannot be its own parent."})
        if parent.meeting_id != self.meeting_id:
            raise ValidationError({"parent": "The parent item belongs to another meeting."})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Sub-items go one level deep: choose a top-level item as parent."}
            )

    @property
    def restricted(self) -> bool:
        """Restricted itself, or a sub-item of a restricted item."""
        return self.is_restricted or (self.parent_id is not None and self.parent.is_restricted)


class AgendaVersion(models.Model):
    """An agenda as published: numbered per meeting (v1, v2 …), frozen as a JSON snapshot,
    and never changed afterwards, so what members and the public were sent can be shown and
    compared later."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_versions")
    number = models.PositiveIntegerField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    change_note = models.TextField(
        blank=True,
        help_text="What changed since the last version. Shown to the public: do not name "
        "restricted items.",
    )
    snapshot = models.JSONField(default=dict, editable=False)

    history = TrackedHistory()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_version_number_unique_per_meeting",
                violation_error_message="This meeting already has an agenda version with "
                "this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="agenda_version_number_from_one",
                violation_error_message="Version numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: agenda v{self.number}"

    def save(self, *args, **kwargs):
        # Immutability is the point of a published version, so the model itself holds it.
        if not self._state.adding or self.pk is not None:
            raise ValidationError("A published agenda version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A published agenda version cannot be deleted.")

    @property
    def items(self) -> list[dict]:
        return self.snapshot.get("items", [])
