"""A partnership's budget for a financial year, and what each agency contributed to it: the
business unit enters them in the admin; a report's budget block reads them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from core.history import TrackedHistory
from membership.models import Organisation, Partnership


def year_label(year: int) -> str:
    """A financial year as people write it: "2024 to 2025"."""
    return f"{year} to {year + 1}"


class Budget(ClusterableModel):
    """The partnership's budget for one financial year (1 April to 31 March)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(
        "financial year",
        help_text="The year it starts in: 2024 for 1 April 2024 to 31 March 2025.",
    )
    total = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="The whole budget in pounds, contributions and any other income.",
    )
    notes = models.TextField(blank=True, help_text="Shown under the table in reports.")

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("partnership"), FieldPanel("year"), FieldPanel("total")]),
        FieldPanel("notes"),
        InlinePanel("contributions", heading="Contributions by agency", label="Contribution"),
    ]

    class Meta:
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="one_budget_per_partnership_year"
            )
        ]

    def __str__(self) -> str:
        return f"Budget {year_label(self.year)}"

    def clean(self):
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError(
                {"year": "Give the year the financial year starts in, e.g. 2024."}
            )
        if self.total is not None and self.total < 0:
            raise ValidationError({"total": "A budget cannot be less than nothing."})


class Contribution(models.Model):
    """One agency's contribution to a budget: money, and any contribution in kind."""

    budget = ParentalKey(Budget, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contributions", verbose_name="agency"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="In pounds.")
    in_kind = models.CharField(
        "in kind",
        max_length=300,
        blank=True,
        help_text="What the agency gives besides money, e.g. “Venue and minute-taking”.",
    )

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("amount")]),
        FieldPanel("in_kind"),
    ]

    class Meta:
        ordering = ["-amount", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "organisation"], name="one_contribution_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} to {self.budget}"

    def clean(self):
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "A contribution cannot be less than nothing."})
