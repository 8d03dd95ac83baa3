"""The budget block's reader: the partnership's budget for a financial year, each agency's
contribution and its share of the total. Two queries, however many agencies."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from governance.models import Budget, year_label
from membership.models import Partnership


def pounds(amount: Decimal) -> str:
    """£12,500 for whole pounds, £12,500.50 otherwise."""
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def share(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "not recorded"
    percent = (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent.normalize():f}%" if percent == percent.to_integral_value() else f"{percent}%"


def budget_for_year(partnership_id: int | None, year: int) -> dict:
    """The budget of the partnership (the default one outside a report) for the financial
    year starting in `year`; `recorded` is False when none was entered."""
    budgets = Budget.objects.filter(year=year).select_related("partnership")
    if partnership_id is None:
        budgets = budgets.filter(partnership__is_default=True)
    else:
        budgets = budgets.filter(partnership_id=partnership_id)
    budget = budgets.first()
    data = {"year": year_label(year), "recorded": budget is not None, "rows": []}
    if budget is None:
        name = (
            Partnership.objects.filter(pk=partnership_id).values_list("name", flat=True).first()
            if partnership_id
            else None
        )
        return {**data, "partnership": name or ""}
    contributions = budget.contributions.select_related("organisation").order_by(
        "-amount", "organisation__name"
    )
    contributed = Decimal(0)
    for contribution in contributions:
        contributed += contribution.amount
        data["rows"].append(
            {
                "agency": contribution.organisation.name,
                "amount": pounds(contribution.amount),
                "share": share(contribution.amount, budget.total),
                "in_kind": contribution.in_kind,
            }
        )
    other = budget.total - contributed
    return {
        **data,
        "partnership": budget.partnership.name,
        "total": pounds(budget.total),
        "contributed": pounds(contributed),
        "other": pounds(other) if other else "",
        "other_share": share(other, budget.total) if other else "",
        "notes": budget.notes,
    }
