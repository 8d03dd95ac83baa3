"""Bodies (the board and its groups) and the seats on them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.history import TrackedHistory
from membership import rules

from .people import Organisation, Sector


class BodyKind(models.TextChoices):
    BOARD = "board", "Board"
    EXECUTIVE = "executive", "Executive"
    IMPROVEMENT_BOARD = "improvement_board", "Improvement Board"
    SUBGROUP = "subgroup", "Subgroup"
    TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
    OTHER = "other", "Other"


class Body(index.Indexed, ClusterableModel):
    """A board, executive, subgroup or group that meets, with its seats and members."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, blank=True, help_text="Used in references.")
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=BodyKind.choices, default=BodyKind.SUBGROUP)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body this one reports to.",
    )
    purpose = models.TextField(blank=True, help_text="One or two sentences for the public.")
    terms_of_reference = RichTextField(blank=True)
    quorum_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members who must be present; blank for no rule."
    )
    quorum_sectors = ParentalManyToManyField(
        Sector,
        blank=True,
        related_name="+",
        help_text="Sectors that must be represented for the meeting to be quorate.",
    )
    meeting_frequency = models.CharField(max_length=100, blank=True, help_text="e.g. Monthly")
    active_from = models.DateField(default=timezone.localdate)
    active_until = models.DateField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory(m2m_fields=[quorum_sectors])

    search_fields = [
        index.SearchField("name"),
        index.SearchField("purpose"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="body_active_until_after_from",
                violation_error_message="A body cannot close before it opens.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("membership:body_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.parent_id and self.pk:
            ancestor_ids = rules.ancestor_ids(
                self.parent_id, dict(Body.objects.values_list("pk", "parent_id"))
            )
            if self.pk == self.parent_id or self.pk in ancestor_ids:
                raise ValidationError(
                    {"parent": "A body cannot report to itself or to one of its own subgroups."}
                )

    @property
    def reference_code(self) -> str:
        return (self.short_name or self.slug).upper()


class SeatType(models.TextChoices):
    STATUTORY_PARTNER = "statutory_partner", "Statutory partner"
    INDEPENDENT = "independent", "Independent"
    LAY = "lay", "Lay member"
    ADVISER = "adviser", "Adviser"
    PARTICIPANT_OBSERVER = "participant_observer", "Participant observer"
    CO_OPTED = "co_opted", "Co-opted"


class Seat(models.Model):
    """A standing place on a body for an agency ("Police — Director level"). Seats outlive the
    people who fill them, so a successor takes the same seat."""

    body = ParentalKey(Body, on_delete=models.CASCADE, related_name="seats")
    title = models.CharField(max_length=200)
    seat_type = models.CharField(
        max_length=30, choices=SeatType.choices, default=SeatType.STATUTORY_PARTNER
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    seniority_note = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("seat_type")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("seniority_note"), FieldPanel("active")]),
    ]

    class Meta:
        ordering = ["sort_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="seat_title_unique_per_body",
                violation_error_message="This body already has a seat with this title.",
            )
        ]

    def __str__(self):
        return f"{self.body}: {self.title}"
