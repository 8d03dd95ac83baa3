from __future__ import annotations

import datetime
from dataclasses import dataclass

from governance.models import Action, Challenge, Decision, DeclarationOfInterest, Referral
from meetings.models import AgendaItem, Meeting, MeetingStatus
from meetings.published_items import mark_shown
from meetings.selectors import meetings_in
from membership.access import AnyUser
from membership.models import Body, Partnership


@dataclass
class MeetingLog:
    """What a chair has logged for a meeting so far, and its agenda to log against."""

    meeting: Meeting
    items: list[AgendaItem]
    decisions: list[Decision]
    actions: list[Action]
    challenges: list[Challenge]
    declarations: list[DeclarationOfInterest]
    referrals: list[Referral]


def meeting_get_next(body: Body, now: datetime.datetime) -> Meeting | None:
    """The body's next meeting that is going ahead, if one is scheduled."""
    return (
        Meeting.objects.filter(body=body, start__gte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("start")
        .first()
    )


def meeting_get_for_log(pk: int, partnership: Partnership | None = None) -> Meeting:
    """A meeting of a body serving the partnership (any meeting for None)."""
    return meetings_in(partnership).select_related("body").get(pk=pk)


def meeting_log(meeting: Meeting, user: AnyUser) -> MeetingLog:
    """Everything logged against the meeting, for its chair (who sees restricted material of
    the body they chair) and the business unit; each item it names is marked `shown` or
    not for the user (meetings.published_items)."""
    log = MeetingLog(
        meeting=meeting,
        items=list(
            AgendaItem.objects.filter(meeting=meeting)
            .select_related("parent")
            .order_by("sort_order", "pk")
        ),
        decisions=list(
            Decision.objects.filter(meeting=meeting)
            .select_related("agenda_item__parent")
            .order_by("sequence")
        ),
        actions=list(
            Action.objects.filter(meeting=meeting)
            .select_related("owner", "agenda_item__parent")
            .order_by("sequence")
        ),
        challenges=list(
            Challenge.objects.filter(meeting=meeting)
            .select_related("agency", "agenda_item__parent")
            .order_by("sequence")
        ),
        declarations=list(
            DeclarationOfInterest.objects.filter(agenda_item__meeting=meeting).select_related(
                "person", "agenda_item"
            )
        ),
        referrals=list(
            Referral.objects.filter(from_item__meeting=meeting)
            .select_related("matter", "from_item", "to_item__meeting__body")
            .order_by("pk")
        ),
    )
    mark_shown(
        user,
        [
            *log.items,
            *(record.agenda_item for record in (*log.decisions, *log.actions, *log.challenges)),
            *(declaration.agenda_item for declaration in log.declarations),
            *(referral.from_item for referral in log.referrals),
        ],
    )
    return log
