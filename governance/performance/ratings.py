"""How a figure is shown and rated: its unit, which way is better, its RAG against the
target and its direction of travel against the period before."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from governance.models.schemes import Rag


class MetricUnit(models.TextChoices):
    COUNT = "count", "Number"
    PERCENTAGE = "percentage", "Percentage"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class MetricRag(models.TextChoices):
    """A figure against its target. The words say it all; the colour only helps."""

    GREEN = "green", "Green: on target"
    AMBER = "amber", "Amber: near target"
    RED = "red", "Red: off target"
    NOT_RATED = "not_rated", "Not rated: no target"


METRIC_RAG_COLOURS = {
    MetricRag.GREEN: "green",
    MetricRag.AMBER: "amber",
    MetricRag.RED: "red",
    MetricRag.NOT_RATED: "grey",
}
# Worst first, as counts are listed.
METRIC_RAG_ORDER = (MetricRag.RED, MetricRag.AMBER, MetricRag.GREEN, MetricRag.NOT_RATED)


def metric_rag_state(
    value: Decimal,
    *,
    target: Decimal | None,
    amber_within: Decimal | None,
    polarity: str,
) -> str:
    """Green on the target or on its good side; amber when on the wrong side by no more than
    `amber_within`; red beyond that (or on any miss when there is no amber band); not rated
    without a target."""
    if target is None:
        return MetricRag.NOT_RATED
    shortfall = target - value if polarity == Polarity.HIGHER_IS_BETTER else value - target
    if shortfall <= 0:
        return MetricRag.GREEN
    if amber_within is not None and shortfall <= amber_within:
        return MetricRag.AMBER
    return MetricRag.RED


def metric_rag(state: str) -> Rag:
    return Rag(state=state, label=MetricRag(state).label, colour=METRIC_RAG_COLOURS[state])


class Travel(models.TextChoices):
    """Direction of travel against the period before, in the metric's own terms."""

    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"
    NOT_KNOWN = "not_known", "Not known"


@dataclass(frozen=True)
class Direction:
    """Which way a figure moved (`movement`: up, down, same or "" when not known) and what
    that means for the metric (`travel`)."""

    travel: str
    movement: str

    ARROWS = {"up": "↑", "down": "↓", "same": "→", "": ""}

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return Travel(self.travel).label

    @property
    def arrow(self) -> str:
        return self.ARROWS[self.movement]

    @property
    def description(self) -> str:
        """For pages and alt text: "Improving (down)", "No change", "Not known"."""
        if self.movement in ("up", "down"):
            return f"{self.label} ({self.movement})"
        return self.label


def direction_of_travel(current: Decimal, previous: Decimal | None, *, polarity: str) -> Direction:
    if previous is None:
        return Direction(Travel.NOT_KNOWN, "")
    if current == previous:
        return Direction(Travel.NO_CHANGE, "same")
    movement = "up" if current > previous else "down"
    better = (movement == "up") == (polarity == Polarity.HIGHER_IS_BETTER)
    return Direction(Travel.IMPROVING if better else Travel.WORSENING, movement)


def format_figure(value: Decimal | None, unit: str) -> str:
    """1,024 · 46.0% · 31.2 — blank for no figure."""
    if value is None:
        return ""
    if unit == MetricUnit.COUNT:
        return f"{value:,.0f}"
    if unit == MetricUnit.PERCENTAGE:
        return f"{value:,.1f}%"
    return f"{value:,.1f}"
