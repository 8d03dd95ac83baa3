"""The charts of metrics and audits, drawn with .svg: a metric's figure against its
comparators and target, the count of metrics at each RAG, and an audit's findings; each with
the table of the same figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from governance.models import Audit, Metric, MetricUnit, Rag

from .svg import Bar, Series, bar_chart, line_chart, num

if TYPE_CHECKING:
    from governance.performance.selectors import MetricPoint


COMPARATOR_SERIES = (
    ("england", "England", "England"),
    ("statistical_neighbours", "Statistical neighbours", "Stat. neighbours"),
    ("region", "Region", "Region"),
)
RAG_FILLS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "grey": "#b1b4b6"}


def metric_chart_series(
    metric: Metric, points: Sequence[MetricPoint], *, figure_label: str = "Local figure"
) -> list[Series]:
    """The figure, each comparator that has a value in the period shown, and the target."""
    series = [Series(figure_label, [p.value for p in points], "figure", figure_label.split()[0])]
    for attribute, name, short_name in COMPARATOR_SERIES:
        values = [getattr(p.figure, attribute) for p in points]
        if any(value is not None for value in values):
            series.append(Series(name, values, attribute, short_name))
    if metric.target is not None and points:
        series.append(Series("Target", [metric.target] * len(points), "target"))
    return series


def _describe(metric: Metric, points: Sequence[MetricPoint], series: list[Series]) -> str:
    first, last = points[0], points[-1]
    movement = (
        "rose" if last.value > first.value else "fell" if last.value < first.value else "stayed"
    )
    text = (
        f"{metric.name} by {metric.get_period_kind_display().lower()}, {first.period.label} "
        f"to {last.period.label}: the figure {movement} from {first.display} to "
        f"{last.display} ({metric.get_polarity_display().lower()})."
    )
    others = [line.name for line in series[1:] if line.style != "target"]
    if others:
        text += f" Compared with {' and '.join(others)}."
    if metric.target is not None:
        text += f" Target {metric.display(metric.target)}."
    return text + " The table that goes with the chart gives every figure."


def metric_chart(
    metric: Metric,
    points: Sequence[MetricPoint],
    *,
    chart_id: str | None = None,
    title: str | None = None,
    figure_label: str = "Local figure",
) -> SafeString:
    """A metric's series (from metric_series) as a line chart with its comparators and
    target; an empty string when there are no figures."""
    if not points:
        return mark_safe("")  # nosec B308 B703 - an empty string
    series = metric_chart_series(metric, points, figure_label=figure_label)
    return line_chart(
        chart_id=chart_id or f"chart-{metric.slug}",
        title=title or f"{metric.name}, {points[0].period.label} to {points[-1].period.label}",
        description=_describe(metric, points, series),
        x_labels=[p.period.short_label for p in points],
        series=series,
        format_value=_axis_format(metric),
    )


def _axis_format(metric: Metric) -> Callable:
    if metric.unit == MetricUnit.PERCENTAGE:
        return lambda value: f"{num(float(value))}%"
    return lambda value: f"{float(value):,.1f}".removesuffix(".0")


@dataclass(frozen=True)
class TableRow:
    """A period of a metric's table: its cells as displayed, and for a revised figure the
    original figure and the revisions (each with `reason`, `recorded_on`, `recorded_by`)."""

    cells: list[str]
    point: MetricPoint

    @property
    def revised(self) -> bool:
        return self.point.revised

    @property
    def original_display(self) -> str:
        return self.point.metric.display(self.point.original.value)


def metric_table(
    metric: Metric, points: Sequence[MetricPoint], *, figure_label: str = "Local figure"
) -> tuple[list[str], list[TableRow]]:
    """The chart's figures as a table: period, figure (marked "revised" when it was), each
    comparator shown on the chart, target, RAG and direction of travel."""
    comparators = [
        (attribute, name)
        for attribute, name, _short in COMPARATOR_SERIES
        if any(getattr(p.figure, attribute) is not None for p in points)
    ]
    header = ["Period", figure_label, *(name for _a, name in comparators)]
    if metric.target is not None:
        header.append("Target")
    header += ["RAG", "Direction of travel"]
    rows = []
    for point in points:
        figure = point.display + (" (revised)" if point.revised else "")
        cells = [point.period.label, figure]
        cells += [metric.display(getattr(point.figure, a)) or "–" for a, _name in comparators]
        if metric.target is not None:
            cells.append(metric.display(metric.target))
        cells += [point.rag.label, point.direction.description]
        rows.append(TableRow(cells=cells, point=point))
    return header, rows


def rag_counts_chart(
    counts: Sequence[tuple[Rag, int]], *, chart_id: str = "chart-rag-counts", title: str = ""
) -> SafeString:
    """Counts of metrics (or actions) by RAG as bars, each labelled with its words."""
    total = sum(count for _rag, count in counts)
    summary = ", ".join(f"{rag.label} {count}" for rag, count in counts)
    return bar_chart(
        chart_id=chart_id,
        title=title or "Latest figures by RAG rating",
        description=f"{total} rated figures: {summary}.",
        bars=[
            Bar(rag.label, count, str(count), RAG_FILLS.get(rag.colour, RAG_FILLS["grey"]))
            for rag, count in counts
        ],
    )


def audit_findings_chart(audit: Audit, findings, *, chart_id: str | None = None) -> SafeString:
    """An audit's findings as bars on a scale of 0 to 100%."""
    described = "; ".join(f"{f.label}: {f.percentage_display}" for f in findings)
    return bar_chart(
        chart_id=chart_id or f"chart-audit-{audit.pk}",
        title=f"{audit.topic}: findings of the audit of {audit.conducted_on:%B %Y}",
        description=f"Percentages of the {audit.sample_size} cases audited. {described}.",
        bars=[Bar(f.label, f.percentage, f.percentage_display) for f in findings],
        maximum=100,
    )
