"""The demo board's 2011/12 meetings: the Board every other month, the Executive and the
Improvement Board monthly, with agendas modelled on the Board's March 2012 progress report,
published versions, attendance and apologies.

Called by `load_demo` after the membership demo exists; safe to run twice (a body whose
demo series already exists is left alone). Everything goes through meetings.services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.dates import long_date
from meetings import paper_services, services
from meetings.demo_papers import demo_paper_pdf
from meetings.models import (
    AttendanceStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Purpose,
    Recurrence,
    Weekday,
    WeekOfMonth,
)
from membership.models import Body, Role
from membership.selectors import membership_get_chair, membership_list_current

VENUE = "Sessions House, County Hall, Maidstone ME14 1XQ"
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


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    week_of_month: int
    weekday: int
    start: datetime.time
    end: datetime.time
    interval: int
    first: datetime.date
    last: datetime.date
    agenda: object


PLANS = (
    Plan(
        "board",
        "Kent Safeguarding Children Board",
        WeekOfMonth.THIRD,
        Weekday.FRIDAY,
        datetime.time(10),
        datetime.time(13),
        2,
        datetime.date(2011, 5, 1),
        datetime.date(2012, 3, 31),
        board_agenda,
    ),
    Plan(
        "executive",
        "KSCB Executive",
        WeekOfMonth.THIRD,
        Weekday.WEDNESDAY,
        datetime.time(10),
        datetime.time(12),
        1,
        datetime.date(2011, 4, 1),
        datetime.date(2012, 4, 30),
        executive_agenda,
    ),
    Plan(
        "improvement-board",
        "Safeguarding Improvement Board",
        WeekOfMonth.SECOND,
        Weekday.TUESDAY,
        datetime.time(14),
        datetime.time(16),
        1,
        datetime.date(2011, 4, 1),
        datetime.date(2012, 3, 31),
        improvement_board_agenda,
    ),
)


def _add_items(actor, meeting: Meeting, items: list[Item], chair_person) -> None:
    def add(item: Item, parent=None):
        added = services.agenda_item_add(
            actor=actor,
            meeting=meeting,
            title=item.title,
            purpose=item.purpose,
            parent=parent,
            presenter=chair_person if item.by_chair else None,
            minutes_allocated=item.minutes,
            description=item.description,
            is_restricted=item.restricted,
            reason="Demo agenda",
        )
        for index, (title, restricted) in enumerate(item.papers):
            subtitle = f"{meeting.body.name}, {long_date(meeting.date)}"
            pdf = demo_paper_pdf(title, subtitle, pages=2 + (len(title) + index) % 4)
            paper_services.paper_create(
                actor=actor,
                agenda_item=added,
                title=title,
                is_restricted=restricted,
                file=ContentFile(pdf, name=f"{slugify(title)}.pdf"),
                note="As circulated",
            )
        for sub in item.sub_items:
            add(sub, parent=added)

    for item in items:
        add(item)


def _record_attendance(actor, meeting: Meeting, index: int) -> None:
    """Most members attend; a steady few send apologies, some with a deputy from their
    agency; now and then one is absent. Deterministic, so the demo is the same each time."""
    current = list(membership_list_current(meeting.body, meeting.date))
    deputies = [m.person for m in current if m.role == Role.DEPUTY]
    members = [m for m in current if m.role != Role.DEPUTY]
    for position, membership in enumerate(members):
        turn = (index * 3 + position * 7) % 11
        deputy = None
        if turn == 0:
            status = AttendanceStatus.APOLOGIES
        elif turn == 1 and deputies and deputies[0] != membership.person:
            status, deputy = AttendanceStatus.DEPUTY, deputies[0]
        elif turn == 2:
            status = AttendanceStatus.ABSENT
        elif turn in (3, 4):
            status = AttendanceStatus.PRESENT_ONLINE
        else:
            status = AttendanceStatus.PRESENT
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=membership.person,
            status=status,
            deputy=deputy,
            reason="Demo attendance",
        )


def _load_plan(actor: User, plan: Plan, body: Body) -> int:
    series = services.meeting_series_create(
        actor=actor,
        body=body,
        title=plan.title,
        recurrence=Recurrence.NTH_WEEKDAY,
        interval=plan.interval,
        weekday=plan.weekday,
        week_of_month=plan.week_of_month,
        start_time=plan.start,
        end_time=plan.end,
        first_date=plan.first,
        last_date=plan.last,
        venue=VENUE,
        reason="Demo: the 2011/12 cycle",
    )
    meetings = list(series.meetings.order_by("start"))
    for index, meeting in enumerate(meetings):
        if plan.slug == "executive" and meeting.date.month == 8:
            services.meeting_cancel(
                actor=actor, meeting=meeting, reason="No business in August: cancelled"
            )
            continue
        chair = membership_get_chair(body, meeting.date)
        _add_items(actor, meeting, plan.agenda(meeting.date), chair.person if chair else None)
        # Agenda and papers go out a week before; a late item follows two days later.
        services.agenda_publish(
            actor=actor,
            meeting=meeting,
            change_note="Agenda and papers",
            published_at=meeting.start - datetime.timedelta(days=7),
        )
        if index % 4 == 1:
            # A late paper and a change of timing, as happens: version 2 to compare with v1.
            late = services.agenda_item_add(
                actor=actor,
                meeting=meeting,
                title="Ofsted unannounced monitoring visit: feedback",
                purpose=Purpose.INFORMATION,
                minutes_allocated=10,
                reason="Late item",
            )
            services.agenda_items_reorder(
                actor=actor,
                meeting=meeting,
                order=_move_before_last(meeting, late.pk),
            )
            services.agenda_publish(
                actor=actor,
                meeting=meeting,
                change_note="Late item added on the monitoring visit; any other business "
                "renumbered.",
                published_at=meeting.start - datetime.timedelta(days=5),
            )
        _record_attendance(actor, meeting, index)
        services.meeting_update(
            actor=actor, meeting=meeting, status=MeetingStatus.HELD, reason="Demo: held"
        )
    return len(meetings)


def _move_before_last(meeting: Meeting, pk: int) -> list[int]:
    ids = [item.pk for item in meeting.agenda_items.order_by("sort_order") if item.pk != pk]
    return [*ids[:-1], pk, ids[-1]]


# The next few meetings from whenever the demo is loaded, so that /my/, apologies, the pack
# and the calendar have something ahead of them: (slug, title, week, weekday, start, end, every
# n months).
UPCOMING = (
    ("executive", "KSCB Executive", WeekOfMonth.THIRD, Weekday.WEDNESDAY, 10, 12, 1),
    ("board", "Kent Safeguarding Children Board", WeekOfMonth.THIRD, Weekday.FRIDAY, 10, 13, 2),
)
SEED_YEARS_END = datetime.date(2013, 1, 1)


def _load_upcoming(actor: User, body: Body, spec) -> int:
    _slug, title, week, weekday, start, end, interval = spec
    today = timezone.localdate()
    series = services.meeting_series_create(
        actor=actor,
        body=body,
        title=title,
        recurrence=Recurrence.NTH_WEEKDAY,
        interval=interval,
        weekday=weekday,
        week_of_month=week,
        start_time=datetime.time(start),
        end_time=datetime.time(end),
        first_date=today + datetime.timedelta(days=1),
        last_date=today + datetime.timedelta(days=31 * interval * 3),
        venue=VENUE,
        reason="Demo: the coming meetings",
    )
    meetings = list(series.meetings.order_by("start"))
    chair = membership_get_chair(body, today)
    for index, meeting in enumerate(meetings):
        _add_items(actor, meeting, plan_agenda(body.slug)(meeting.date), chair and chair.person)
        if index == 0:
            # The next meeting's papers have gone out; later agendas are still drafts.
            # Published a moment ago, as loaded data: nobody is emailed as the demo loads.
            services.agenda_publish(
                actor=actor,
                meeting=meeting,
                change_note="Agenda and papers",
                published_at=timezone.now() - datetime.timedelta(minutes=1),
            )
            services.meeting_update(
                actor=actor, meeting=meeting, status=MeetingStatus.CONFIRMED, reason="Demo"
            )
    return len(meetings)


def plan_agenda(slug: str):
    return next(plan.agenda for plan in PLANS if plan.slug == slug)


def load_meetings_demo(*, actor: User | None) -> dict[str, int]:
    """Load the demo meetings; returns how many meetings each body got (0 where they were
    already there or the body is missing)."""
    loaded: dict[str, int] = {}
    for plan in PLANS:
        body = Body.objects.filter(slug=plan.slug).first()
        if body is None or MeetingSeries.objects.filter(body=body, first_date=plan.first).exists():
            loaded[plan.slug] = 0
            continue
        with transaction.atomic():
            loaded[plan.slug] = _load_plan(actor, plan, body)
    for spec in UPCOMING:
        body = Body.objects.filter(slug=spec[0]).first()
        upcoming = MeetingSeries.objects.filter(body=body, first_date__gte=SEED_YEARS_END)
        if body is None or upcoming.exists():
            continue
        with transaction.atomic():
            loaded[spec[0]] = loaded.get(spec[0], 0) + _load_upcoming(actor, body, spec)
    return loaded
