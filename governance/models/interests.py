from __future__ import annotations

from django.conf import settings
from django.db import models

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
