"""Saving a partnership's budget with its contributions: only the business unit running
the partnership may, and a budget that does not add up is refused whole."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.history import stamp
from governance.models import Budget
from membership.partnerships import manages


@transaction.atomic
def budget_save(*, actor, budget: Budget, reason: str = "") -> Budget:
    if budget.partnership_id and not manages(actor, budget.partnership):
        raise PermissionDenied("Only the business unit running the partnership keeps its budget.")
    budget.full_clean()
    contributions = list(budget.contributions.all())
    seen: set[int] = set()
    for contribution in contributions:
        contribution.full_clean(exclude=["budget"], validate_unique=False)
        if contribution.organisation_id in seen:
            raise ValidationError(
                f"{contribution.organisation} is listed twice: give each agency one line."
            )
        seen.add(contribution.organisation_id)
    contributed = sum(c.amount for c in contributions)
    if budget.total is not None and contributed > budget.total:
        raise ValidationError(
            {
                "total": f"The contributions add up to £{contributed:,.2f}, more than the "
                "total: raise the total or correct a contribution."
            }
        )
    stamp(budget, actor, reason)
    for contribution in contributions:
        stamp(contribution, actor, reason)
    budget.save()
    return budget
