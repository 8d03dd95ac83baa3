"""How a figure is rated against its target, which way it travelled, and how periods are
named: pure functions, for both polarities and at every boundary."""

from decimal import Decimal

import pytest

from governance.models import (
    MetricRag,
    MetricUnit,
    PeriodKind,
    Polarity,
    Travel,
    direction_of_travel,
    format_figure,
    metric_rag_state,
    period_containing,
    period_end,
    period_label,
    period_problem,
    period_shift,
)
from governance.models.periods import Period

from .performance_factories import D, MetricFactory

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
GREEN, AMBER, RED = MetricRag.GREEN, MetricRag.AMBER, MetricRag.RED


def rag(value, *, target="70", amber="5", polarity=HIGHER):
    return metric_rag_state(
        Decimal(value),
        target=None if target is None else Decimal(target),
        amber_within=None if amber is None else Decimal(amber),
        polarity=polarity,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("80", GREEN),
        ("70", GREEN),  # on the target is green
        ("69.99", AMBER),
        ("65", AMBER),  # on the edge of the amber band is amber
        ("64.99", RED),
        ("0", RED),
    ],
)
def test_higher_is_better_rag(value, expected):
    assert rag(value, polarity=HIGHER) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20", GREEN),
        ("25", GREEN),  # on the target is green
        ("25.01", AMBER),
        ("28", AMBER),  # on the edge of the amber band is amber
        ("28.01", RED),
        ("100", RED),
    ],
)
def test_lower_is_better_rag(value, expected):
    assert rag(value, target="25", amber="3", polarity=LOWER) == expected


@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
def test_without_an_amber_band_any_miss_is_red(polarity):
    miss = "69" if polarity == HIGHER else "71"

    assert rag("70", amber=None, polarity=polarity) == GREEN
    assert rag(miss, amber=None, polarity=polarity) == RED
    assert rag(miss, amber="0", polarity=polarity) == RED


def test_without_a_target_a_figure_is_not_rated():
    assert rag("12", target=None, amber=None) == MetricRag.NOT_RATED


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "travel", "movement"),
    [
        ("30", "28", HIGHER, Travel.IMPROVING, "up"),
        ("26", "28", HIGHER, Travel.WORSENING, "down"),
        ("30", "28", LOWER, Travel.WORSENING, "up"),
        ("26", "28", LOWER, Travel.IMPROVING, "down"),
        ("28", "28", HIGHER, Travel.NO_CHANGE, "same"),
        ("28", "28.00", LOWER, Travel.NO_CHANGE, "same"),
    ],
)
def test_direction_of_travel_for_both_polarities(current, previous, polarity, travel, movement):
    direction = direction_of_travel(Decimal(current), Decimal(previous), polarity=polarity)

    assert (direction.travel, direction.movement) == (travel, movement)
    assert direction.label == Travel(travel).label
    assert direction.arrow in {"↑", "↓", "→"}


def test_direction_without_a_previous_figure_is_not_known():
    direction = direction_of_travel(Decimal("30"), None, polarity=HIGHER)

    assert direction.travel == Travel.NOT_KNOWN
    assert direction.description == "Not known"
    assert direction.arrow == ""


def test_direction_describes_movement_in_words():
    assert (
        direction_of_travel(Decimal("1"), Decimal("2"), polarity=LOWER).description
        == "Improving (down)"
    )


@pytest.mark.parametrize(
    ("kind", "start", "label"),
    [
        (PeriodKind.MONTH, D(2012, 3, 1), "March 2012"),
        (PeriodKind.QUARTER, D(2011, 4, 1), "Q1 2011/12"),
        (PeriodKind.QUARTER, D(2011, 10, 1), "Q3 2011/12"),
        (PeriodKind.QUARTER, D(2012, 1, 1), "Q4 2011/12"),
        (PeriodKind.YEAR, D(2011, 4, 1), "2011/12"),
        (PeriodKind.YEAR, D(1999, 4, 1), "1999/00"),
    ],
)
def test_periods_are_named_as_boards_write_them(kind, start, label):
    assert period_label(kind, start) == label


@pytest.mark.parametrize(
    ("kind", "start", "hint"),
    [
        (PeriodKind.MONTH, D(2012, 3, 2), "1 March 2012"),
        (PeriodKind.QUARTER, D(2011, 11, 1), "Q3 2011/12 give 1 October 2011"),
        (PeriodKind.QUARTER, D(2012, 2, 1), "Q4 2011/12 give 1 January 2012"),
        (PeriodKind.YEAR, D(2012, 1, 1), "2011/12 give 1 April 2011"),
    ],
)
def test_a_period_must_start_on_its_first_day(kind, start, hint):
    assert hint in period_problem(kind, start)


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        (PeriodKind.MONTH, D(2012, 2, 1)),
        (PeriodKind.QUARTER, D(2012, 1, 1)),
        (PeriodKind.QUARTER, D(2011, 7, 1)),
        (PeriodKind.YEAR, D(2011, 4, 1)),
    ],
)
def test_aligned_periods_are_accepted(kind, start):
    assert period_problem(kind, start) is None


def test_periods_shift_end_and_contain_days():
    assert period_shift(PeriodKind.MONTH, D(2012, 1, 1), -1) == D(2011, 12, 1)
    assert period_shift(PeriodKind.QUARTER, D(2011, 10, 1), 1) == D(2012, 1, 1)
    assert period_shift(PeriodKind.YEAR, D(2011, 4, 1), -2) == D(2009, 4, 1)
    assert period_end(PeriodKind.MONTH, D(2012, 2, 1)) == D(2012, 2, 29)
    assert period_end(PeriodKind.QUARTER, D(2012, 1, 1)) == D(2012, 3, 31)
    assert period_end(PeriodKind.YEAR, D(2011, 4, 1)) == D(2012, 3, 31)
    assert period_containing(PeriodKind.QUARTER, D(2012, 3, 2)) == D(2012, 1, 1)
    assert period_containing(PeriodKind.YEAR, D(2012, 3, 2)) == D(2011, 4, 1)
    assert Period(PeriodKind.MONTH, D(2012, 3, 1)).previous.label == "February 2012"
    assert Period(PeriodKind.MONTH, D(2012, 3, 1)).short_label == "Mar 2012"


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        (MetricUnit.COUNT, Decimal("1153"), "1,153"),
        (MetricUnit.PERCENTAGE, Decimal("27.45"), "27.4%"),
        (MetricUnit.RATE_PER_10000, Decimal("35"), "35.0"),
        (MetricUnit.COUNT, None, ""),
    ],
)
def test_figures_are_shown_in_their_unit(unit, value, shown):
    assert format_figure(value, unit) == shown


def test_the_rag_rule_in_words():
    lower = MetricFactory.build(
        unit=MetricUnit.PERCENTAGE, polarity=LOWER, target=Decimal(25), amber_within=Decimal(3)
    )
    higher = MetricFactory.build(
        unit=MetricUnit.PERCENTAGE, polarity=HIGHER, target=Decimal(80), amber_within=None
    )
    unrated = MetricFactory.build(target=None, amber_within=None)

    assert lower.rag_rule == "Green at 25.0% or below, amber up to 28.0%, red above."
    assert higher.rag_rule == "Green at 80.0% or above, red below."
    assert unrated.rag_rule == "No target: figures are not rated."
