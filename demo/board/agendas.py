"""The demo board's agendas, modelled on the Board's March 2012 progress report: the Board's,
the Executive's and the Improvement Board's, each as it stood on a meeting's day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from meetings.models import Purpose

MATTERS_ARISING = "Minutes and matters arising including the action log"


@dataclass(frozen=True)
class Item:
    title: str
    purpose: str = Purpose.DISCUSSION
    minutes: int = 15
    restricted: bool = False
    by_chair: bool = False
    description: str = ""
    sub_items: tuple[Item, ...] = ()
    papers: tuple[tuple[str, bool], ...] = ()


def _opening() -> list[Item]:
    return [
        Item("Welcome, introductions and apologies", Purpose.STANDING, 5, by_chair=True),
        Item(MATTERS_ARISING, Purpose.STANDING, 15, by_chair=True, papers=(("Action log", False),)),
    ]


def board_agenda(day: datetime.date) -> list[Item]:
    items = _opening()
    items.append(
        Item(
            "Ofsted improvement plan progress",
            Purpose.DISCUSSION,
            20,
            by_chair=True,
            description="Progress against the multi-agency improvement plan following the "
            "October 2010 inspection of safeguarding and looked after children services.",
            papers=(("Improvement plan progress report", False),),
        )
    )
    if day < datetime.date(2011, 8, 1):
        items.append(
            Item(
                "Eligibility criteria and thresholds",
                Purpose.DECISION,
                30,
                description="Revised eligibility criteria for universal, targeted and "
                "specialist services, for agreement by the Board.",
                papers=(
                    ("Eligibility criteria for universal, targeted and specialist services", False),
                ),
            )
        )
        items.append(
            Item(
                "Independent review of KSCB arrangements",
                Purpose.DECISION,
                20,
                by_chair=True,
                description="Recommendations of the independent review of the Board's "
                "membership and structure.",
            )
        )
    else:
        items.append(
            Item(
                "Quality and Effectiveness Framework: quarterly report",
                Purpose.DISCUSSION,
                25,
                papers=(("QEF quarterly report", False),),
            )
        )
    if day >= datetime.date(2012, 1, 1):
        items.append(
            Item(
                "Multi-agency audit of thresholds",
                Purpose.DISCUSSION,
                25,
                description="Findings of the January 2012 audit of referrals into children's "
                "social services, and recommendations.",
                papers=(("Multi-agency audit of thresholds: findings", False),),
            )
        )
        items.append(
            Item("KSCB Business Plan 2012/13: priorities", Purpose.DECISION, 20, by_chair=True)
        )
    items.append(
        Item(
            "Serious case reviews: progress and action plans",
            Purpose.DISCUSSION,
            20,
            restricted=True,
            papers=(("Serious case review action plan tracker", True),),
        )
    )
    items.append(
        Item(
            "Reports from subgroup chairs",
            Purpose.INFORMATION,
            20,
            sub_items=(
                Item("Policy and Practice Subgroup", Purpose.INFORMATION, 5),
                Item("Learning and Development Subgroup", Purpose.INFORMATION, 5),
                Item("Quality and Effectiveness Subgroup", Purpose.INFORMATION, 5),
            ),
        )
    )
    items.append(Item("Any other business", Purpose.STANDING, 5, by_chair=True))
    return items


def executive_agenda(day: datetime.date) -> list[Item]:
    items = _opening()
    items.append(
        Item(
            "Improvement plan: monthly RAG report",
            Purpose.DISCUSSION,
            20,
            papers=(("Improvement plan RAG report", False),),
        )
    )
    if day.month in (1, 4, 7, 10):
        items.append(
            Item(
                "Quality and Effectiveness Framework: quarterly report",
                Purpose.DISCUSSION,
                20,
                papers=(("QEF quarterly report", False),),
            )
        )
    if day >= datetime.date(2012, 2, 1):
        items.append(
            Item(
                "Multi-agency audit of thresholds",
                Purpose.DISCUSSION,
                20,
                papers=(("Multi-agency audit of thresholds: findings", False),),
            )
        )
    if day >= datetime.date(2012, 4, 1):
        items.append(
            Item(
                "KSCB Business Plan 2012/13",
                Purpose.DECISION,
                30,
                by_chair=True,
                description="For endorsement: the three priorities agreed by the Board — "
                "thresholds, the right children on plans, and the numbers and quality of CAF.",
                papers=(("KSCB Business Plan 2012/13", False),),
            )
        )
        items.append(
            Item(
                "KSCB support functions: options report",
                Purpose.DECISION,
                25,
                restricted=True,
                description="Options for the business unit's structure and funding from the "
                "Interim Programme Manager's review.",
                papers=(("Support functions options report", True),),
            )
        )
    items.append(
        Item(
            "Serious case review notifications and decisions",
            Purpose.DECISION,
            15,
            restricted=True,
        )
    )
    items.append(Item("Any other business", Purpose.STANDING, 5, by_chair=True))
    return items


def improvement_board_agenda(day: datetime.date) -> list[Item]:
    items = _opening()
    items += [
        Item(
            "Improvement plan progress: RAG counts and overdue actions",
            Purpose.DISCUSSION,
            30,
            papers=(("Improvement plan highlight report", False),),
        ),
        Item(
            "Performance report: referrals, re-referrals and assessments",
            Purpose.DISCUSSION,
            20,
            papers=(("Children's social care performance report", False),),
        ),
        Item("KSCB Independent Chair's report", Purpose.INFORMATION, 15),
    ]
    if day >= datetime.date(2012, 2, 1):
        items.append(
            Item(
                "Areas of risk: performance management and project management",
                Purpose.DISCUSSION,
                20,
                description="The two remaining areas of risk reported by the Independent Chair "
                "in February 2012.",
            )
        )
    items.append(Item("Workforce and staffing pressures", Purpose.DISCUSSION, 15, restricted=True))
    items.append(Item("Any other business", Purpose.STANDING, 5, by_chair=True))
    return items
