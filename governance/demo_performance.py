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
    Metric,
    MetricDefinition,
    MetricUnit,
    MetricValue,
    PeriodKind,
    Polarity,
    financial_year,
    period_shift,
)
from governance.performance import services as performance_services
from membership.models import Body, Organisation, Person

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


# Each metric: (slug, name, unit, polarity, period kind, target, amber within, description,
# definitions as (effective from, text)).
METRICS = [
    (
        "cp-plans",
        "Children subject to a child protection plan",
        MetricUnit.COUNT,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.MONTH,
        None,
        None,
        "How many children in Kent were the subject of a child protection plan at the end of "
        "the month. The Board's aim is that the right children have plans, not that fewer do "
        "at any cost.",
        [
            (
                D(2009, 4, 1),
                "Children who were the subject of a child protection plan on the last day of "
                "the month, from the Integrated Children's System.",
            )
        ],
    ),
    (
        "cp-plans-rate",
        "Children subject to a child protection plan, rate per 10,000 children",
        MetricUnit.RATE_PER_10000,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.MONTH,
        Decimal("35.0"),
        Decimal("3.0"),
        "Child protection plans at the end of the month for every 10,000 children living in "
        "Kent, to compare with England and Kent's statistical neighbours.",
        [
            (
                D(2009, 4, 1),
                "Children subject to a plan on the last day of the month, per 10,000 children "
                "aged under 18 (ONS mid-year population estimate). Comparators are the "
                "published figures at 31 March of the same financial year.",
            )
        ],
    ),
    (
        "referrals",
        "Referrals into Children's Social Services",
        MetricUnit.COUNT,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.MONTH,
        None,
        None,
        "Referrals received in the month by Specialist Children's Services. The revised "
        "eligibility criteria of May 2011 aimed at fewer referrals that are better judged.",
        [
            (
                D(2009, 4, 1),
                "Referrals recorded by the district duty and initial assessment teams.",
            ),
            (
                D(2011, 10, 1),
                "Referrals recorded by the Central Duty Service, the single hub for all "
                "referrals into Specialist Children's Services.",
            ),
        ],
    ),
    (
        "referrals-rate",
        "Referrals to children's social care, rate per 10,000 children",
        MetricUnit.RATE_PER_10000,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.QUARTER,
        Decimal("150.0"),
        Decimal("15.0"),
        "Referrals received in the quarter for every 10,000 children. Fewer, better-judged "
        "referrals were a goal of the revised eligibility criteria of May 2011.",
        [
            (
                D(2009, 4, 1),
                "Referrals recorded by the district duty and initial assessment teams.",
            ),
            (
                D(2011, 10, 1),
                "Referrals recorded by the Central Duty Service, the single hub for all "
                "referrals into Specialist Children's Services.",
            ),
        ],
    ),
    (
        "re-referrals",
        "Re-referrals within 12 months",
        MetricUnit.PERCENTAGE,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.QUARTER,
        Decimal("25.0"),
        Decimal("3.0"),
        "Referrals in the quarter about a child referred in the 12 months before.",
        [(D(2009, 4, 1), "Referrals within 12 months of a previous referral, as a percentage.")],
    ),
    (
        "referrals-to-assessment",
        "Referrals going on to initial assessment",
        MetricUnit.PERCENTAGE,
        Polarity.HIGHER_IS_BETTER,
        PeriodKind.QUARTER,
        Decimal("70.0"),
        Decimal("5.0"),
        "Referrals in the quarter that led to an initial assessment.",
        [],
    ),
    (
        "initial-assessments-in-time",
        "Initial assessments completed within 10 working days",
        MetricUnit.PERCENTAGE,
        Polarity.HIGHER_IS_BETTER,
        PeriodKind.MONTH,
        Decimal("80.0"),
        Decimal("5.0"),
        "The timeliness of initial assessments: those completed in the month within 10 "
        "working days of the referral.",
        [],
    ),
    (
        "second-plans",
        "Second or subsequent child protection plans",
        MetricUnit.PERCENTAGE,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.QUARTER,
        Decimal("13.0"),
        Decimal("2.0"),
        "Children becoming the subject of a plan in the quarter who had been the subject of a "
        "plan before.",
        [],
    ),
    (
        "plans-two-years",
        "Child protection plans lasting two years or more",
        MetricUnit.PERCENTAGE,
        Polarity.LOWER_IS_BETTER,
        PeriodKind.QUARTER,
        Decimal("5.0"),
        Decimal("1.0"),
        "Plans ended in the quarter that had lasted two years or more.",
        [],
    ),
]

# Comparators by financial year: (England, statistical neighbours).
CP_RATE_COMPARATORS = {
    2009: (Decimal("35.5"), Decimal("31.2")),
    2010: (Decimal("38.3"), Decimal("32.0")),
    2011: (Decimal("37.8"), Decimal("31.5")),
}
# A steady fall from January 2010 to March 2012, with the month-to-month wobble real counts
# have.
CP_PLANS = [
    1482, 1470, 1461, 1455, 1441, 1436, 1422, 1418, 1401, 1392, 1380, 1377, 1360, 1349,
    1341, 1322, 1315, 1297, 1290, 1271, 1262, 1240, 1231, 1207, 1189, 1168, 1153,
]  # fmt: skip
# January to December 2011: the steady fall the progress report describes once the
# eligibility criteria took hold, and a rise in October, when the Central Duty Service began.
REFERRALS_2011 = [1688, 1702, 1655, 1611, 1590, 1534, 1502, 1459, 1431, 1447, 1382, 1341]
IA_IN_TIME = [62.4, 64.0, 66.8, 65.9, 69.3, 71.8, 73.5, 75.2, 78.9, 81.4, 83.7]  # Apr 2011 on
QUARTERS = [period_shift(PeriodKind.QUARTER, D(2010, 4, 1), n) for n in range(7)]
# Quarterly figures from Q1 2010/11 to Q3 2011/12: {slug: [(value, England, neighbours)]}.
QUARTERLY = {
    "referrals-rate": [
        (Decimal(v), Decimal("137.0"), Decimal("128.0"))
        for v in ("182.4", "176.9", "171.0", "168.3", "160.2", "151.8", "146.5")
    ],
    "re-referrals": [
        (Decimal(v), Decimal("24.9"), Decimal("23.5"))
        for v in ("31.0", "30.2", "29.8", "29.1", "28.4", "27.9", "27.4")
    ],
    "referrals-to-assessment": [
        (Decimal(v), Decimal("72.0"), Decimal("70.5"))
        for v in ("58.2", "60.1", "62.7", "64.0", "67.9", "71.2", "73.8")
    ],
    "second-plans": [
        (Decimal(v), Decimal("13.3"), None)
        for v in ("15.8", "15.1", "14.9", "14.2", "13.9", "13.1", "12.6")
    ],
    "plans-two-years": [
        (Decimal(v), Decimal("5.6"), None)
        for v in ("7.9", "7.4", "7.1", "6.6", "6.2", "5.9", "5.3")
    ],
}
# The revised figure: Q3 2011/12 re-referrals after East Kent's late records were added.
REVISION = (
    "re-referrals",
    D(2011, 10, 1),
    Decimal("28.6"),
    D(2012, 3, 2),
    "Re-referrals recorded late by the East Kent teams were added after the Central Duty "
    "Service's data cleanse in February 2012.",
)


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
        ("Andrew", "Ireland"),
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
        ("Patrick", "Leeson"),
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
