"""The performance demo on top of the membership demo's body, people, agencies and logins
(built here as that demo makes them): the figures the March 2012 progress report describes
and its January 2012 audit of thresholds."""

from decimal import Decimal

import pytest

from demo.board.performance import (
    AUDIT_AGENCIES,
    QE,
    RECOMMENDATIONS,
    SCS,
    DemoNotReady,
    load_performance_demo,
)
from governance.models import Action, Audit, Metric, MetricValue
from governance.performance.selectors import audit_findings, metric_latest, metric_series
from tests.groups import business_unit_group
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory, UserFactory

from .performance_factories import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership_demo():
    manager = UserFactory(username="manager")
    manager.groups.add(business_unit_group())
    BodyFactory(slug=QE, short_name="QE", name="Quality and Effectiveness Subgroup")
    for name in {SCS, *AUDIT_AGENCIES}:
        OrganisationFactory(name=name)
    for given, family in {("Simon", "Taylor")} | {r[2] for r in RECOMMENDATIONS}:
        PersonFactory(given_name=given, family_name=family,
                      email=f"{given}.{family}@example.org".lower())  # fmt: skip
    return manager


def test_the_demo_needs_the_membership_demo():
    with pytest.raises(DemoNotReady):
        load_performance_demo()


def test_the_demo_loads_once_and_again_changes_nothing(membership_demo):
    load_performance_demo()
    counts = [Metric.objects.count(), MetricValue.objects.count(), Action.objects.count()]
    load_performance_demo()

    assert counts == [Metric.objects.count(), MetricValue.objects.count(), Action.objects.count()]
    assert counts[0] == 9


def test_child_protection_plans_fall_steadily_and_stay_above_statistical_neighbours(
    membership_demo,
):
    load_performance_demo()
    plans = metric_series(Metric.objects.get(slug="cp-plans"), D(2010, 1, 1), D(2012, 3, 1))
    rates = metric_series(Metric.objects.get(slug="cp-plans-rate"), as_of=D(2012, 4, 30))

    values = [point.value for point in plans]
    assert [plans[0].period.label, plans[-1].period.label] == ["January 2010", "March 2012"]
    assert all(later < earlier for earlier, later in zip(values, values[1:], strict=False))
    assert all(p.england and p.statistical_neighbours for p in rates)
    assert all(p.value > p.statistical_neighbours for p in rates)
    assert rates[-1].figure.recorded_by.username == "manager"


def test_the_demo_has_one_revised_figure(membership_demo):
    load_performance_demo()

    reading = metric_latest(Metric.objects.get(slug="re-referrals"), D(2012, 3, 31))
    before = metric_latest(Metric.objects.get(slug="re-referrals"), D(2012, 3, 1))

    assert MetricValue.objects.filter(supersedes__isnull=False).count() == 1
    assert reading.revised and reading.original.value == Decimal("27.4")
    assert reading.value == Decimal("28.6") and "East Kent" in reading.point.figure.reason
    assert not before.revised and before.value == Decimal("27.4")


def test_the_january_2012_audit_of_thresholds(membership_demo):
    load_performance_demo()

    audit = Audit.objects.get()
    findings = {f.label: f.percentage_display for f in audit_findings(audit)}
    actions = Action.objects.filter(audit=audit).order_by("due_date")

    assert (audit.sample_size, audit.agencies.count(), audit.conducted_on) == (
        20,
        6,
        D(2012, 1, 20),
    )
    assert list(findings.values()) == ["25%", "46%", "10%", "50%"]
    assert "Highest in East Kent." in [f.notes for f in audit.findings.all()]
    assert len(actions) == 4
    assert all(a.owner and a.due_date and a.raised_on == D(2012, 1, 25) for a in actions)
    assert {r.action_id for r in audit.recommendations.all()} == {a.pk for a in actions}
    assert actions[0].status == "in_progress"
