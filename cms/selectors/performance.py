"""Performance figures and audits for a report: a metric's latest figure and its series as
known on the as-of date, and an audit's findings with its recommendations. Public metrics
and audits only: a restricted one reads as missing.

The figures are kept as plain data (decimals as text, periods by kind and first day, RAG
states and directions by their codes) so that `cms.blocks` can rebuild the points the
governance charts draw from, on live and frozen data alike.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Prefetch

from core.dates import long_date
from governance.models import Audit, AuditFinding, AuditRecommendation, Metric
from governance.performance import selectors as governance

__all__ = ["audit_findings", "metric_figure", "metric_series", "public_audit", "public_metric"]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def public_metric(metric_id: int | None) -> Metric | None:
    """The metric if it exists and is not restricted. One query."""
    if metric_id is None:
        return None
    return Metric.objects.filter(pk=metric_id, is_restricted=False).first()


def public_audit(audit_id: int | None) -> Audit | None:
    """The audit if it exists and is not restricted, with its findings and recommendations
    (and their actions and owners). Three queries."""
    if audit_id is None:
        return None
    return (
        Audit.objects.filter(pk=audit_id, is_restricted=False)
        .select_related("body")
        .prefetch_related(
            Prefetch("findings", queryset=AuditFinding.objects.order_by("sort_order", "pk")),
            Prefetch(
                "recommendations",
                queryset=AuditRecommendation.objects.select_related(
                    "action_owner", "action__owner", "action__agenda_item__parent"
                ).order_by("sort_order", "pk"),
            ),
        )
        .first()
    )


def _metric(metric: Metric) -> dict:
    return {
        "name": metric.name,
        "slug": metric.slug,
        "unit": metric.unit,
        "polarity": metric.polarity,
        "period_kind": metric.period_kind,
        "target": _text(metric.target),
        "amber_within": _text(metric.amber_within),
    }


def metric_figure(metric_id: int | None, on: datetime.date) -> dict:
    """The metric's latest figure known on `on`: its period, value, target, RAG, direction of
    travel from the period before, and whether (and from what) it was revised. Three
    queries."""
    metric = public_metric(metric_id)
    if metric is None:
        return {"missing": True, "on": long_date(on)}
    reading = governance.metric_latest(metric, on)
    data = {"missing": False, "on": long_date(on), "metric": metric.name, "figure": None}
    if reading is None:
        return data
    data["figure"] = {
        "period": reading.period.label,
        "value": reading.display,
        "target": reading.target_display,
        "rag": reading.rag.label,
        "rag_colour": reading.rag.colour,
        "direction": reading.direction.description,
        "arrow": reading.direction.arrow,
        "revised": reading.revised,
        "original": metric.display(reading.original.value),
        "polarity": metric.get_polarity_display(),
        "comparators": [[name, shown] for name, shown in reading.point.comparators.items()],
    }
    return data


def metric_series(
    metric_id: int | None,
    start: datetime.date,
    end: datetime.date,
    on: datetime.date,
    *,
    comparators: bool = True,
) -> dict:
    """The metric's figures for the periods starting from `start` to `end`, each as known on
    `on`, with their comparators if wanted, RAG and direction of travel. Two queries."""
    metric = public_metric(metric_id)
    if metric is None:
        return {"missing": True, "on": long_date(on)}
    points = governance.metric_series(metric, start, end, on)
    return {
        "missing": False,
        "on": long_date(on),
        "metric": _metric(metric),
        "points": [
            {
                "kind": point.period.kind,
                "start": point.period.start.isoformat(),
                "value": str(point.value),
                "original": str(point.original.value),
                "england": _text(point.england) if comparators else None,
                "statistical_neighbours": (
                    _text(point.statistical_neighbours) if comparators else None
                ),
                "region": _text(point.region) if comparators else None,
                "rag": point.rag.state,
                "travel": point.direction.travel,
                "movement": point.direction.movement,
            }
            for point in points
        ],
    }


def audit_findings(audit_id: int | None, on: datetime.date) -> dict:
    """An audit conducted by `on`: its findings as percentages (with counts where given) and
    its recommendations, each with the owner and due date of the action it became (or was
    to become). A restricted action shows as the recommendation alone. Three queries."""
    audit = public_audit(audit_id)
    if audit is None or audit.conducted_on > on:
        return {"missing": True, "on": long_date(on)}
    recommendations = []
    for recommendation in audit.recommendations.all():
        action = recommendation.action
        if action is not None and action.restricted:
            action = None
        owner = action.owner if action else recommendation.action_owner
        due = action.due_date if action else recommendation.action_due
        recommendations.append(
            {
                "number": recommendation.number,
                "text": recommendation.text,
                "owner": str(owner) if owner else "",
                "due": long_date(due) if due else "",
                "reference": action.reference if action else "",
            }
        )
    return {
        "missing": False,
        "on": long_date(on),
        "audit": {
            "id": audit.pk,
            "topic": audit.topic,
            "body": audit.body.name,
            "conducted_on": audit.conducted_on.isoformat(),
            "conducted": f"{audit.conducted_on:%B %Y}",
            "sample_size": audit.sample_size,
            "summary": audit.summary,
        },
        "findings": [
            {
                "label": finding.label,
                "percentage": str(finding.percentage),
                "counts": finding.counts_display,
                "notes": finding.notes,
            }
            for finding in governance.audit_findings(audit)
        ],
        "recommendations": recommendations,
    }
