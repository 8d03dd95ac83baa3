"""Performance figures: metrics a body watches and their values by period (see
governance.models.periods) with comparators; how a figure is rated is in .ratings.

A figure is never overwritten: revising one records a new value that supersedes the old, so
a report "as at" an earlier date shows what was known then, and pages can say "revised"
and show the original.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from core.dates import long_date
from core.history import TrackedHistory
from governance.models.periods import Period, PeriodKind, period_problem
from governance.models.schemes import Rag
from governance.performance.ratings import (
    MetricUnit,
    Polarity,
    format_figure,
    metric_rag,
    metric_rag_state,
)
from membership.models import Body, Organisation, Partnership

_FIGURE = {"max_digits": 12, "decimal_places": 2}


class Metric(ClusterableModel):
    """A performance indicator a body watches: what it counts, which way is better, its
    target and when a figure turns amber or red."""

    # Kept from the body it reports to (see save), so names can be unique per partnership.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="metrics", editable=False
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    description = models.TextField(
        blank=True, help_text="What the figure tells the public, in a sentence or two."
    )
    unit = models.CharField(max_length=20, choices=MetricUnit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    period_kind = models.CharField(
        "reported",
        max_length=10,
        choices=PeriodKind.choices,
        default=PeriodKind.MONTH,
        help_text="How often the figure is reported: its chart and latest figure use this period.",
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="metrics",
        verbose_name="owning agency",
        help_text="The agency that supplies the figure and answers for it.",
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="metrics",
        verbose_name="reports to",
        help_text="The body the figure is reported to. When restricted, only its members "
        "and the business unit see it.",
    )
    target = models.DecimalField(**_FIGURE, null=True, blank=True)
    amber_within = models.DecimalField(
        **_FIGURE,
        null=True,
        blank=True,
        help_text="How far on the wrong side of the target a figure is still amber, in the "
        "metric's unit; further is red. Blank: any miss is red.",
    )
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body it reports to and the business "
        "unit. Leave unticked for figures the public may see.",
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
                FieldPanel("description"),
                FieldRowPanel(
                    [FieldPanel("unit"), FieldPanel("polarity"), FieldPanel("period_kind")]
                ),
                FieldRowPanel([FieldPanel("owner"), FieldPanel("body")]),
                FieldRowPanel([FieldPanel("is_restricted"), FieldPanel("sort_order")]),
            ],
            heading="Metric",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("target"), FieldPanel("amber_within")])],
            heading="Target and RAG",
            help_text="Green on the target or better; amber within the band on the wrong side; "
            "red beyond it.",
        ),
        InlinePanel(
            "definitions",
            heading="Definitions",
            label="Definition",
            help_text="When the way the figure is counted changes, add a definition from the "
            "date it changed; earlier figures keep the earlier definition.",
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amber_within__isnull=True) | Q(amber_within__gte=0),
                name="metric_amber_within_not_negative",
                violation_error_message="The amber band is a distance from the target: give "
                "a number of 0 or more.",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="metric_target_not_negative",
                violation_error_message="A target cannot be negative.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="metric_name_unique_in_partnership",
                violation_error_message="This partnership already has a metric of this name.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "slug"],
                name="metric_slug_unique_in_partnership",
                violation_error_message="This partnership already has a metric at this address.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("performance:metric_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if self.body_id:
            self.partnership_id = self.body.partnership_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.body_id:
            self.partnership_id = self.body.partnership_id
            others = Metric.objects.filter(partnership_id=self.partnership_id).exclude(pk=self.pk)
            for field, label in (("name", "name"), ("slug", "address")):
                value = getattr(self, field)
                clash = others.filter(**{f"{field}__iexact": value}).first() if value else None
                if clash:
                    errors[field] = f"The metric {clash.name} already has this {label}."
        if (
            self.unit == MetricUnit.PERCENTAGE
            and self.target is not None
            and self.target > Decimal(100)
        ):
            errors["target"] = "A percentage target is at most 100."
        if self.amber_within is not None and self.target is None:
            errors["amber_within"] = "An amber band needs a target: give one, or clear the band."
        if errors:
            raise ValidationError(errors)

    @property
    def restricted(self) -> bool:
        return self.is_restricted

    def display(self, value: Decimal | None) -> str:
        return format_figure(value, self.unit)

    @property
    def rag_rule(self) -> str:
        """The rating rule in words: "Green at 30.0 or below, amber up to 32.0, red above"."""
        if self.target is None:
            return "No target: figures are not rated."
        higher = self.polarity == Polarity.HIGHER_IS_BETTER
        rule = f"Green at {self.display(self.target)} or {'above' if higher else 'below'}"
        if self.amber_within:
            edge = self.target - self.amber_within if higher else self.target + self.amber_within
            rule += f", amber {'down' if higher else 'up'} to {self.display(edge)}"
        return rule + f", red {'below' if higher else 'above'}."

    def rag_for(self, value: Decimal) -> Rag:
        return metric_rag(
            metric_rag_state(
                value, target=self.target, amber_within=self.amber_within, polarity=self.polarity
            )
        )


class MetricDefinition(models.Model):
    """How a metric is counted from a date: a definition can change (national guidance,
    a new recording system), and earlier figures keep the definition they were counted by."""

    metric = ParentalKey(Metric, on_delete=models.CASCADE, related_name="definitions")
    effective_from = models.DateField()
    text = models.TextField(
        "definition", help_text="What is counted, from which source, and what is left out."
    )

    history = TrackedHistory()

    panels = [FieldPanel("effective_from"), FieldPanel("text")]

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "effective_from"],
                name="metric_definition_unique_date",
                violation_error_message="This metric already has a definition from this date.",
            )
        ]

    def __str__(self):
        return f"{self.metric}: definition from {long_date(self.effective_from)}"


class MetricValue(models.Model):
    """A metric's figure for one period, with its comparators. Revising a figure records a
    new value that supersedes this one; this one is kept, no longer current."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values")
    period_kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(
        help_text="The first day of the period: 1 March 2012 for March 2012, 1 October 2011 "
        "for Q3 2011/12, 1 April 2011 for 2011/12."
    )
    value = models.DecimalField(**_FIGURE)
    england = models.DecimalField(**_FIGURE, null=True, blank=True)
    statistical_neighbours = models.DecimalField(
        **_FIGURE,
        null=True,
        blank=True,
        help_text="The average of the statistical neighbours.",
    )
    region = models.DecimalField(**_FIGURE, null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="e.g. Provisional")
    recorded_on = models.DateField(
        default=timezone.localdate,
        help_text="The day the figure was reported. Reports as at an earlier day show the "
        "figure known then.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    reason = models.CharField("reason for the revision", max_length=500, blank=True, editable=False)
    is_current = models.BooleanField(default=True, editable=False)

    history = TrackedHistory()

    panels = [
        FieldPanel("metric"),
        FieldRowPanel([FieldPanel("period_kind"), FieldPanel("period_start")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("recorded_on")]),
        FieldRowPanel(
            [FieldPanel("england"), FieldPanel("statistical_neighbours"), FieldPanel("region")],
            heading="Comparators",
        ),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["metric", "period_kind", "period_start", "recorded_on", "pk"]
        verbose_name = "figure"
        indexes = [models.Index(fields=["metric", "period_kind", "period_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period_kind", "period_start"],
                condition=Q(is_current=True),
                name="metric_value_one_current_per_period",
                violation_error_message="This metric already has a figure for this period: "
                "revise that figure instead.",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(reason=""),
                name="metric_value_revision_has_reason",
                violation_error_message="A revised figure needs the reason for the revision.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0)
                & (Q(england__isnull=True) | Q(england__gte=0))
                & (Q(statistical_neighbours__isnull=True) | Q(statistical_neighbours__gte=0))
                & (Q(region__isnull=True) | Q(region__gte=0)),
                name="metric_value_not_negative",
                violation_error_message="Figures and comparators cannot be negative.",
            ),
        ]

    def __str__(self):
        name = self.metric.name if self.metric_id else "Figure"
        if self.period_kind and self.period_start:
            return f"{name}, {self.period.label}"
        return name

    def clean(self):
        super().clean()
        errors = {}
        if self.period_kind and self.period_start:
            problem = period_problem(self.period_kind, self.period_start)
            if problem:
                errors["period_start"] = problem
        if self.metric_id:
            unit = self.metric.unit
            for field in ("value", "england", "statistical_neighbours", "region"):
                figure = getattr(self, field)
                if figure is None:
                    continue
                if figure < 0:
                    errors[field] = f"{figure} is negative: figures and comparators are 0 or more."
                elif unit == MetricUnit.PERCENTAGE and figure > 100:
                    errors[field] = f"{figure} is over 100: give a percentage from 0 to 100."
                elif field == "value" and unit == MetricUnit.COUNT and figure % 1:
                    errors[field] = f"{self.metric} is counted in whole numbers: give one."
        if errors:
            raise ValidationError(errors)

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start)

    @property
    def display(self) -> str:
        return self.metric.display(self.value)
