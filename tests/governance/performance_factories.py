"""Metrics, figures and audits for the performance tests. Metrics and audits come from
factories; figures are recorded and revised through the services, as every path does."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from governance.models import (
    Audit,
    AuditFinding,
    AuditRecommendation,
    Metric,
    MetricUnit,
    MetricValue,
    PeriodKind,
    Polarity,
    period_shift,
)
from governance.performance import services
from tests.membership.factories import BodyFactory, OrganisationFactory

D = datetime.date


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric

    name = factory.Sequence(lambda n: f"Measure {n}")
    slug = factory.Sequence(lambda n: f"measure-{n}")
    unit = MetricUnit.PERCENTAGE
    polarity = Polarity.LOWER_IS_BETTER
    period_kind = PeriodKind.MONTH
    owner = factory.SubFactory(OrganisationFactory)
    body = factory.SubFactory(BodyFactory)
    target = Decimal("25.0")
    amber_within = Decimal("3.0")


def record(metric: Metric, start: datetime.date, value, **kw) -> MetricValue:
    """A first figure for the period, reported early in the month after it by default."""
    kind = kw.pop("period_kind", metric.period_kind)
    kw.setdefault("recorded_on", period_shift(kind, start, 1).replace(day=6))
    return services.metric_value_record(
        actor=None,
        metric=metric,
        period_kind=kind,
        period_start=start,
        value=Decimal(str(value)),
        **kw,
    )


def monthly(metric: Metric, first: datetime.date, values) -> list[MetricValue]:
    return [
        record(metric, period_shift(PeriodKind.MONTH, first, n), value)
        for n, value in enumerate(values)
    ]


def revise(figure: MetricValue, value, *, on: datetime.date, reason="Late records added", **kw):
    return services.metric_value_revise(
        actor=None,
        figure=figure,
        value=Decimal(str(value)),
        reason=reason,
        recorded_on=on,
        **kw,
    )


def audit(body=None, *, findings=(), recommendations=(), **kw) -> Audit:
    """An audit saved through audit_save, with findings given as (label, percentage,
    numerator, denominator) and recommendations as (number, text, owner, due)."""
    values = {
        "topic": "Understanding of thresholds",
        "body": body or BodyFactory(),
        "conducted_on": D(2012, 1, 20),
        "sample_size": 20,
    }
    values.update(kw)
    agencies = values.pop("agencies", [])
    new = Audit(**values)
    new.agencies = agencies
    for order, (label, percentage, numerator, denominator) in enumerate(findings):
        new.findings.add(
            AuditFinding(
                label=label,
                percentage=Decimal(str(percentage)),
                numerator=numerator,
                denominator=denominator,
                sort_order=order,
            )
        )
    for order, (number, text, owner, due) in enumerate(recommendations):
        new.recommendations.add(
            AuditRecommendation(
                number=number, text=text, action_owner=owner, action_due=due, sort_order=order
            )
        )
    return services.audit_save(actor=None, audit=new)
