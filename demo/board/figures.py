"""The demo board's performance figures, invented to fit what the March 2012 progress report
says: the metrics the Quality and Effectiveness Subgroup keeps, and their monthly and
quarterly figures with England's and the statistical neighbours' beside them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from governance.models import MetricUnit, PeriodKind, Polarity, period_shift

D = datetime.date

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
