"""Charts drawn as SVG on the server: no JavaScript, no libraries, the same markup in a web
page and in a WeasyPrint PDF.

Each chart is readable without colour: every line has its own dash pattern and marker shape,
is labelled where it ends, and is named in a legend drawn as text. The SVG has role="img"
with a <title> and <desc> (aria-labelledby points at both), and every chart has a table of
the same figures beside it (`table_rows`; `metric_table` in .charts) for those who prefer
one.
Presentation attributes rather than CSS, so WeasyPrint draws exactly what a browser does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def num(number: float) -> str:
    """A coordinate or a figure on an axis: one decimal place, none when it is whole."""
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
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5" {fill}/>'
    if shape == "square":
        return f'<rect x="{num(x - 4)}" y="{num(y - 4)}" width="8" height="8" {fill}/>'
    corners = {
        "triangle": ((0, -5.5), (5, 4), (-5, 4)),
        "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    }.get(shape)
    if corners:
        points = " ".join(f"{num(x + dx)},{num(y + dy)}" for dx, dy in corners)
        return f'<polygon points="{points}" {fill}/>'
    return ""


def _stroke(style: LineStyle) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return f'fill="none" stroke="{style.colour}" stroke-width="{num(style.width)}"{dash}'


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
        # No inline style (the CSP refuses it): the stylesheets' `svg.chart` rule lets the
        # viewBox scale the chart down to a narrow screen.
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="13" fill="{INK}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


@dataclass(frozen=True)
class _Plot:
    """Where a line chart's plot area sits, and how periods and values map onto it."""

    left: int
    right: int
    top: int
    width: int
    height: int
    count: int
    y_min: float
    y_max: float

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def x_at(self, index: int) -> float:
        if self.count == 1:
            return self.left + self.width / 2
        return self.left + index * self.width / (self.count - 1)

    def y_at(self, value) -> float:
        return self.bottom - (float(value) - self.y_min) / (self.y_max - self.y_min) * self.height


def _y_axis(plot: _Plot, ticks: list[float], format_value: Callable) -> list[str]:
    """Gridlines and the y-axis's ticks."""
    parts = ['<g class="axis y-axis">']
    for tick in ticks:
        y = plot.y_at(tick)
        parts.append(
            f'<line x1="{plot.left}" y1="{num(y)}" x2="{plot.left + plot.width}" y2="{num(y)}" '
            f'stroke="{RULE}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{plot.left - 8}" y="{num(y + 4)}" text-anchor="end">'
            f"{escape(format_value(tick))}</text>"
        )
    parts.append("</g>")
    return parts


def _x_axis(plot: _Plot, x_labels: Sequence[str]) -> list[str]:
    """The x-axis and as many period labels as fit."""
    count, bottom = plot.count, plot.bottom
    every = max(1, math.ceil(count / max(1, plot.width // 72)))
    parts = [
        '<g class="axis x-axis">',
        f'<line x1="{plot.left}" y1="{bottom}" x2="{plot.left + plot.width}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1"/>',
    ]
    for index, label in enumerate(x_labels):
        if index % every and index != count - 1:
            continue
        if index != count - 1 and count - 1 - index < every:
            continue  # leave room for the last label
        x = plot.x_at(index)
        parts.append(
            f'<line x1="{num(x)}" y1="{bottom}" x2="{num(x)}" y2="{bottom + 5}" stroke="{INK}"/>'
        )
        parts.append(
            f'<text x="{num(x)}" y="{bottom + 20}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</g>")
    return parts


def _line(plot: _Plot, line: Series) -> tuple[str, float | None]:
    """One series as a <g>: its path (a gap where a value is missing) and a marker at each
    value; and the height where it ends, for its label."""
    style = STYLES[line.style]
    commands, pen_down = [], False
    markers = []
    last = None
    for index, value in enumerate(line.values):
        if value is None:
            pen_down = False
            continue
        x, y = plot.x_at(index), plot.y_at(value)
        commands.append(f"{'L' if pen_down else 'M'}{num(x)} {num(y)}")
        pen_down = True
        markers.append(_marker(style.marker, x, y, style.colour))
        last = y
    if plot.count == 1 and commands:
        # A single period: a short level line so the path has a length.
        x, y = plot.x_at(0), last
        commands = [f"M{num(x - 12)} {num(y)}", f"L{num(x + 12)} {num(y)}"]
    group = (
        f'<g class="series" data-series="{escape(line.name)}">'
        f'<path d="{" ".join(commands)}" {_stroke(style)} stroke-linejoin="round"/>'
        + "".join(markers)
        + "</g>"
    )
    return group, last


def _end_labels(plot: _Plot, ends: list[tuple[Series, float]]) -> list[str]:
    """Each series' label where it ends, moved apart so none overlap."""
    placed = _spread([y for _line, y in ends], 16, plot.top + 6, plot.bottom)
    return [
        f'<text x="{plot.left + plot.width + 10}" y="{num(y + 4)}" '
        f'fill="{STYLES[line.style].colour}" font-weight="bold">{escape(line.label)}</text>'
        for (line, _y), y in zip(ends, placed, strict=True)
    ]


def _legend(plot: _Plot, series: Sequence[Series]) -> list[str]:
    """A sample of each line with its name, two to a row."""
    parts = ['<g class="legend">']
    for index, line in enumerate(series):
        style = STYLES[line.style]
        x = plot.left + (index % 2) * (plot.width + plot.right - 20) / 2
        y = plot.bottom + 44 + (index // 2) * 24
        # A <line>, not a <path>: each series has exactly one path, its own.
        parts.append(
            f'<line x1="{num(x)}" y1="{num(y - 4)}" x2="{num(x + 36)}" y2="{num(y - 4)}" '
            f"{_stroke(style)}/>"
        )
        parts.append(_marker(style.marker, x + 18, y - 4, style.colour))
        parts.append(f'<text x="{num(x + 44)}" y="{num(y)}">{escape(line.name)}</text>')
    parts.append("</g>")
    return parts


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    format_value: Callable[[Decimal | float], str] = num,
    width: int = 720,
) -> SafeString:
    """A line chart of series over the same periods: one <path> per series (a gap where a
    value is missing), a marker at each value, the series' label where it ends, y-axis ticks
    and gridlines, period labels on the x-axis, and a legend."""
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low >= 0 and low <= high / 2:
        low = 0.0
    ticks = nice_ticks(low, high)
    left, right, top = 72, 170, 16
    plot = _Plot(
        left=left,
        right=right,
        top=top,
        width=width - left - right,
        height=240,
        count=len(x_labels),
        y_min=ticks[0],
        y_max=ticks[-1],
    )
    height = plot.bottom + 44 + math.ceil(len(series) / 2) * 24
    parts = _open_svg(chart_id, title, description, width, height)
    parts += _y_axis(plot, ticks, format_value)
    parts += _x_axis(plot, x_labels)
    ends: list[tuple[Series, float]] = []
    for line in series:
        group, last = _line(plot, line)
        parts.append(group)
        if last is not None:
            ends.append((line, last))
    parts += _end_labels(plot, ends)
    parts += _legend(plot, series)
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
            f'<rect x="{left}" y="{y + 18}" width="{num(length)}" height="18" '
            f'fill="{escape(bar.colour)}" stroke="{INK}" stroke-width="1"/>'
            f'<text x="{num(left + length + 8)}" y="{y + 32}" font-weight="bold">'
            f"{escape(bar.display)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - all text escaped above


def table_rows(
    x_labels: Sequence[str],
    series: Sequence[Series],
    format_value: Callable[[Decimal | float], str] = num,
) -> tuple[list[str], list[list[str]]]:
    """The chart as a table: a header row (the period, then each series) and a row per
    period, "–" where a series has no value."""
    header = ["Period", *(line.name for line in series)]
    rows = [
        [label, *("–" if s.values[i] is None else format_value(s.values[i]) for s in series)]
        for i, label in enumerate(x_labels)
    ]
    return header, rows
