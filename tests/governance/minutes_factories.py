"""A Board meeting of 15 July 2011 to minute, and the later meeting that approves the
minutes: agendas published and attendance recorded through the meetings services, as the
business unit does it, and minutes moved on through the governance services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from governance import services
from governance.models import Minutes
from meetings import services as meeting_services
from meetings.models import AgendaItem, AttendanceStatus, Meeting
from membership.models import Body
from tests.membership.factories import BodyFactory, PersonFactory

from .factories import AgendaItemFactory, D, MeetingFactory, at, business_unit, login, member_of

PUBLIC_TITLE = "Revised eligibility criteria"
RESTRICTED_TITLE = "Serious case review: Child K"
RESTRICTED_MINUTE = "The Board noted the chronology of Child K and the family's circumstances."
PUBLIC_MINUTE = "The Board agreed the revised eligibility criteria for all partners."


@dataclass
class MinutesScene:
    body: Body
    other_body: Body
    meeting: Meeting
    later_meeting: Meeting
    approval_item: AgendaItem
    chair: User
    member: User
    absentee: User
    deputy: User
    other_member: User
    business_unit: User

    @property
    def minutes(self) -> Minutes:
        return Minutes.objects.get(meeting=self.meeting)

    def items(self):
        return list(self.minutes.items.order_by("sort_order"))


def published_meeting(actor: User, body: Body, day: datetime.date, titles: list[str]) -> Meeting:
    """A meeting of the body with the given items, its agenda published a week before (or
    now, when that is still to come)."""
    meeting = MeetingFactory(body=body, title=body.name, start=at(day))
    for title in titles:
        meeting_services.agenda_item_add(actor=actor, meeting=meeting, title=title)
    week_before = meeting.start - datetime.timedelta(days=7)
    meeting_services.agenda_publish(
        actor=actor, meeting=meeting, published_at=min(week_before, timezone.now())
    )
    return meeting


def minutes_scene(*, items: int = 0, published: bool = True) -> MinutesScene:
    """The Board's meeting of 15 July 2011: a chair and a member present, a member who sent
    a deputy, a published agenda with a restricted item; the Executive's member; the
    business unit; and the Board's next meeting, of 16 September 2011, to approve the
    minutes. `items` adds that many more public items."""
    clerk = business_unit()
    body = BodyFactory(name="Kent Safeguarding Children Board", short_name="KSCB", slug="board")
    other = BodyFactory(name="KSCB Executive", short_name="EXEC", slug="executive")
    chair = member_of(body, role="independent_chair")
    member = member_of(body)
    absentee = member_of(body)
    deputy_person = PersonFactory(given_name="Dina", family_name="Deputy")
    deputy = login(deputy_person)
    other_member = member_of(other)
    titles = [
        ("Welcome, introductions and apologies", False),
        ("Minutes and matters arising", False),
        (PUBLIC_TITLE, False),
        (RESTRICTED_TITLE, True),
        *((f"Further business {n}", False) for n in range(items)),
    ]
    meeting = MeetingFactory(body=body, title=body.name, start=at(D(2011, 7, 15)))
    for title, restricted in titles:
        meeting_services.agenda_item_add(
            actor=clerk,
            meeting=meeting,
            title=title,
            is_restricted=restricted,
            presenter=chair.person if title == PUBLIC_TITLE else None,
        )
    if published:
        meeting_services.agenda_publish(
            actor=clerk, meeting=meeting, published_at=meeting.start - datetime.timedelta(days=7)
        )
    for user, status, deputy_of in (
        (chair, AttendanceStatus.PRESENT, None),
        (member, AttendanceStatus.PRESENT_ONLINE, None),
        (absentee, AttendanceStatus.DEPUTY, deputy_person),
    ):
        meeting_services.attendance_record(
            actor=clerk, meeting=meeting, person=user.person, status=status, deputy=deputy_of
        )
    later = MeetingFactory(body=body, title=body.name, start=at(D(2011, 9, 16)))
    approval_item = AgendaItemFactory(
        meeting=later, title="Minutes of the meeting of 15 July 2011", number="2"
    )
    meeting_services.agenda_publish(
        actor=clerk, meeting=later, published_at=later.start - datetime.timedelta(days=7)
    )
    approval_item.refresh_from_db()
    return MinutesScene(
        body=body,
        other_body=other,
        meeting=meeting,
        later_meeting=later,
        approval_item=approval_item,
        chair=chair,
        member=member,
        absentee=absentee,
        deputy=deputy,
        other_member=other_member,
        business_unit=clerk,
    )


def minute_text(item) -> str:
    if item.title == RESTRICTED_TITLE:
        return RESTRICTED_MINUTE
    if item.title == PUBLIC_TITLE:
        return PUBLIC_MINUTE
    return f"The Board received item {item.number}, {item.title}, and noted it."


def drafted(scene: MinutesScene) -> Minutes:
    minutes = services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)
    for item in scene.items():
        services.minutes_save_item(
            actor=scene.business_unit,
            minutes=minutes,
            item=item,
            text=minute_text(item),
            expected_revision=item.revision,
        )
    return scene.minutes


def circulated(scene: MinutesScene) -> Minutes:
    minutes = drafted(scene)
    services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)
    services.minutes_circulate(actor=scene.chair, minutes=minutes)
    return scene.minutes


def approved(scene: MinutesScene) -> Minutes:
    minutes = circulated(scene)
    services.minutes_approve(
        actor=scene.chair,
        minutes=minutes,
        at_meeting=scene.later_meeting,
        agenda_item=scene.approval_item,
    )
    return scene.minutes


__all__ = [
    "PUBLIC_MINUTE",
    "PUBLIC_TITLE",
    "RESTRICTED_MINUTE",
    "RESTRICTED_TITLE",
    "MinutesScene",
    "approved",
    "published_meeting",
    "circulated",
    "drafted",
    "minute_text",
    "minutes_scene",
]
