"""StreamField values for the demo's reports, as the report editor would save them: prose,
headings, the live blocks pointed at the demo's own plans, metrics and audits, and
placeholders for figures still to come."""

from __future__ import annotations

import datetime

from governance.models import Audit, ImprovementPlan, Metric


def heading(text: str, level: str = "h2"):
    return ("heading", {"text": text, "level": level})


def prose(*paragraphs: str):
    return ("prose", "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs))


def pending(kind: str, description: str):
    return ("pending_figure", {"kind": kind, "description": description})


def plan(title: str, show: str, heading: str = ""):
    plan = ImprovementPlan.objects.filter(title=title).first()
    return ("plan", {"plan": str(plan.pk) if plan else "", "show": show, "title": heading})


def _metric_id(slug: str) -> str:
    metric = Metric.objects.filter(slug=slug, is_restricted=False).first()
    return str(metric.pk) if metric else ""


def metric_chart(slug: str, start: datetime.date, end: datetime.date, title: str):
    return (
        "metric_chart",
        {
            "metric": _metric_id(slug),
            "start": start,
            "end": end,
            "comparators": True,
            "title": title,
        },
    )


def metric_figure(slug: str, title: str):
    return ("metric_figure", {"metric": _metric_id(slug), "title": title})


def audit_findings(topic: str, conducted_on: datetime.date, title: str):
    audit = Audit.objects.filter(
        topic=topic, conducted_on=conducted_on, is_restricted=False
    ).first()
    return (
        "audit_findings",
        {"audit": str(audit.pk) if audit else "", "recommendations": True, "title": title},
    )
