from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from governance.models import (
    Action,
    Amendment,
    Ballot,
    Decision,
    DecisionStatus,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesVersion,
)
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from meetings.published_items import mark_shown
from meetings.selectors import movements_prefetch
from membership.access import AnyUser

from ._visibility import visible_to

MINUTES_RELATED = (
    "meeting__body",
    "approval_decision",
    "approved_at_meeting",
    "signature",
)


def _items() -> QuerySet[MinutesItem]:
    """Items in order, each with its restriction's parent item, who saved it last and its
    amendments oldest first (`amendment_list`)."""
    amendments = Amendment.objects.select_related("decision", "made_by__person")
    return (
        MinutesItem.objects.select_related("agenda_item__parent", "saved_by__person")
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=amendments.order_by("made_at", "pk"),
                to_attr="amendment_list",
            )
        )
        .order_by("sort_order", "pk")
    )


def _items_prefetch() -> Prefetch:
    return Prefetch("items", queryset=_items(), to_attr="item_list")


def minutes_items(minutes: Minutes) -> list[MinutesItem]:
    """The minutes' items as they now stand, for a version's snapshot."""
    return list(_items().filter(minutes=minutes))


def minutes_get_for_meeting(meeting_id: int) -> Minutes | None:
    """A meeting's minutes with their items (`item_list`, each with `amendment_list`), or
    None: the same queries for 5 items or 60."""
    return (
        Minutes.objects.select_related(*MINUTES_RELATED)
        .prefetch_related(_items_prefetch())
        .filter(meeting_id=meeting_id)
        .first()
    )


def minutes_get_locked(minutes: Minutes) -> Minutes:
    """The minutes row locked for a change, with its items."""
    return (
        Minutes.objects.select_for_update(of=("self",))
        .select_related(*MINUTES_RELATED)
        .prefetch_related(_items_prefetch())
        .get(pk=minutes.pk)
    )


def minutes_records(
    meeting: Meeting, user: AnyUser | None = None
) -> tuple[dict[int, list[Decision]], dict[int, list[Action]]]:
    """The decisions and actions recorded on the meeting's agenda items, by item id, in
    reference order; with a user, only those they may see."""
    decisions = (
        Decision.objects.filter(agenda_item__meeting_id=meeting.pk)
        .select_related("agenda_item__parent", "vote")
        .prefetch_related(
            Prefetch("vote__ballots", queryset=Ballot.objects.select_related("person"))
        )
    )
    actions = Action.objects.filter(agenda_item__meeting_id=meeting.pk).select_related(
        "owner", "agenda_item__parent"
    )
    if user is not None:
        decisions, actions = visible_to(decisions, user), visible_to(actions, user)
    decisions_by_item: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions.order_by("sequence", "pk"):
        decisions_by_item[decision.agenda_item_id].append(decision)
    actions_by_item: dict[int, list[Action]] = defaultdict(list)
    for action in actions.order_by("sequence", "pk"):
        actions_by_item[action.agenda_item_id].append(action)
    return dict(decisions_by_item), dict(actions_by_item)


def meeting_attendance(meeting: Meeting, *, movements: bool = False) -> list[Attendance]:
    """Who came, sent apologies or a deputy; with `movements`, their comings and goings
    too, for the minutes' attendance."""
    records = Attendance.objects.filter(meeting_id=meeting.pk).select_related(
        "person", "deputy", "membership__organisation", "membership__role"
    )
    if movements:
        records = records.prefetch_related(movements_prefetch())
    return list(records)


def minutes_comments(minutes: Minutes) -> list[MinutesComment]:
    return list(
        MinutesComment.objects.filter(minutes=minutes)
        .select_related("author", "item")
        .order_by("created", "pk")
    )


def minutes_version_list(minutes: Minutes) -> QuerySet[MinutesVersion]:
    return MinutesVersion.objects.filter(minutes=minutes).select_related("created_by__person")


def minutes_list_approval_items(
    minutes: Minutes, user: AnyUser | None = None
) -> list[tuple[Meeting, list[AgendaItem]]]:
    """Where the minutes can be approved: the body's later meetings that have started and
    were not cancelled, soonest first, each with its agenda items: for the business unit all
    of them, for anyone else (or no one in particular) those of its published agenda."""
    meetings = (
        Meeting.objects.filter(
            body_id=minutes.meeting.body_id,
            start__gt=minutes.meeting.start,
            start__lte=timezone.now(),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("sort_order", "pk"),
                to_attr="item_list",
            )
        )
        .order_by("start")
    )
    chosen = list(meetings[:6])
    mark_shown(user or AnonymousUser(), [item for meeting in chosen for item in meeting.item_list])
    return [(meeting, [item for item in meeting.item_list if item.shown]) for meeting in chosen]


def minutes_list_amending_decisions(minutes: Minutes) -> QuerySet[Decision]:
    """Decisions that may amend approved minutes: the body's current decisions taken on or
    after the day they were approved."""
    if minutes.approved_on is None:
        return Decision.objects.none()
    return Decision.objects.filter(
        body_id=minutes.meeting.body_id,
        decided_on__gte=minutes.approved_on,
        status=DecisionStatus.CURRENT,
    ).order_by("-decided_on", "-sequence")


def minutes_for_meeting_page(meeting: Meeting) -> Minutes | None:
    """Just the minutes' status and approval, for the meeting page's section."""
    return (
        Minutes.objects.select_related("approval_decision", "approved_at_meeting")
        .filter(meeting_id=meeting.pk)
        .first()
    )
