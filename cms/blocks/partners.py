"""The blocks about the partners: the budget each agency contributes to, and how each agency
takes part in the board's work (the engagement scorecard)."""

from __future__ import annotations

from wagtail import blocks

from cms import selectors
from cms.selectors import REPORT_BOARD
from governance.models.periods import financial_year

from .base import (
    LiveBlock,
    PeriodBlock,
    ScopedMixin,
    body_choice_block,
    subgroups_block,
)


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


class EngagementScorecardBlock(ScopedMixin, PeriodBlock):
    """How each agency took part over a period, on a body and (if chosen) the groups that
    report to it: meetings attended of those it was expected at, by a deputy, papers its
    members opened, actions done by their due date, challenges answered by theirs."""

    body = body_choice_block(every=False)
    include_subgroups = subgroups_block()

    class Meta:
        icon = "group"
        template = "blocks/engagement_scorecard.html"
        preview_value = {"body": REPORT_BOARD, "include_subgroups": True}
        description = "Each agency's attendance, papers read, actions and challenge responses."
        default_title = "Partner engagement by agency"

    def collect(self, value, report):
        return selectors.engagement_scorecard(self.scope(value, report), self.period(value, report))
