from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from membership.models import Body, Person

from .base import Referenced


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


SCALE = [(n, str(n)) for n in range(1, 6)]


@dataclass(frozen=True)
class RiskRating:
    label: str
    colour: str


# Bands of the 5 × 5 matrix most boards' registers use.
RATING_BANDS = (
    (15, RiskRating("Very high", "red")),
    (10, RiskRating("High", "amber")),
    (5, RiskRating("Medium", "yellow")),
    (1, RiskRating("Low", "green")),
)


def rating_for(score: int) -> RiskRating:
    for floor, rating in RATING_BANDS:
        if score >= floor:
            return rating
    raise ValueError(f"A risk score runs from 1 to 25, not {score}.")


def _one_to_five(prefix: str, field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}),
        name=f"{prefix}_{field}_1_to_5",
        violation_error_message=f"The {field} is scored from 1 to 5.",
    )


# Registers are reviewed quarterly: a review, or the adding of a risk, sets the next review
# this far on unless the reviewer picks a date.
REVIEW_INTERVAL = datetime.timedelta(days=91)


class Risk(Referenced):
    """An entry in a body's risk register, scored likelihood × impact on 1–5 scales."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    controls = models.TextField(blank=True, help_text="What is in place, and what is planned.")
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risks_owned")
    # Set when the risk is added; after that only a dated review (risk_review) moves them.
    likelihood = models.PositiveSmallIntegerField(choices=SCALE)
    impact = models.PositiveSmallIntegerField(choices=SCALE)
    target_score = models.PositiveSmallIntegerField(
        help_text="The score the controls should bring it to (1 to 25)."
    )
    opened_on = models.DateField("added on")
    next_review_on = models.DateField(
        "next review",
        help_text="When the risk is next due for review. Each review sets it a quarter on "
        "unless the reviewer chooses another date.",
    )
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body and the business unit.",
    )
    actions = models.ManyToManyField(
        "governance.Action", blank=True, related_name="risks", help_text="Actions that treat it."
    )
    challenges = models.ManyToManyField(
        "governance.Challenge", blank=True, related_name="risks", help_text="Related challenges."
    )

    history = TrackedHistory(m2m_fields=["actions", "challenges"])

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("body"), FieldPanel("owner")]),
                FieldPanel("title"),
                FieldPanel("cause"),
                FieldPanel("consequence"),
                FieldPanel("controls"),
                FieldRowPanel(
                    [
                        FieldPanel("target_score"),
                        FieldPanel("opened_on"),
                        FieldPanel("next_review_on"),
                    ]
                ),
                FieldRowPanel([FieldPanel("status"), FieldPanel("is_restricted")]),
            ],
            heading="Risk",
            help_text="Likelihood and impact change only through a dated review.",
        ),
        MultiFieldPanel([FieldPanel("actions"), FieldPanel("challenges")], heading="Links"),
    ]

    class Meta:
        ordering = ["body", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                name="risk_number_unique_per_body",
                violation_error_message="This body already has a risk with this number.",
            ),
            _one_to_five("risk", "likelihood"),
            _one_to_five("risk", "impact"),
            models.CheckConstraint(
                condition=Q(target_score__gte=1) & Q(target_score__lte=25),
                name="risk_target_score_1_to_25",
                violation_error_message="The target score runs from 1 to 25.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("governance:risk_detail", kwargs={"key": self.reference or self.pk})

    @property
    def restricted(self) -> bool:
        return self.is_restricted

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> RiskRating:
        return rating_for(self.score)


class Trend(models.TextChoices):
    NEW = "new", "New"
    UP = "up", "Up"
    DOWN = "down", "Down"
    SAME = "same", "Same"


class RiskReview(models.Model):
    """A dated re-scoring of a risk. The first is its assessment when added; the scores in
    order make the trend."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    likelihood = models.PositiveSmallIntegerField(choices=SCALE)
    impact = models.PositiveSmallIntegerField(choices=SCALE)
    note = models.TextField(blank=True, help_text="What changed, and why the scores moved.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = TrackedHistory()

    class Meta:
        ordering = ["reviewed_on", "pk"]
        constraints = [
            _one_to_five("risk_review", "likelihood"),
            _one_to_five("risk_review", "impact"),
        ]

    def __str__(self):
        return f"Review of {self.risk.reference} on {self.reviewed_on}"

    def clean(self):
        super().clean()
        if self.risk_id and self.reviewed_on and self.reviewed_on < self.risk.opened_on:
            raise ValidationError(
                {"reviewed_on": "A review cannot come before the risk was added."}
            )

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> RiskRating:
        return rating_for(self.score)


def trend_between(previous: int | None, current: int) -> Trend:
    if previous is None:
        return Trend.NEW
    if current > previous:
        return Trend.UP
    if current < previous:
        return Trend.DOWN
    return Trend.SAME
