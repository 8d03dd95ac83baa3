"""Recording and revising figures, and reading them as known on a day: a revision keeps the
original, says "revised", and does not reach a report as at an earlier day."""

from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import (
    MetricDefinition,
    MetricRag,
    MetricUnit,
    MetricValue,
    PeriodKind,
    Polarity,
    Travel,
)
from governance.performance import services
from governance.performance.selectors import metric_latest, metric_latest_many, metric_series

from .factories import BodyFactory, OrganisationFactory, business_unit, chair_of, member_of
from .performance_factories import D, MetricFactory, monthly, record, revise

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric():
    return MetricFactory(
        name="Re-referrals within 12 months",
        unit=MetricUnit.PERCENTAGE,
        polarity=Polarity.LOWER_IS_BETTER,
        period_kind=PeriodKind.QUARTER,
        target=Decimal("25.0"),
        amber_within=Decimal("3.0"),
    )


def test_a_period_has_one_figure_and_a_second_is_refused(metric):
    record(metric, D(2011, 10, 1), "27.4")

    with pytest.raises(ValidationError) as refused:
        record(metric, D(2011, 10, 1), "28.6")

    assert "already has a figure for Q3 2011/12: 27.4%" in str(refused.value)
    assert "Revise that figure instead" in str(refused.value)
    assert MetricValue.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "value", "field"),
    [
        (D(2011, 11, 1), "27.4", "period_start"),  # not the start of a quarter
        (D(2011, 10, 1), "101", "value"),  # a percentage over 100
        (D(2011, 10, 1), "-1", "value"),
    ],
)
def test_bad_figures_are_refused_naming_the_field(metric, start, value, field):
    with pytest.raises(ValidationError) as refused:
        record(metric, start, value)

    assert field in refused.value.message_dict
    assert not MetricValue.objects.exists()


def test_a_count_is_a_whole_number():
    counted = MetricFactory(unit=MetricUnit.COUNT, target=None, amber_within=None)

    with pytest.raises(ValidationError) as refused:
        record(counted, D(2012, 3, 1), "1153.5")

    assert "whole number" in refused.value.message_dict["value"][0]


def test_a_figure_cannot_be_reported_in_the_future(metric, today):
    with pytest.raises(ValidationError) as refused:
        record(metric, D(2011, 10, 1), "27.4", recorded_on=today.replace(year=today.year + 1))

    assert "recorded_on" in refused.value.message_dict


def test_a_revision_keeps_the_original_and_says_why(metric):
    original = record(metric, D(2011, 10, 1), "27.4", recorded_on=D(2012, 1, 20))

    revised = revise(original, "28.6", on=D(2012, 3, 2), reason="East Kent's late records")

    original.refresh_from_db()
    assert original.value == Decimal("27.4") and not original.is_current
    assert revised.is_current and revised.supersedes == original
    assert revised.reason == "East Kent's late records"
    assert revised.recorded_on == D(2012, 3, 2)
    assert MetricValue.objects.count() == 2
    assert original.history.first().history_change_reason == "Revised: East Kent's late records"
    reading = metric_latest(metric, D(2012, 3, 31))
    assert reading.value == Decimal("28.6")
    assert reading.revised
    assert reading.original.value == Decimal("27.4")
    assert reading.point.revisions == [revised]


def test_a_revision_needs_a_reason_and_a_change(metric):
    figure = record(metric, D(2011, 10, 1), "27.4", england=Decimal("24.9"))

    with pytest.raises(ValidationError) as no_reason:
        revise(figure, "28.6", on=D(2012, 3, 2), reason="  ")
    with pytest.raises(ValidationError) as no_change:
        revise(figure, "27.4", on=D(2012, 3, 2))

    assert "reason" in no_reason.value.message_dict
    assert "value" in no_change.value.message_dict
    assert MetricValue.objects.get().is_current


def test_only_the_current_figure_can_be_revised(metric):
    figure = record(metric, D(2011, 10, 1), "27.4")
    revise(figure, "28.6", on=D(2012, 3, 2))

    with pytest.raises(ValidationError) as refused:
        revise(figure, "29.0", on=D(2012, 3, 5))

    assert "revise the current figure instead" in str(refused.value)


def test_a_revision_is_not_dated_before_the_figure_it_revises(metric):
    figure = record(metric, D(2011, 10, 1), "27.4", recorded_on=D(2012, 1, 20))

    with pytest.raises(ValidationError) as refused:
        revise(figure, "28.6", on=D(2012, 1, 19))

    assert "recorded_on" in refused.value.message_dict


def test_comparators_carry_over_and_changing_only_them_is_not_a_revised_figure(metric):
    figure = record(metric, D(2011, 10, 1), "27.4", england=Decimal("24.9"))

    later = revise(figure, "27.4", on=D(2012, 3, 2), statistical_neighbours=Decimal("23.5"))

    assert later.england == Decimal("24.9")
    assert later.statistical_neighbours == Decimal("23.5")
    reading = metric_latest(metric, D(2012, 3, 31))
    assert not reading.revised
    assert reading.point.comparators == {"England": "24.9%", "Statistical neighbours": "23.5%"}


def test_series_honours_as_of(metric):
    q2 = record(metric, D(2011, 7, 1), "27.9", recorded_on=D(2011, 10, 20))
    q3 = record(metric, D(2011, 10, 1), "27.4", recorded_on=D(2012, 1, 20))
    revise(q3, "28.6", on=D(2012, 3, 2))

    before_q3 = metric_series(metric, as_of=D(2012, 1, 19))
    before_revision = metric_series(metric, as_of=D(2012, 3, 1))
    after = metric_series(metric, as_of=D(2012, 3, 2))

    assert [p.value for p in before_q3] == [Decimal("27.9")]
    assert [p.value for p in before_revision] == [Decimal("27.9"), Decimal("27.4")]
    assert not before_revision[-1].revised
    assert [p.value for p in after] == [Decimal("27.9"), Decimal("28.6")]
    assert after[-1].revised and after[-1].original.value == Decimal("27.4")
    assert after[0].figure == q2


def test_series_between_two_periods_keeps_the_first_points_direction(metric):
    for start, value in [
        (D(2011, 4, 1), "29.1"),
        (D(2011, 7, 1), "27.9"),
        (D(2011, 10, 1), "28.0"),
        (D(2012, 1, 1), "26.0"),
    ]:
        record(metric, start, value)

    points = metric_series(metric, D(2011, 7, 1), D(2011, 10, 1), D(2012, 6, 30))

    assert [p.period.label for p in points] == ["Q2 2011/12", "Q3 2011/12"]
    assert [p.direction.travel for p in points] == [Travel.IMPROVING, Travel.WORSENING]
    assert [p.rag.state for p in points] == [MetricRag.AMBER, MetricRag.AMBER]


def test_series_is_of_the_metrics_reporting_period_unless_asked(metric):
    record(metric, D(2011, 10, 1), "27.4")
    record(metric, D(2011, 4, 1), "28.0", period_kind=PeriodKind.YEAR)

    assert [p.period.label for p in metric_series(metric)] == ["Q3 2011/12"]
    assert [p.period.label for p in metric_series(metric, period_kind=PeriodKind.YEAR)] == [
        "2011/12"
    ]


def test_latest_gives_value_target_rag_direction_and_revised_flag(metric):
    record(metric, D(2011, 7, 1), "27.9", england=Decimal("24.9"))
    record(metric, D(2011, 10, 1), "29.0")

    reading = metric_latest(metric, D(2012, 6, 30))

    assert reading.metric == metric
    assert reading.period.label == "Q3 2011/12"
    assert (reading.value, reading.display) == (Decimal("29.0"), "29.0%")
    assert (reading.target, reading.target_display) == (Decimal("25.0"), "25.0%")
    assert reading.rag.state == MetricRag.RED
    assert reading.rag.label == "Red: off target"
    assert reading.direction.travel == Travel.WORSENING
    assert reading.previous.value == Decimal("27.9")
    assert reading.revised is False


def test_latest_with_a_gap_before_it_has_no_direction(metric):
    record(metric, D(2011, 4, 1), "27.9")
    record(metric, D(2011, 10, 1), "29.0")

    reading = metric_latest(metric, D(2012, 6, 30))

    assert reading.previous is None
    assert reading.direction.travel == Travel.NOT_KNOWN


def test_latest_is_none_before_any_figure_was_known(metric):
    record(metric, D(2011, 10, 1), "29.0", recorded_on=D(2012, 1, 20))

    assert metric_latest(metric, D(2012, 1, 19)) is None


def test_latest_for_many_metrics_takes_two_queries(metric, django_assert_num_queries):
    others = [MetricFactory(period_kind=PeriodKind.MONTH) for _ in range(3)]
    for other in others:
        monthly(other, D(2011, 1, 1), range(10, 22))
    record(metric, D(2011, 10, 1), "29.0")
    empty = MetricFactory()

    with django_assert_num_queries(2):
        readings = metric_latest_many([metric, *others, empty], D(2012, 6, 30))

    assert [r.period.label if r else None for _m, r in readings] == [
        "Q3 2011/12",
        "December 2011",
        "December 2011",
        "December 2011",
        None,
    ]
    assert readings[1][1].previous.value == Decimal("20")


def test_figures_are_entered_by_the_business_unit_and_chairs_of_the_body(metric):
    member = member_of(metric.body)
    chair = chair_of(metric.body)

    with pytest.raises(PermissionDenied):
        services.metric_value_record(
            actor=member,
            metric=metric,
            period_kind=PeriodKind.QUARTER,
            period_start=D(2011, 10, 1),
            value=Decimal("27.4"),
        )
    by_chair = services.metric_value_record(
        actor=chair,
        metric=metric,
        period_kind=PeriodKind.QUARTER,
        period_start=D(2011, 10, 1),
        value=Decimal("27.4"),
        recorded_on=D(2012, 1, 20),
    )
    revised = services.metric_value_revise(
        actor=business_unit(), figure=by_chair, value=Decimal("28.6"), reason="Late records"
    )

    assert by_chair.recorded_by == chair
    assert by_chair.history.earliest("history_id").history_user == chair
    assert revised.recorded_by.groups.filter(name="Business unit").exists()


def test_a_metric_keeps_dated_definitions_and_refuses_deleting_one():
    metric = MetricFactory.build(body=BodyFactory(), owner=OrganisationFactory())
    metric.definitions.add(MetricDefinition(effective_from=D(2009, 4, 1), text="From ICS."))
    metric.definitions.add(MetricDefinition(effective_from=D(2011, 10, 1), text="From CDS."))
    services.metric_save(actor=None, metric=metric, reason="Set up")
    assert [d.effective_from for d in metric.definitions.all()] == [D(2009, 4, 1), D(2011, 10, 1)]

    metric.definitions.remove(metric.definitions.all()[0])
    with pytest.raises(ValidationError) as refused:
        services.metric_save(actor=None, metric=metric)

    assert "cannot be deleted" in str(refused.value)
    assert MetricDefinition.objects.count() == 2
    assert MetricDefinition.history.count() == 2


def test_an_amber_band_needs_a_target():
    metric = MetricFactory.build(
        body=BodyFactory(), owner=OrganisationFactory(), target=None, amber_within=Decimal(2)
    )

    with pytest.raises(ValidationError) as refused:
        services.metric_save(actor=None, metric=metric)

    assert "amber_within" in refused.value.message_dict
