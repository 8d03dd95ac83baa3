"""The logs as they stood: public decisions, actions by RAG, challenges and outcomes,
risks and plans."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min, Prefetch, Q

from core.dates import long_date
from governance.models import (
    RAG_ORDER,
    Action,
    ActionUpdate,
    Challenge,
    ChallengeAssessment,
    ChallengeEscalation,
    ChallengeResponse,
    ChallengeStatus,
    Decision,
    DecisionStatus,
    ImprovementPlan,
    RagScheme,
    Risk,
    RiskReview,
    RiskStatus,
    Trend,
    at_risk_days_for,
    rag_state,
    rating_for,
    risk_appetite_for,
    scheme_of_partnership_id,
    trend_between,
    unrestricted_q,
)
from governance.models.challenges import Assessment
from governance.selectors import plan_get_month
from membership.models import default_partnership_id

from .context import BodyScope, Period


def decisions_public(scope: BodyScope, period: Period) -> dict:
    """The public decisions of the period, oldest first, with their references: what the
    public decisions register shows; and how many restricted ones were withheld. Two
    queries."""
    in_period = scope.applies(
        Decision.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
    )
    every_count = in_period.count()
    decisions = (
        in_period.filter(unrestricted_q())
        .select_related("body")
        .order_by("decided_on", "sequence", "pk")
    )
    rows = [
        {
            "reference": decision.reference,
            "date": long_date(decision.decided_on),
            "body": decision.body.name,
            # A joint committee's decision is one record with one reference, listed in each
            # partnership's report: marked with the partnerships it is shared with.
            "joint": scope.joint.get(decision.body_id, ""),
            "title": decision.title,
            "text": decision.text,
            "type": decision.get_decision_type_display(),
            "status": ""
            if decision.status == DecisionStatus.CURRENT
            else decision.get_status_display(),
            "url": decision.get_absolute_url(),
        }
        for decision in decisions
    ]
    return {
        "scope": scope.label,
        "period": period.label,
        "rows": rows,
        "count": len(rows),
        "withheld": every_count - len(rows),
    }


def report_scheme(partnership_id: int | None) -> RagScheme:
    """The RAG words a report speaks in: its partnership's, whichever bodies a block reads,
    so every report of one partnership has the same key (the default partnership's for a
    block previewed outside a report). One query."""
    return scheme_of_partnership_id(partnership_id or default_partnership_id())


def actions_progress(
    scope: BodyScope,
    period: Period,
    on: datetime.date,
    *,
    list_overdue: bool,
    scheme: RagScheme,
) -> dict:
    """The public actions that were live in the period (raised by its end, not closed before
    it began), counted by their RAG state at the end of the as-of day, read from each
    action's dated updates and its body's at-risk window, in the words of `scheme` (the
    report's partnership's); and how many restricted ones were withheld. Three queries."""
    live = scope.applies(
        Action.objects.filter(raised_on__lte=on).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
        )
    )
    every_count = live.count()
    actions = (
        live.filter(unrestricted_q())
        .select_related("organisation", "body__governance_settings")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.order_by("update_date", "pk"),
                to_attr="dated_updates",
            )
        )
        .order_by("due_date", "sequence")
    )
    counts: Counter[str] = Counter()
    overdue = []
    for action in actions:
        status, due_date = action.as_at(on)
        state = rag_state(status, due_date, on, at_risk_days_for(action.body))
        counts[state] += 1
        if state == RAG_ORDER[0]:
            overdue.append(
                {
                    "reference": action.reference,
                    "description": action.description,
                    "agency": action.organisation.name if action.organisation_id else "",
                    "due": long_date(due_date),
                    "days": (on - due_date).days,
                }
            )
    total = sum(counts.values())
    return {
        "scope": scope.label,
        "on": long_date(on),
        "counts": [
            {
                "label": rag.label,
                "colour": rag.colour,
                "state": rag.state,
                "count": counts[rag.state],
            }
            for rag in scheme.all_states()
        ],
        "total": total,
        "withheld": every_count - total,
        "overdue_count": len(overdue),
        "overdue": overdue if list_overdue else [],
    }


def _challenge_status_on(challenge: Challenge, on: datetime.date) -> str:
    """A challenge's status at the end of a day, replayed from its dated responses,
    assessments, escalations and closing, in the order the services move it."""
    status = (
        ChallengeStatus.OPEN
        if challenge.status == ChallengeStatus.OPEN
        else ChallengeStatus.AWAITING_RESPONSE
    )
    events = [(r.received_on, 0, ChallengeStatus.RESPONDED) for r in challenge.all_responses]
    events += [
        (a.assessed_on, 1, ChallengeStatus.AWAITING_RESPONSE)
        for a in challenge.all_assessments
        if a.assessment == Assessment.FURTHER_ASSURANCE
    ]
    events += [(e.escalated_on, 2, ChallengeStatus.ESCALATED) for e in challenge.all_escalations]
    if challenge.closed_on:
        events.append((challenge.closed_on, 3, ChallengeStatus.CLOSED))
    for day, _order, then in sorted(events, key=lambda event: event[:2]):
        if day > on:
            break
        status = then
    return status


def challenges_summary(scope: BodyScope, period: Period) -> dict:
    """The public challenges that were live in the period (raised by its end, not closed
    before it began): how many stood at each status at its end, how many had been escalated,
    and those closed within it with their outcome and impact; and how many restricted ones
    were withheld, counted so the public reader knows the figures leave them out. Five
    queries."""
    on = period.end
    live = scope.applies(
        Challenge.objects.filter(raised_on__lte=on).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
        )
    )
    every_count = live.count()
    challenges = (
        live.filter(unrestricted_q())
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=ChallengeResponse.objects.only("challenge_id", "received_on"),
                to_attr="all_responses",
            ),
            Prefetch(
                "assessments",
                queryset=ChallengeAssessment.objects.only(
                    "challenge_id", "assessed_on", "assessment"
                ),
                to_attr="all_assessments",
            ),
            Prefetch(
                "escalations",
                queryset=ChallengeEscalation.objects.only("challenge_id", "escalated_on"),
                to_attr="all_escalations",
            ),
        )
        .order_by("raised_on", "sequence")
    )
    counts: Counter[str] = Counter()
    escalated = 0
    closed = []
    for challenge in challenges:
        status = _challenge_status_on(challenge, on)
        counts[status] += 1
        if any(e.escalated_on <= on for e in challenge.all_escalations):
            escalated += 1
        if status == ChallengeStatus.CLOSED and challenge.closed_on in period:
            closed.append(
                {
                    "reference": challenge.reference,
                    "raised": long_date(challenge.raised_on),
                    "closed": long_date(challenge.closed_on),
                    "agency": challenge.agency.name,
                    "issue": challenge.issue,
                    "outcome": challenge.outcome,
                    "impact": challenge.impact,
                }
            )
    return {
        "scope": scope.label,
        "period": period.label,
        "counts": [
            {"label": label, "status": status, "count": counts[status]}
            for status, label in ChallengeStatus.choices
        ],
        "total": sum(counts.values()),
        "withheld": every_count - sum(counts.values()),
        "escalated": escalated,
        "closed": closed,
    }


def risks_summary(scope: BodyScope, on: datetime.date) -> dict:
    """The public risks on the register at the end of the day, highest score first: each
    scored by its latest review by then, with the trend against the review before, the
    target, and whether it was above its body's appetite; and how many restricted ones were
    withheld, read as their ids and statuses alone. Four queries."""
    opened = scope.applies(Risk.objects.filter(opened_on__lte=on))
    risks = (
        opened.filter(is_restricted=False)
        .select_related("body__governance_settings")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=RiskReview.objects.order_by("reviewed_on", "pk"),
                to_attr="dated_reviews",
            )
        )
        .order_by("sequence")
    )
    # The register keeps no closing date; its history does.
    closed_on = dict(
        scope.applies(Risk.history.filter(status=RiskStatus.CLOSED))
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )

    def closed_by_then(pk: int, status: str) -> bool:
        closed_at = closed_on.get(pk)
        return status == RiskStatus.CLOSED and (closed_at is None or closed_at.date() <= on)

    withheld = sum(
        1
        for pk, status in opened.filter(is_restricted=True).values_list("pk", "status")
        if not closed_by_then(pk, status)
    )
    rows = []
    for risk in risks:
        if closed_by_then(risk.pk, risk.status):
            continue
        reviews = [review for review in risk.dated_reviews if review.reviewed_on <= on]
        score = reviews[-1].score if reviews else risk.score
        previous = reviews[-2].score if len(reviews) > 1 else None
        trend = trend_between(previous, score) if reviews else Trend.NEW
        appetite = risk_appetite_for(risk.body)
        rating = rating_for(score)
        rows.append(
            {
                "reference": risk.reference,
                "title": risk.title,
                "body": risk.body.name,
                "score": score,
                "rating": rating.label,
                "colour": rating.colour,
                "trend": Trend(trend).label,
                "target": risk.target_score,
                "appetite": appetite,
                "above": score > appetite,
                "reviewed": long_date(reviews[-1].reviewed_on) if reviews else "",
            }
        )
    rows.sort(key=lambda row: -row["score"])
    return {
        "scope": scope.label,
        "on": long_date(on),
        "rows": rows,
        "total": len(rows),
        "withheld": withheld,
        "above_count": sum(1 for row in rows if row["above"]),
    }


def plan_progress(plan_id: int | None, on: datetime.date, *, scheme: RagScheme) -> dict:
    """A plan as it stood at the end of the day: its actions counted by RAG (in the words of
    `scheme`, the report's partnership's), those overdue, and its priorities and
    objectives. Four queries."""
    if plan_id is None or not ImprovementPlan.objects.filter(pk=plan_id).exists():
        return {"missing": True}
    month = plan_get_month(plan_id, month=on.replace(day=1), today=on, scheme=scheme)
    return {
        "missing": False,
        "plan": month.plan.title,
        "body": month.plan.body.name,
        "on": long_date(month.as_at),
        "total": month.total,
        "counts": [
            {"label": rag.label, "colour": rag.colour, "state": rag.state, "count": count}
            for rag, count in month.counts
        ],
        "overdue": [
            {"number": a.number, "description": a.description, "due": long_date(a.due_date)}
            for a in month.overdue
        ],
        "priorities": [
            {
                "number": priority.number,
                "title": priority.title,
                "objectives": [
                    {
                        "number": row.objective.number,
                        "title": row.objective.title,
                        "actions": len(row.actions),
                    }
                    for row in rows
                ],
            }
            for priority, rows in month.priorities
        ],
    }
