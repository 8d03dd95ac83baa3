"""The budget block: the partnership's budget for the report's financial year, with each
agency's contribution and its share, as the business unit entered it in the admin."""

from __future__ import annotations

from wagtail import blocks

from cms import selectors
from cms.selectors import REPORT_BOARD
from governance.models.periods import financial_year

from .base import LiveBlock


class BudgetBlock(LiveBlock):
    """Each agency's contribution to the budget and its share of the total, for the
    financial year the report's period starts in (or the year chosen); "not recorded" when
    no budget was entered for it."""

    year = blocks.IntegerBlock(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="The year the financial year starts in. Blank: the report's year.",
    )

    class Meta:
        icon = "form"
        template = "blocks/budget.html"
        preview_value = {}
        description = "The budget and each agency's contribution for the financial year."
        default_title = "Budget and contributions by agency"

    def collect(self, value, report):
        year = value.get("year") or financial_year(report.period_start)
        scope = selectors.body_scope(REPORT_BOARD, report)
        data = selectors.budget_for_year(report.partnership_id, year)
        return {**data, "scope": scope.label if scope.ids else data["partnership"]}

    def is_empty(self, data):
        return not data.get("recorded")
