from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.history import TrackedHistory
from meetings.models import AgendaItem
from membership.models import Body


class Matter(models.Model):
    """One piece of business as it travels between bodies ("the KSCB Business Plan
    2012/13"): the subgroup recommends, the Executive endorses, the Board decides."""

    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="matters",
        help_text="The body where the matter started.",
    )
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body where it started and the business "
        "unit.",
    )
    created = models.DateTimeField(auto_now_add=True)

    history = TrackedHistory()

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("body"), FieldPanel("is_restricted")]),
    ]

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:matter_detail", kwargs={"pk": self.pk})

    @property
    def restricted(self) -> bool:
        return self.is_restricted


class ReferralPurpose(models.TextChoices):
    RECOMMENDATION = "recommendation", "For recommendation"
    ENDORSEMENT = "endorsement", "For endorsement"
    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"


class Referral(models.Model):
    """A matter sent on from an item at one body's meeting to an item at another's."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="referrals")
    from_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="referrals_out"
    )
    to_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="referrals_in")
    purpose = models.CharField(
        max_length=20, choices=ReferralPurpose.choices, default=ReferralPurpose.ENDORSEMENT
    )
    note = models.CharField(max_length=300, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    history = TrackedHistory()

    class Meta:
        ordering = ["matter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_item", "to_item"],
                name="referral_unique_pair",
                violation_error_message="This item is already referred to that item.",
            ),
            models.CheckConstraint(
                condition=~Q(from_item=models.F("to_item")),
                name="referral_not_to_itself",
                violation_error_message="An item cannot be referred to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.matter}: {self.from_item} → {self.to_item}"

    def clean(self):
        super().clean()
        if not (self.from_item_id and self.to_item_id):
            return
        source, target = self.from_item.meeting, self.to_item.meeting
        if source.body_id == target.body_id:
            raise ValidationError(
                {"to_item": "A referral goes to another body: choose an item at its meeting."}
            )
        if target.start < source.start:
            raise ValidationError(
                {"to_item": "That meeting is before the one the matter comes from."}
            )
