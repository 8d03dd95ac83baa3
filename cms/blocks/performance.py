"""The live blocks of performance: a metric's figure, a metric's chart, and an audit's
findings with what became of its recommendations, read as of the report's date. A frozen
metric is drawn again from its data alone (see `present`), never stored as a drawing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from wagtail import blocks

from cms import selectors
from governance.models import (
    Audit,
    AuditFinding,
    Direction,
    Metric,
    MetricValue,
    Period,
    metric_rag,
)
from governance.performance import charts
from governance.performance.selectors import MetricPoint

from .base import (
    LiveBlock,
    PeriodBlock,
    RecordChoiceBlock,
    audit_choices,
    field_error,
    metric_choices,
)


def _first(choices) -> str:
    first = choices()[:1]
    return first[0][0] if first else ""


def _refuse_restricted(cleaned, name: str, public) -> None:
    """A restricted metric or audit never reaches a report: the choices leave them out, and
    one restricted since the form was drawn is refused here."""
    if public(selectors.as_int(cleaned.get(name))) is None:
        raise field_error(
            name, "Choose a public one: this is restricted, or no longer in the records."
        )


def _unique(chart_id: str, block_id: str) -> str:
    """A chart's element id, with its block's when known: two blocks may chart the same
    figures, and ids (which its caption and table point to) must differ in one page."""
    return f"{chart_id}-{block_id[:8]}" if block_id else chart_id


def _metric_of(data: dict) -> Metric:
    """The metric as frozen, unsaved: enough for governance.performance.charts to draw it."""
    metric = data["metric"]
    return Metric(
        name=metric["name"],
        slug=metric["slug"],
        unit=metric["unit"],
        polarity=metric["polarity"],
        period_kind=metric["period_kind"],
        target=_decimal(metric["target"]),
        amber_within=_decimal(metric["amber_within"]),
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _points(metric: Metric, rows: list[dict]) -> list[MetricPoint]:
    """The series as governance's MetricPoints, rebuilt from the plain data without a
    query: the figure, the original when it was revised, its RAG and direction."""
    points = []
    for row in rows:
        period = Period(row["kind"], datetime.date.fromisoformat(row["start"]))

        def figure(value: str, row=row, period=period) -> MetricValue:
            return MetricValue(
                metric=metric,
                period_kind=period.kind,
                period_start=period.start,
                value=Decimal(value),
                england=_decimal(row.get("england")),
                statistical_neighbours=_decimal(row.get("statistical_neighbours")),
                region=_decimal(row.get("region")),
            )

        current = figure(row["value"])
        history = (
            (current,) if row["original"] == row["value"] else (figure(row["original"]), current)
        )
        points.append(
            MetricPoint(
                metric=metric,
                period=period,
                figure=current,
                history=history,
                rag=metric_rag(row["rag"]),
                direction=Direction(row["travel"], row["movement"]),
            )
        )
    return points


class MetricFigureBlock(LiveBlock):
    """A metric's latest figure on the as-of date, with its target, RAG rating and direction
    of travel from the period before; marked "revised" (with the original) when it was."""

    metric = RecordChoiceBlock(choices=metric_choices)

    class Meta:
        icon = "pick"
        template = "blocks/metric_figure.html"
        preview_value = staticmethod(lambda: {"metric": _first(metric_choices)})
        description = "A performance figure on the as-of date, with target, RAG and trend."

    def default_title(self, value):
        return "Latest figure"

    def clean(self, value):
        cleaned = super().clean(value)
        _refuse_restricted(cleaned, "metric", selectors.public_metric)
        return cleaned

    def collect(self, value, report):
        return selectors.metric_figure(selectors.as_int(value.get("metric")), report.as_of)


class MetricChartBlock(PeriodBlock):
    """A metric's figures between two dates as known on the as-of date, drawn as a line
    chart with its target and (if wanted) England, statistical neighbours and region, with
    the same figures as a table for those who prefer one."""

    metric = RecordChoiceBlock(choices=metric_choices)
    comparators = blocks.BooleanBlock(
        required=False, default=True, label="With England, neighbours and region"
    )

    class Meta:
        icon = "view"
        template = "blocks/metric_chart.html"
        preview_value = staticmethod(
            lambda: {"metric": _first(metric_choices), "comparators": True}
        )
        description = "A performance figure over time, as a chart and a table."

    def default_title(self, value):
        return "Performance over time"

    def clean(self, value):
        cleaned = super().clean(value)
        _refuse_restricted(cleaned, "metric", selectors.public_metric)
        return cleaned

    def collect(self, value, report):
        period = self.period(value, report)
        return selectors.metric_series(
            selectors.as_int(value.get("metric")),
            period.start,
            period.end,
            report.as_of,
            comparators=bool(value.get("comparators")),
        )

    def present(self, data, *, block_id=""):
        if data.get("missing") or not data.get("points"):
            return data
        metric = _metric_of(data)
        points = _points(metric, data["points"])
        chart_id = _unique(
            f"chart-{metric.slug}-{points[0].period.start:%Y%m}-{points[-1].period.start:%Y%m}",
            block_id,
        )
        header, rows = charts.metric_table(metric, points)
        return {
            **data,
            "name": metric.name,
            "span": f"{points[0].period.label} to {points[-1].period.label}",
            "svg": charts.metric_chart(metric, points, chart_id=chart_id),
            "chart_id": chart_id,
            "header": header,
            "rows": rows,
        }


class AuditFindingsBlock(LiveBlock):
    """An audit's findings as percentages, drawn as bars on a scale to 100% and listed with
    their counts, and the recommendations with the owners and due dates of their actions."""

    audit = RecordChoiceBlock(choices=audit_choices)
    recommendations = blocks.BooleanBlock(
        required=False, default=True, label="With the recommendations and actions"
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/audit_findings.html"
        preview_value = staticmethod(
            lambda: {"audit": _first(audit_choices), "recommendations": True}
        )
        description = "A multi-agency audit's findings and recommendations."
        default_title = "Audit findings"

    def clean(self, value):
        cleaned = super().clean(value)
        _refuse_restricted(cleaned, "audit", selectors.public_audit)
        return cleaned

    def collect(self, value, report):
        data = selectors.audit_findings(selectors.as_int(value.get("audit")), report.as_of)
        if not value.get("recommendations"):
            data["recommendations"] = []
        return data

    def present(self, data, *, block_id=""):
        if data.get("missing"):
            return data
        frozen = data["audit"]
        audit = Audit(
            pk=frozen["id"],
            topic=frozen["topic"],
            conducted_on=datetime.date.fromisoformat(frozen["conducted_on"]),
            sample_size=frozen["sample_size"],
        )
        findings = [
            AuditFinding(label=row["label"], percentage=Decimal(row["percentage"]))
            for row in data["findings"]
        ]
        chart_id = _unique(f"chart-audit-{audit.pk}", block_id)
        return {
            **data,
            "findings": [
                {**row, "display": finding.percentage_display}
                for row, finding in zip(data["findings"], findings, strict=True)
            ],
            "chart_id": chart_id,
            "svg": (
                charts.audit_findings_chart(audit, findings, chart_id=chart_id) if findings else ""
            ),
        }
