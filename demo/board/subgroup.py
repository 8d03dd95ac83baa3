"""The meetings of the subgroup that the demo's `chair` login chairs (the Quality and
Effectiveness Subgroup), around whenever the demo is loaded: two held, with attendance and
minutes (the first approved at the second), one starting within the hour so the live
console can be tried at once, and one next month; and two written resolutions, one carried and
one open for her vote.

Called by `load_demo` after the governance demo; loading again adds nothing. Everything goes
through the services, as the business unit's own work does.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from governance import services as governance_services
from governance.models import Minutes, ResolutionStatus, Threshold, VoteChoice
from governance.services import resolutions as resolution_services
from meetings import services
from meetings.models import Meeting, MeetingStatus, Purpose
from membership.models import Body
from membership.selectors import membership_get_chair

from .agendas import MATTERS_ARISING, Item
from .governance.context import Demo
from .governance.minutes import _write_minutes
from .meetings import _add_items, _record_attendance

SLUG = "quality-and-effectiveness"
VENUE = "Room 2.14, Sessions House, County Hall, Maidstone ME14 1XQ"
MINUTE = datetime.timedelta(minutes=1)


def subgroup_agenda(day: datetime.date) -> list[Item]:
    return [
        Item("Welcome, introductions and apologies", Purpose.STANDING, 5, by_chair=True),
        Item(MATTERS_ARISING, Purpose.STANDING, 10, by_chair=True),
        Item(
            "Quality and Effectiveness Framework: quarterly data set",
            Purpose.DISCUSSION,
            25,
            description="The analyst's report on the partnership's figures for the quarter, "
            "with the gaps in agencies' returns.",
            papers=(("QEF quarterly report", False),),
        ),
        Item(
            "Multi-agency audit of thresholds: findings and recommendations",
            Purpose.DECISION,
            20,
            description="The subgroup is asked to agree the audit's recommendations and send "
            "them to the Executive.",
            papers=(("Thresholds audit report", False),),
        ),
        Item(
            "Case file audit: a child subject to two plans",
            Purpose.DISCUSSION,
            15,
            restricted=True,
            papers=(("Case file audit summary", True),),
        ),
        Item("Any other business", Purpose.STANDING, 5, by_chair=True),
    ]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _schedule(actor: User, body: Body, start: datetime.datetime, hours: float) -> Meeting:
    meeting = services.meeting_schedule(
        actor=actor,
        body=body,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        venue=VENUE,
        reason="Demo: the chair's subgroup",
    )
    chair = membership_get_chair(body, meeting.date)
    _add_items(actor, meeting, subgroup_agenda(meeting.date), chair.person if chair else None)
    services.agenda_publish(
        actor=actor,
        meeting=meeting,
        change_note="Agenda and papers",
        # In the past, as loaded data: nobody is emailed as the demo loads.
        published_at=min(start - datetime.timedelta(days=7), timezone.now() - MINUTE),
    )
    return meeting


@transaction.atomic
def load_subgroup_demo(manager: User) -> list[Meeting]:
    """The chair's subgroup's four meetings, or nothing if it already has meetings."""
    body = Body.objects.filter(slug=SLUG).order_by("pk").first()
    if body is None or body.meetings.exists():
        return []
    now = timezone.localtime()
    today = now.date()
    held = []
    for index, weeks_ago in enumerate((8, 4)):
        meeting = _schedule(manager, body, _at(today - datetime.timedelta(weeks=weeks_ago), 10), 2)
        _record_attendance(manager, meeting, index)
        services.meeting_update(
            actor=manager, meeting=meeting, status=MeetingStatus.HELD, reason="Demo: held"
        )
        held.append(meeting)
    # Minutes of the first, approved at the second; the second's circulated for comment.
    demo = Demo()
    first = _write_minutes(demo, held[0], circulate=True)
    governance_services.minutes_approve(
        actor=manager,
        minutes=first,
        at_meeting=held[1],
        agenda_item=held[1].agenda_items.filter(title=MATTERS_ARISING).first(),
        at=held[1].start + datetime.timedelta(minutes=15),
    )
    if not Minutes.objects.filter(meeting=held[1]).exists():
        _write_minutes(demo, held[1], circulate=True)

    # Starting on the next half hour (at least 20 minutes ahead), so its papers are out and
    # the chair can open the console now; and one a month on.
    soon = now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=20)
    soon += datetime.timedelta(minutes=(30 - soon.minute % 30) % 30)
    coming = _schedule(manager, body, soon, 1.5)
    services.meeting_update(
        actor=manager, meeting=coming, status=MeetingStatus.CONFIRMED, reason="Demo"
    )
    next_month = _schedule(manager, body, _at(today + datetime.timedelta(weeks=5), 14), 2)
    _resolutions(manager, body, today)
    return [*held, coming, next_month]


def _resolutions(manager: User, body: Body, today: datetime.date) -> None:
    """One written resolution carried between meetings, and one open for the chair's vote."""
    carried, _tokens = resolution_services.resolution_circulate(
        actor=manager,
        body=body,
        title="Extend the thresholds audit to early help",
        text="The subgroup agrees to extend the multi-agency audit of thresholds to cases "
        "stepped down to early help, reporting at its next meeting.",
        deadline=timezone.now() + datetime.timedelta(days=3),
        threshold=Threshold.MAJORITY,
    )
    for voter in carried.voters.all():
        carried.refresh_from_db()
        if carried.status == ResolutionStatus.OPEN:
            resolution_services.resolution_vote(actor=None, voter=voter, choice=VoteChoice.FOR)
    resolution_services.resolution_circulate(
        actor=manager,
        body=body,
        title="Agree the terms of reference for the neglect audit",
        text="The subgroup agrees the terms of reference of the multi-agency neglect audit "
        "as circulated, for the Executive's approval.",
        deadline=_at(today + datetime.timedelta(days=6), 17),
        threshold=Threshold.TWO_THIRDS,
    )
