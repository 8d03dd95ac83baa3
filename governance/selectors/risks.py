from __future__ import annotations

import datetime

from django.db.models import F, Prefetch, QuerySet

from core.dates import today
from governance.models import (
    BODY_SCHEME_RELATED,
    Action,
    Challenge,
    Risk,
    RiskReview,
    RiskStatus,
    risk_appetite_for,
    scheme_of,
    trend_between,
)
from membership.access import AnyUser
from membership.models import Body, Partnership

from ._visibility import serving, visible_to


def _dated_reviews() -> Prefetch:
    return Prefetch(
        "reviews",
        queryset=RiskReview.objects.select_related("reviewed_by__person").order_by(
            "reviewed_on", "pk"
        ),
        to_attr="dated_reviews",
    )


def _annotate(risk: Risk) -> Risk:
    """Attach the appetite, whether the score is above it, each review's trend against the
    one before, and the risk's trend (its latest review against the one before)."""
    risk.appetite = risk_appetite_for(risk.body)
    risk.above_appetite = risk.score > risk.appetite
    previous = None
    for review in risk.dated_reviews:
        review.trend = trend_between(previous, review.score)
        previous = review.score
    reviews = risk.dated_reviews
    risk.trend = reviews[-1].trend if reviews else trend_between(None, risk.score)
    risk.last_reviewed_on = reviews[-1].reviewed_on if reviews else None
    risk.review_overdue = risk.status == RiskStatus.OPEN and risk.next_review_on < today()
    return risk


def _risks_visible(user: AnyUser) -> QuerySet[Risk]:
    return visible_to(
        Risk.objects.select_related("body__governance_settings", "owner").prefetch_related(
            _dated_reviews()
        ),
        user,
        item_field=None,
    )


def risk_list_visible(
    user: AnyUser,
    *,
    partnership: Partnership | None = None,
    body: Body | None = None,
    status: str = RiskStatus.OPEN,
) -> list[Risk]:
    """The risk register as this user may see it, highest score first, each with its trend
    and whether it is above its body's appetite."""
    risks = serving(_risks_visible(user), partnership)
    if body is not None:
        risks = risks.filter(body=body)
    if status:
        risks = risks.filter(status=status)
    risks = risks.alias(current_score=F("likelihood") * F("impact")).order_by(
        "-current_score", "body__sort_order", "sequence"
    )
    return [_annotate(risk) for risk in risks]


def risk_get_visible(
    user: AnyUser, key: str, *, on: datetime.date, partnership: Partnership | None = None
) -> Risk:
    """One risk with its reviews (and their trend) and its linked actions and challenges the
    user may see. Risk.DoesNotExist when the user may not see it."""
    risks = serving(_risks_visible(user), partnership).prefetch_related(
        Prefetch(
            "actions",
            queryset=visible_to(
                Action.objects.select_related("owner", *BODY_SCHEME_RELATED),
                user,
            ),
            to_attr="linked_actions",
        ),
        Prefetch(
            "challenges",
            queryset=visible_to(Challenge.objects.select_related("agency"), user),
            to_attr="linked_challenges",
        ),
    )
    risk = risks.get(pk=int(key)) if key.isdigit() else risks.get(reference=key.upper())
    scheme = scheme_of(partnership) if partnership is not None else None
    for action in risk.linked_actions:
        action.rag = action.rag_on(on, scheme)
    for challenge in risk.linked_challenges:
        challenge.response_overdue = challenge.response_overdue_on(on)
    return _annotate(risk)
