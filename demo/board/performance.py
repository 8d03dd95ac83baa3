"""The demo board's performance figures and its January 2012 multi-agency audit, shaped to
the March 2012 progress report: a steady fall in the number of children subject to a child
protection plan, still above the statistical neighbours; assessment timeliness improving;
re-referrals high; and the audit of thresholds (20 cases, six agencies) with the report's
findings and four recommendations that became actions.

The figures are invented to fit what the report says; the report gives no table of them.
Runs after the membership and governance demos (it finds bodies by slug, people by email,
organisations by name). Everything is written through the services as the business unit;
loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from governance import services
from governance.models import (
    ActionStatus,
    Audit,
    AuditFinding,
    AuditRecommendation,
    Budget,
    Contribution,
    Metric,
    MetricDefinition,
    MetricValue,
    PeriodKind,
    financial_year,
    period_shift,
)
from governance.performance import services as performance_services
from governance.services.budgets import budget_save
from membership.models import Body, Organisation, Person, default_partnership

from .figures import (
    CP_PLANS,
    CP_RATE_COMPARATORS,
    IA_IN_TIME,
    METRICS,
    QUARTERLY,
    QUARTERS,
    REFERRALS_2011,
    REVISION,
)

D = datetime.date
SCS = "Kent County Council – Specialist Children's Services"
QE = "quality-and-effectiveness"
CHILD_POPULATION_TEN_THOUSANDS = Decimal("32.9")  # about 329,000 children in Kent
AUDIT_AGENCIES = (
    SCS,
    "Kent County Council – Education, Learning and Skills",
    "NHS Kent and Medway",
    "East Kent Hospitals University NHS Foundation Trust",
    "Kent Police",
    "Kent Probation",
)


class DemoNotReady(RuntimeError):
    pass


def _person(given: str, family: str) -> Person:
    email = f"{given}.{family}@example.org".lower()
    person = Person.objects.filter(email=email).first()
    if person is None:
        raise DemoNotReady(f"Load the membership demo first: no person {email}.")
    return person


def _month_after(start: datetime.date, day: int = 6) -> datetime.date:
    """Figures for a month are reported early in the month after."""
    return period_shift(PeriodKind.MONTH, start, 1).replace(day=day)


def _quarter_after(start: datetime.date) -> datetime.date:
    return period_shift(PeriodKind.QUARTER, start, 1).replace(day=20)


@transaction.atomic
def load_performance_demo() -> None:
    manager = User.objects.filter(username="manager").first()
    if manager is None:
        raise DemoNotReady("Load the membership demo first: there is no 'manager' login.")
    body = Body.objects.filter(slug=QE).first()
    owner = Organisation.objects.filter(name=SCS).first()
    if body is None or owner is None:
        raise DemoNotReady("Load the membership demo first: no Quality and Effectiveness body.")
    metrics = _metrics(manager, body, owner)
    _figures(manager, metrics)
    _audit(manager, body)
    _budget(manager)


# An invented budget for 2011/12, so the draft annual report's budget block has figures;
# 2010/11 has none, and its published report says "not recorded".
BUDGET_2011 = [
    ("Kent County Council", "180000", ""),
    ("NHS Kent and Medway", "95000", ""),
    ("Kent Police", "45000", "Venue for the Board's meetings"),
    ("Kent Probation", "10000", ""),
    ("Cafcass", "550", ""),
]


def _budget(manager: User) -> None:
    partnership = default_partnership()
    agencies = Organisation.objects.in_bulk(
        [name for name, _a, _k in BUDGET_2011], field_name="name"
    )
    if (
        len(agencies) < len(BUDGET_2011)
        or Budget.objects.filter(partnership=partnership, year=2011).exists()
    ):
        return  # the agencies are the membership demo's; without them, no budget
    budget = Budget(
        partnership=partnership,
        year=2011,
        total=Decimal("340550"),
        notes="Includes £10,000 carried forward from 2010/11.",
    )
    budget.contributions = [
        Contribution(
            organisation=agencies[name],
            amount=Decimal(amount),
            in_kind=in_kind,
        )
        for name, amount, in_kind in BUDGET_2011
    ]
    budget_save(actor=manager, budget=budget, reason="Budget agreed by the Board")


def _metrics(manager: User, body: Body, owner: Organisation) -> dict[str, Metric]:
    metrics = {}
    for order, row in enumerate(METRICS, start=1):
        slug, name, unit, polarity, kind, target, amber, description, definitions = row
        metric = Metric.objects.filter(slug=slug).first()
        if metric is None:
            metric = Metric(
                slug=slug,
                name=name,
                unit=unit,
                polarity=polarity,
                period_kind=kind,
                target=target,
                amber_within=amber,
                description=description,
                owner=owner,
                body=body,
                sort_order=order * 10,
            )
            for effective_from, text in definitions:
                metric.definitions.add(MetricDefinition(effective_from=effective_from, text=text))
            performance_services.metric_save(actor=manager, metric=metric, reason="Demo board")
        metrics[slug] = metric
    return metrics


def _record(manager, metric, kind, start, value, recorded_on, england=None, neighbours=None):
    if MetricValue.objects.filter(metric=metric, period_kind=kind, period_start=start).exists():
        return
    performance_services.metric_value_record(
        actor=manager,
        metric=metric,
        period_kind=kind,
        period_start=start,
        value=value,
        england=england,
        statistical_neighbours=neighbours,
        recorded_on=recorded_on,
        reason="Demo board",
    )


def _figures(manager: User, metrics: dict[str, Metric]) -> None:
    month = PeriodKind.MONTH
    for index, count in enumerate(CP_PLANS):
        start = period_shift(month, D(2010, 1, 1), index)
        reported = _month_after(start)
        _record(manager, metrics["cp-plans"], month, start, Decimal(count), reported)
        england, neighbours = CP_RATE_COMPARATORS[financial_year(start)]
        rate = (Decimal(count) / CHILD_POPULATION_TEN_THOUSANDS).quantize(Decimal("0.1"))
        _record(
            manager, metrics["cp-plans-rate"], month, start, rate, reported, england, neighbours
        )
    for index, count in enumerate(REFERRALS_2011):
        start = period_shift(month, D(2011, 1, 1), index)
        _record(manager, metrics["referrals"], month, start, Decimal(count), _month_after(start))
    for index, percentage in enumerate(IA_IN_TIME):
        start = period_shift(month, D(2011, 4, 1), index)
        _record(
            manager,
            metrics["initial-assessments-in-time"],
            month,
            start,
            Decimal(str(percentage)),
            _month_after(start),
            england=Decimal("77.0"),
        )
    for slug, rows in QUARTERLY.items():
        for start, (value, england, neighbours) in zip(QUARTERS, rows, strict=True):
            _record(
                manager,
                metrics[slug],
                PeriodKind.QUARTER,
                start,
                value,
                _quarter_after(start),
                england,
                neighbours,
            )
    slug, start, value, revised_on, reason = REVISION
    current = MetricValue.objects.get(
        metric=metrics[slug], period_kind=PeriodKind.QUARTER, period_start=start, is_current=True
    )
    if current.supersedes_id is None:
        performance_services.metric_value_revise(
            actor=manager, figure=current, value=value, reason=reason, recorded_on=revised_on
        )


AUDIT_TOPIC = "Understanding of thresholds"
FINDINGS = [
    ("Referrals into children's social services still considered inappropriate", "25", 5, 20, ""),
    ("Cases that were re-referrals", "46", None, None, "Highest in East Kent."),
    ("Cases in which the child was consulted", "10", 2, 20, ""),
    ("Cases in which the parents were consulted", "50", 10, 20, ""),
]
# (number, text, owner's name, due date, updates as (date, text, status))
RECOMMENDATIONS = [
    (
        "1",
        "Reinforce a common understanding of thresholds across the partnership, starting in "
        "the districts where most referrals were inappropriate.",
        ("Nicola", "Brennan"),
        D(2012, 6, 30),
        [],
    ),
    (
        "2",
        "Analyse why so many cases in East Kent are re-referrals, and report the causes and a "
        "plan to reduce them to the Board.",
        ("Daniel", "Ashcroft"),
        D(2012, 4, 30),
        [
            (
                D(2012, 2, 22),
                "Analysis of East Kent re-referrals under way with the Central Duty Service.",
                ActionStatus.IN_PROGRESS,
            )
        ],
    ),
    (
        "3",
        "Make sure children and their parents are consulted before a referral is made, and "
        "that every referral records their views.",
        ("Simon", "Taylor"),
        D(2012, 5, 31),
        [],
    ),
    (
        "4",
        "Increase the number of referrals supported by a CAF, as part of the Board's scrutiny "
        "of Kent's early intervention strategy.",
        ("Philip", "Lomax"),
        D(2012, 9, 30),
        [],
    ),
]


def _audit(manager: User, body: Body) -> None:
    audit = Audit.objects.filter(topic=AUDIT_TOPIC, body=body).first()
    if audit is None:
        audit = Audit(
            topic=AUDIT_TOPIC,
            body=body,
            conducted_on=D(2012, 1, 20),
            sample_size=20,
            lead=_person("Simon", "Taylor"),
            summary="The KSCB multi-agency audit of January 2012 reviewed 20 cases referred "
            "into children's social services, to test how well agencies understand the "
            "thresholds agreed in May 2011. Few cases were referred into social care "
            "supported by a CAF. The findings reinforce the need for the Board to focus on "
            "better multi-agency working in these areas.",
        )
        audit.agencies = list(Organisation.objects.filter(name__in=AUDIT_AGENCIES))
        for order, (label, percentage, numerator, denominator, notes) in enumerate(FINDINGS):
            audit.findings.add(
                AuditFinding(
                    label=label,
                    percentage=Decimal(percentage),
                    numerator=numerator,
                    denominator=denominator,
                    notes=notes,
                    sort_order=order,
                )
            )
        for order, (number, text, *_rest) in enumerate(RECOMMENDATIONS):
            audit.recommendations.add(
                AuditRecommendation(number=number, text=text, sort_order=order)
            )
        performance_services.audit_save(actor=manager, audit=audit, reason="Demo board")
    by_number = {r.number: r for r in audit.recommendations.all()}
    for number, _text, (given, family), due, updates in RECOMMENDATIONS:
        recommendation = by_number[number]
        if recommendation.action_id:
            continue
        action = performance_services.audit_recommendation_adopt(
            actor=manager,
            recommendation=recommendation,
            owner=_person(given, family),
            due_date=due,
            raised_on=D(2012, 1, 25),
            notify=False,
        )
        for day, text, status in updates:
            services.action_update(
                actor=manager, action=action, text=text, update_date=day, new_status=status
            )
