"""Multi-agency case-file audits: what was audited, across which agencies, the findings as
percentages, and the recommendations that become actions in the action log."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.history import TrackedHistory
from membership.models import Body, Organisation, Person


def format_percentage(value: Decimal | None) -> str:
    """25% · 46.5% — no trailing ".0"."""
    if value is None:
        return ""
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}%"


class Audit(ClusterableModel):
    """A multi-agency audit of a sample of cases: "an audit of 20 cases across six agencies"."""

    topic = models.CharField(max_length=200, help_text="e.g. Understanding of thresholds")
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="audits",
        help_text="The body that ran the audit and owns its recommendations.",
    )
    conducted_on = models.DateField("date")
    sample_size = models.PositiveIntegerField(help_text="The number of cases audited.")
    agencies = ParentalManyToManyField(
        Organisation, blank=True, related_name="audits", help_text="The agencies audited."
    )
    lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_led"
    )
    summary = models.TextField(blank=True)
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body and the business unit.",
    )

    history = TrackedHistory(m2m_fields=[agencies])

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldRowPanel([FieldPanel("body"), FieldPanel("lead")]),
                FieldRowPanel(
                    [
                        FieldPanel("conducted_on"),
                        FieldPanel("sample_size"),
                        FieldPanel("is_restricted"),
                    ]
                ),
                FieldPanel("agencies", widget=forms.CheckboxSelectMultiple),
                FieldPanel("summary"),
            ],
            heading="Audit",
        ),
        InlinePanel("findings", heading="Findings", label="Finding"),
        InlinePanel(
            "recommendations",
            heading="Recommendations",
            label="Recommendation",
            help_text="Give a recommendation an owner and a due date, and saving the audit "
            "logs it as an action of the audit's body. The action log keeps it from then on.",
        ),
    ]

    class Meta:
        ordering = ["-conducted_on", "topic"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sample_size__gte=1),
                name="audit_sample_at_least_one",
                violation_error_message="An audit looks at one case or more.",
            )
        ]

    def __str__(self):
        return f"{self.topic} ({self.conducted_on:%B %Y})" if self.conducted_on else self.topic

    def get_absolute_url(self):
        return reverse("performance:audit_detail", kwargs={"pk": self.pk})

    @property
    def restricted(self) -> bool:
        return self.is_restricted


class AuditFinding(Orderable):
    """One finding as a percentage of the cases, optionally with its counts ("5 of 20")."""

    audit = ParentalKey(Audit, on_delete=models.CASCADE, related_name="findings")
    label = models.CharField(max_length=300, help_text="e.g. Referrals considered inappropriate")
    percentage = models.DecimalField(max_digits=4, decimal_places=1)
    numerator = models.PositiveIntegerField(null=True, blank=True, help_text="e.g. 5 (of 20)")
    denominator = models.PositiveIntegerField(null=True, blank=True, help_text="e.g. 20")
    notes = models.TextField(blank=True, help_text="e.g. Highest in East Kent")

    history = TrackedHistory()

    panels = [
        FieldPanel("label"),
        FieldRowPanel(
            [FieldPanel("percentage"), FieldPanel("numerator"), FieldPanel("denominator")]
        ),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__gte=0) & Q(percentage__lte=100),
                name="audit_finding_percentage_0_to_100",
                violation_error_message="A percentage is from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator"), denominator__gte=1),
                name="audit_finding_counts_make_sense",
                violation_error_message="Give both counts, the first no larger than the second, "
                "or neither.",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.percentage_display}"

    def clean(self):
        super().clean()
        if self.percentage is not None and not 0 <= self.percentage <= 100:
            raise ValidationError({"percentage": "Give a percentage from 0 to 100."})
        counts = (self.numerator, self.denominator)
        if counts.count(None) == 1:
            missing = "denominator" if self.denominator is None else "numerator"
            raise ValidationError({missing: "Give both counts (5 of 20), or neither."})
        if self.denominator is None:
            return
        if self.denominator == 0:
            raise ValidationError({"denominator": "Give the number of cases, 1 or more."})
        if self.numerator > self.denominator:
            raise ValidationError(
                {"numerator": f"{self.numerator} is more than {self.denominator}: swap them?"}
            )
        if self.percentage is not None:
            exact = Decimal(self.numerator * 100) / Decimal(self.denominator)
            if abs(exact - self.percentage) > Decimal("0.5"):
                raise ValidationError(
                    {
                        "percentage": f"{self.numerator} of {self.denominator} is "
                        f"{format_percentage(exact.quantize(Decimal('0.1')))}, not "
                        f"{format_percentage(self.percentage)}: correct the percentage or "
                        "the counts."
                    }
                )

    @property
    def percentage_display(self) -> str:
        return format_percentage(self.percentage)

    @property
    def counts_display(self) -> str:
        if self.denominator is None:
            return ""
        return f"{self.numerator} of {self.denominator}"


class AuditRecommendation(Orderable):
    """A recommendation of an audit. With an owner and a due date it is logged as an action
    of the audit's body; the action log then keeps its progress and closes it."""

    audit = ParentalKey(Audit, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=10, help_text="e.g. 1")
    text = models.TextField("recommendation")
    action_owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="owner",
        help_text="Who will carry it out.",
    )
    action_due = models.DateField("due date", null=True, blank=True)
    action = models.OneToOneField(
        "governance.Action",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="audit_recommendation",
    )

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("text")]),
        FieldRowPanel([FieldPanel("action_owner"), FieldPanel("action_due")]),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return f"Recommendation {self.number}: {self.text[:80]}"

    def clean(self):
        super().clean()
        if (self.action_owner_id is None) != (self.action_due is None):
            missing = "action_due" if self.action_due is None else "action_owner"
            raise ValidationError(
                {
                    missing: "Give both an owner and a due date to log this as an action, or "
                    "neither for now."
                }
            )
