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
from meetings import services
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
from meetings.papers import services as paper_services
from membership.models import Body, Role
from membership.selectors import membership_get_chair, membership_list_current

from .agendas import Item, board_agenda, executive_agenda, improvement_board_agenda
from .papers import demo_paper_pdf

VENUE = "Sessions House, County Hall, Maidstone ME14 1XQ"


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
    deputies = [m.person for m in current if m.role_id == Role.DEPUTY]
    members = [m for m in current if m.role_id != Role.DEPUTY]
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
