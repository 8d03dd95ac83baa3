"""Reads of performance figures, for pages and report blocks.

Figures are read "as of" a day: each period shows the newest figure recorded on or before
it, so a revision recorded later does not change what a report as at that day showed.
Every read takes a fixed number of queries whatever the number of figures.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Max, Q, QuerySet

from core.dates import today
from governance.models import (
    METRIC_RAG_ORDER,
    Direction,
    Metric,
    MetricValue,
    Period,
    Rag,
    direction_of_travel,
    metric_rag,
    period_shift,
)
from membership.access import AnyUser, body_ids_with_restricted_access
from membership.models import Body, Partnership


def visible_to(queryset: QuerySet, user: AnyUser) -> QuerySet:
    """Unrestricted rows, and the restricted rows of bodies whose restricted material the
    user sees (its current members and the business unit)."""
    allowed = body_ids_with_restricted_access(user)
    return queryset.filter(Q(is_restricted=False) | Q(body_id__in=allowed))


def metric_queryset_visible(user: AnyUser) -> QuerySet[Metric]:
    """The metrics the user may see, with their body and owning agency, unordered."""
    return visible_to(Metric.objects.select_related("body", "owner"), user)


def metric_list_visible(
    user: AnyUser, *, partnership: Partnership | None = None, body: Body | None = None
) -> list[Metric]:
    """The metrics the user may see, of the partnership when one is named, in their order,
    with their body and owning agency."""
    metrics = metric_queryset_visible(user)
    if partnership is not None:
        metrics = metrics.filter(partnership=partnership)
    if body is not None:
        metrics = metrics.filter(body=body)
    return list(metrics.order_by("sort_order", "name"))


def metric_get_visible(
    user: AnyUser, slug: str, *, partnership: Partnership | None = None
) -> Metric:
    """One metric with its definitions, by its address in its partnership (the default
    partnership's when none is named); Metric.DoesNotExist when the user may not see it."""
    metrics = metric_queryset_visible(user).prefetch_related("definitions")
    if partnership is None:
        return metrics.get(slug=slug, partnership__is_default=True)
    return metrics.get(slug=slug, partnership=partnership)


@dataclass(frozen=True)
class MetricPoint:
    """A metric's figure for one period as known on a day: `figure` is the row then current,
    `history` every row recorded for the period by then, oldest (the original) first."""

    metric: Metric
    period: Period
    figure: MetricValue
    history: tuple[MetricValue, ...]
    rag: Rag
    direction: Direction

    @property
    def value(self) -> Decimal:
        return self.figure.value

    @property
    def display(self) -> str:
        return self.metric.display(self.figure.value)

    @property
    def original(self) -> MetricValue:
        return self.history[0]

    @property
    def revised(self) -> bool:
        """Whether the figure differs from the one first reported for the period (a change
        of comparators or note alone is not a revision of the figure)."""
        return any(row.value != self.history[0].value for row in self.history[1:])

    @property
    def revisions(self) -> list[MetricValue]:
        """The rows after the original, each with its `reason`, `recorded_on` and
        `recorded_by`."""
        return list(self.history[1:])

    @property
    def england(self) -> Decimal | None:
        return self.figure.england

    @property
    def statistical_neighbours(self) -> Decimal | None:
        return self.figure.statistical_neighbours

    @property
    def region(self) -> Decimal | None:
        return self.figure.region

    @property
    def england_display(self) -> str:
        return self.metric.display(self.figure.england)

    @property
    def statistical_neighbours_display(self) -> str:
        return self.metric.display(self.figure.statistical_neighbours)

    @property
    def region_display(self) -> str:
        return self.metric.display(self.figure.region)

    @property
    def comparators(self) -> dict[str, str]:
        """The comparators given, as displayed: {"England": "37.8", …}."""
        shown = {
            "England": self.figure.england,
            "Statistical neighbours": self.figure.statistical_neighbours,
            "Region": self.figure.region,
        }
        return {name: self.metric.display(v) for name, v in shown.items() if v is not None}


@dataclass(frozen=True)
class MetricReading:
    """A metric's latest figure on a day, for a report block or the performance page: the
    figure, its target and RAG, the direction of travel from the period before, and whether
    it was revised. None of it costs a query."""

    metric: Metric
    as_of: datetime.date
    point: MetricPoint
    previous: MetricPoint | None

    @property
    def period(self) -> Period:
        return self.point.period

    @property
    def value(self) -> Decimal:
        return self.point.value

    @property
    def display(self) -> str:
        return self.point.display

    @property
    def target(self) -> Decimal | None:
        return self.metric.target

    @property
    def target_display(self) -> str:
        return self.metric.display(self.metric.target)

    @property
    def rag(self) -> Rag:
        return self.point.rag

    @property
    def direction(self) -> Direction:
        return self.point.direction

    @property
    def revised(self) -> bool:
        return self.point.revised

    @property
    def original(self) -> MetricValue:
        return self.point.original


def _values(metric_ids, as_of: datetime.date, extra: Q | None = None) -> QuerySet[MetricValue]:
    values = MetricValue.objects.filter(metric_id__in=metric_ids, recorded_on__lte=as_of)
    if extra is not None:
        values = values.filter(extra)
    return values.select_related("recorded_by__person").order_by(
        "period_start", "recorded_on", "pk"
    )


def _by_period(metric: Metric, rows) -> dict[Period, list[MetricValue]]:
    """Each period's rows as known, oldest first (the order they were recorded in)."""
    periods: dict[Period, list[MetricValue]] = defaultdict(list)
    for row in rows:
        row.metric = metric  # the rows' own metric, without a query each
        periods[row.period].append(row)
    return periods


def _point(metric: Metric, period: Period, periods: dict) -> MetricPoint:
    rows = periods[period]
    figure = rows[-1]
    before = periods.get(period.previous)
    return MetricPoint(
        metric=metric,
        period=period,
        figure=figure,
        history=tuple(rows),
        rag=metric.rag_for(figure.value),
        direction=direction_of_travel(
            figure.value, before[-1].value if before else None, polarity=metric.polarity
        ),
    )


def metric_series(
    metric: Metric,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    as_of: datetime.date | None = None,
    *,
    period_kind: str | None = None,
) -> list[MetricPoint]:
    """The metric's figures for the periods starting from `start` to `end` (both optional,
    inclusive), oldest first, each as known on `as_of` (today by default): a figure recorded
    or revised after that day does not show. Periods of the metric's reporting kind unless
    another is asked for. One query."""
    as_of = as_of or today()
    kind = period_kind or metric.period_kind
    condition = Q(period_kind=kind)
    if start is not None:
        # One period earlier too, for the first point's direction of travel.
        condition &= Q(period_start__gte=period_shift(kind, start, -1))
    if end is not None:
        condition &= Q(period_start__lte=end)
    periods = _by_period(metric, _values([metric.pk], as_of, condition))
    return [
        _point(metric, period, periods)
        for period in sorted(periods)
        if start is None or period.start >= start
    ]


def _reading(metric: Metric, periods: dict, as_of: datetime.date) -> MetricReading | None:
    if not periods:
        return None
    latest = max(periods)
    point = _point(metric, latest, periods)
    previous = _point(metric, latest.previous, periods) if latest.previous in periods else None
    return MetricReading(metric=metric, as_of=as_of, point=point, previous=previous)


def metric_latest(metric: Metric, as_of: datetime.date | None = None) -> MetricReading | None:
    """The metric's latest figure known on `as_of` (today by default), with the period
    before it; None when no figure was known then. Two queries."""
    return metric_latest_many([metric], as_of)[0][1]


def metric_latest_many(
    metrics: list[Metric], as_of: datetime.date | None = None
) -> list[tuple[Metric, MetricReading | None]]:
    """metric_latest for each metric, in two queries however many there are."""
    as_of = as_of or today()
    if not metrics:
        return []
    known = MetricValue.objects.filter(
        metric__in=metrics, recorded_on__lte=as_of, period_kind=F("metric__period_kind")
    )
    latest = dict(
        known.values("metric_id")
        .annotate(latest=Max("period_start"))
        .values_list("metric_id", "latest")
    )
    wanted = Q(pk__in=[])
    by_id = {metric.pk: metric for metric in metrics}
    for metric_id, start in latest.items():
        kind = by_id[metric_id].period_kind
        wanted |= Q(
            metric_id=metric_id,
            period_kind=kind,
            period_start__in=[start, period_shift(kind, start, -1)],
        )
    rows: dict[int, list[MetricValue]] = defaultdict(list)
    if latest:
        for row in _values(list(latest), as_of, wanted):
            rows[row.metric_id].append(row)
    return [
        (metric, _reading(metric, _by_period(metric, rows.get(metric.pk, [])), as_of))
        for metric in metrics
    ]


def metric_rag_counts(readings) -> list[tuple[Rag, int]]:
    """How many metrics are red, amber, green and not rated: from MetricReadings, or from
    (metric, reading) pairs as metric_latest_many gives them (metrics without a figure are
    left out)."""
    counts = Counter()
    for reading in readings:
        if isinstance(reading, tuple):
            reading = reading[1]
        if reading is not None:
            counts[reading.rag.state] += 1
    return [(metric_rag(state), counts[state]) for state in METRIC_RAG_ORDER]
