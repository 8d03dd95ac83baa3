from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.history import TrackedHistory
from meetings.models import AgendaItem
from membership.models import Person


class DeclarationOfInterest(models.Model):
    """A member's declared interest in an item of business, and whether they withdrew."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="declarations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.CharField(max_length=300)
    withdrew = models.BooleanField(
        default=False, help_text="They left the room for the item and took no part."
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

    panels = [
        FieldRowPanel([FieldPanel("agenda_item"), FieldPanel("person")]),
        FieldPanel("interest"),
        FieldPanel("withdrew"),
    ]

    class Meta:
        ordering = ["agenda_item", "person__family_name"]
        verbose_name = "declaration of interest"
        verbose_name_plural = "declarations of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"],
                name="declaration_unique_per_item_and_person",
                violation_error_message="This person's interest in this item is already "
                "recorded: edit that declaration instead.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.interest}"


class InterestKind(models.TextChoices):
    EMPLOYMENT = "employment", "Employment, office, trade or profession"
    OFFICE = "office", "Office held (directorship, trusteeship, public office)"
    FINANCIAL = "financial", "Financial interest (shares, contracts, property)"
    GIFTS = "gifts", "Gifts and hospitality"
    FAMILY = "family", "Family member or close association"
    OTHER = "other", "Other"


# The register is confirmed once a year: after this many days a member is due again.
CONFIRMATION_INTERVAL_DAYS = 365


class RegisteredInterest(models.Model):
    """One entry in a member's standing register of interests."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="registered_interests"
    )
    kind = models.CharField(max_length=20, choices=InterestKind.choices)
    description = models.CharField(max_length=500)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="The organisation or person the interest is in."
    )
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField(
        "to", null=True, blank=True, help_text="Leave empty while the interest continues."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated = models.DateTimeField(auto_now=True)

    history = TrackedHistory()

    panels = [
        FieldPanel("person"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta:
        ordering = ["person__family_name", "person__given_name", "kind", "start_date", "pk"]
        verbose_name = "registered interest"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="registered_interest_ends_after_it_starts",
                violation_error_message="An interest cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}: {self.description}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The interest cannot end before it starts."})

    def held_on(self, on: datetime.date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )


class InterestConfirmation(models.Model):
    """A member's yearly confirmation that their register of interests is complete."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="interest_confirmations"
    )
    confirmed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed = models.BooleanField(
        default=False, help_text="Whether the entries changed since the last confirmation."
    )

    history = TrackedHistory()

    class Meta:
        ordering = ["person", "-confirmed_at"]
        get_latest_by = "confirmed_at"

    def __str__(self):
        return f"{self.person}: register confirmed {self.confirmed_at:%Y-%m-%d}"
