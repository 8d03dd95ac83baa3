"""Charts drawn as SVG on the server: no JavaScript, no libraries, the same markup in a web
page and in a WeasyPrint PDF.

Each chart is readable without colour: every line has its own dash pattern and marker shape,
is labelled where it ends, and is named in a legend drawn as text. The SVG has role="img"
with a <title> and <desc> (aria-labelledby points at both), and every chart has a table of
the same figures beside it (`table_rows`, `metric_table`) for those who prefer one.
Presentation attributes rather than CSS, so WeasyPrint draws exactly what a browser does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from governance.models import Audit, Metric, MetricUnit, Rag

if TYPE_CHECKING:
    from governance.performance.selectors import MetricPoint

FONT = "Arial, Helvetica, sans-serif"
INK = "#0b0c0c"
RULE = "#b1b4b6"
MUTED = "#505a5f"


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dash: str  # SVG stroke-dasharray; "" for a solid line
    width: float
    marker: str  # circle, square, triangle, diamond, or "" for none


# Colours all reach 3:1 against white (WCAG 1.4.11); dashes and markers tell the lines apart
# for anyone who cannot tell the colours apart.
STYLES = {
    "figure": LineStyle("#1d70b8", "", 3, "circle"),
    "england": LineStyle(MUTED, "10 6", 2, "square"),
    "statistical_neighbours": LineStyle("#4c2c92", "2 5", 2.5, "triangle"),
    "region": LineStyle("#00703c", "12 4 3 4", 2, "diamond"),
    "target": LineStyle(INK, "4 3", 1.5, ""),
}


@dataclass(frozen=True)
class Series:
    """One line: its name (legend and table), a short label for the end of the line, its
    values (None for a gap), and its style's key in STYLES."""

    name: str
    values: Sequence[Decimal | float | None]
    style: str = "figure"
    short_name: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


def _n(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at or below `low` to at or above `high`, about `count` steps."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    return [first + i * step for i in range(round((last - first) / step) + 1)]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    fill = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" {fill}/>'
    if shape == "square":
        return f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" {fill}/>'
    corners = {
        "triangle": ((0, -5.5), (5, 4), (-5, 4)),
        "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    }.get(shape)
    if corners:
        points = " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in corners)
        return f'<polygon points="{points}" {fill}/>'
    return ""


def _stroke(style: LineStyle) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return f'fill="none" stroke="{style.colour}" stroke-width="{_n(style.width)}"{dash}'


def _spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label positions apart so no two are closer than `gap`, staying within bounds."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    previous = low - gap
    for i in order:
        placed[i] = max(positions[i], previous + gap)
        previous = placed[i]
    overflow = previous - high
    if overflow > 0:
        for i in order:
            placed[i] -= overflow
    return placed


def _open_svg(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    ident = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="13" fill="{INK}" '
        'style="max-width: 100%; height: auto">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    format_value: Callable[[Decimal | float], str] = _n,
    width: int = 720,
) -> SafeString:
    """A line chart of series over the same periods: one <path> per series (a gap where a
    value is missing), a marker at each value, the series' label where it ends, y-axis ticks
    and gridlines, period labels on the x-axis, and a legend."""
    left, right, top = 72, 170, 16
    plot_width, plot_height = width - left - right, 240
    legend_rows = math.ceil(len(series) / 2)
    height = top + plot_height + 44 + legend_rows * 24
    bottom = top + plot_height
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low >= 0 and low <= high / 2:
        low = 0.0
    ticks = nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]
    count = len(x_labels)

    def x_at(index: int) -> float:
        return left + (plot_width / 2 if count == 1 else index * plot_width / (count - 1))

    def y_at(value) -> float:
        return bottom - (float(value) - y_min) / (y_max - y_min) * plot_height

    parts = _open_svg(chart_id, title, description, width, height)
    # Gridlines and the y-axis's ticks.
    parts.append('<g class="axis y-axis">')
    for tick in ticks:
        y = y_at(tick)
        parts.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{left + plot_width}" y2="{_n(y)}" '
            f'stroke="{RULE}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{_n(y + 4)}" text-anchor="end">'
            f"{escape(format_value(tick))}</text>"
        )
    parts.append("</g>")
    # The x-axis and as many period labels as fit.
    every = max(1, math.ceil(count / max(1, plot_width // 72)))
    parts.append('<g class="axis x-axis">')
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot_width}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for index, label in enumerate(x_labels):
        if index % every and index != count - 1:
            continue
        if index != count - 1 and count - 1 - index < every:
            continue  # leave room for the last label
        x = x_at(index)
        parts.append(
            f'<line x1="{_n(x)}" y1="{bottom}" x2="{_n(x)}" y2="{bottom + 5}" stroke="{INK}"/>'
        )
        parts.append(
            f'<text x="{_n(x)}" y="{bottom + 20}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</g>")
    # The lines, their markers and their labels.
    ends: list[tuple[Series, float]] = []
    for line in series:
        style = STYLES[line.style]
        commands, pen_down = [], False
        markers = []
        last = None
        for index, value in enumerate(line.values):
            if value is None:
                pen_down = False
                continue
            x, y = x_at(index), y_at(value)
            commands.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y)}")
            pen_down = True
            markers.append(_marker(style.marker, x, y, style.colour))
            last = y
        if count == 1 and commands:
            # A single period: a short level line so the path has a length.
            x, y = x_at(0), last
            commands = [f"M{_n(x - 12)} {_n(y)}", f"L{_n(x + 12)} {_n(y)}"]
        parts.append(
            f'<g class="series" data-series="{escape(line.name)}">'
            f'<path d="{" ".join(commands)}" {_stroke(style)} stroke-linejoin="round"/>'
            + "".join(markers)
            + "</g>"
        )
        if last is not None:
            ends.append((line, last))
    placed = _spread([y for _line, y in ends], 16, top + 6, bottom)
    for (line, _y), y in zip(ends, placed, strict=True):
        parts.append(
            f'<text x="{left + plot_width + 10}" y="{_n(y + 4)}" '
            f'fill="{STYLES[line.style].colour}" font-weight="bold">{escape(line.label)}</text>'
        )
    # The legend: a sample of each line with its name.
    parts.append('<g class="legend">')
    for index, line in enumerate(series):
        style = STYLES[line.style]
        x = left + (index % 2) * (plot_width + right - 20) / 2
        y = bottom + 44 + (index // 2) * 24
        # A <line>, not a <path>: each series has exactly one path, its own.
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 36)}" y2="{_n(y - 4)}" '
            f"{_stroke(style)}/>"
        )
        parts.append(_marker(style.marker, x + 18, y - 4, style.colour))
        parts.append(f'<text x="{_n(x + 44)}" y="{_n(y)}">{escape(line.name)}</text>')
    parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - all text escaped above


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | float
    display: str
    colour: str = STYLES["figure"].colour


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    maximum: float | None = None,
    width: int = 720,
) -> SafeString:
    """Horizontal bars, each with its label above it and its value written at its end, so
    the chart reads without colour; `maximum` fixes the scale (100 for percentages)."""
    left, right, row = 8, 80, 46
    height = 8 + row * len(bars)
    scale = maximum or max([float(bar.value) for bar in bars] + [1.0])
    span = width - left - right
    parts = _open_svg(chart_id, title, description, width, height)
    for index, bar in enumerate(bars):
        y = 8 + index * row
        length = max(0.0, float(bar.value) / scale * span)
        # On a fixed scale, a pale track shows how far the bar is from the whole.
        track = (
            f'<rect x="{left}" y="{y + 18}" width="{span}" height="18" fill="#f3f2f1"/>'
            if maximum
            else ""
        )
        parts.append(
            f'<g class="bar"><text x="{left}" y="{y + 12}">{escape(bar.label)}</text>{track}'
            f'<rect x="{left}" y="{y + 18}" width="{_n(length)}" height="18" '
            f'fill="{escape(bar.colour)}" stroke="{INK}" stroke-width="1"/>'
            f'<text x="{_n(left + length + 8)}" y="{y + 32}" font-weight="bold">'
            f"{escape(bar.display)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - all text escaped above


def table_rows(
    x_labels: Sequence[str],
    series: Sequence[Series],
    format_value: Callable[[Decimal | float], str] = _n,
) -> tuple[list[str], list[list[str]]]:
    """The chart as a table: a header row (the period, then each series) and a row per
    period, "–" where a series has no value."""
    header = ["Period", *(line.name for line in series)]
    rows = [
        [label, *("–" if s.values[i] is None else format_value(s.values[i]) for s in series)]
        for i, label in enumerate(x_labels)
    ]
    return header, rows


# Metrics and audits ----------------------------------------------------------------------

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
        return lambda value: f"{_n(float(value))}%"
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
