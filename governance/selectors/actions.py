from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from governance.models import (
    BODY_SCHEME_RELATED,
    OPEN_STATUSES,
    Action,
    ActionUpdate,
    RagScheme,
    RagState,
    at_risk_days_for,
    rag_state,
    scheme_for,
    scheme_of,
)
from meetings.models import Meeting
from meetings.published_items import mark_shown
from membership.access import AnyUser
from membership.models import Body, Partnership, Person

from ._visibility import serving, visible_to

ACTION_RELATED = (
    *BODY_SCHEME_RELATED,
    "owner",
    "organisation",
    "meeting",
    "agenda_item__parent",
    "decision",
)


def _dated_updates() -> Prefetch:
    return Prefetch(
        "updates",
        queryset=ActionUpdate.objects.select_related("author__person").order_by(
            "update_date", "pk"
        ),
        to_attr="dated_updates",
    )


def _with_rag(
    actions: list[Action], on: datetime.date, partnership: Partnership | None = None
) -> list[Action]:
    """Each action's `rag` on the day: on a partnership's page in that partnership's words
    (a joint body's actions too, so the page has one key), elsewhere in its body's
    partnership's."""
    scheme: RagScheme | None = scheme_of(partnership) if partnership is not None else None
    for action in actions:
        action.rag = action.rag_on(on, scheme)
        action.overdue = action.rag.state == RagState.OVERDUE
    return actions


def action_queryset_visible(user: AnyUser) -> QuerySet[Action]:
    return visible_to(Action.objects.select_related(*ACTION_RELATED), user)


def action_list_visible(
    user: AnyUser,
    *,
    on: datetime.date,
    partnership: Partnership | None = None,
    body: Body | None = None,
    status: str = "",
    rag: str = "",
    owner: Person | None = None,
    open_only: bool = False,
) -> list[Action]:
    """The action log as this user may see it, soonest due first, each with its `rag` on the
    day (in the partnership's words) and `overdue`."""
    actions = serving(action_queryset_visible(user), partnership)
    if body is not None:
        actions = actions.filter(body=body)
    if status:
        actions = actions.filter(status=status)
    elif open_only:
        actions = actions.filter(status__in=OPEN_STATUSES)
    if owner is not None:
        actions = actions.filter(owner=owner)
    result = _with_rag(
        list(actions.order_by("due_date", "body__name", "sequence")), on, partnership
    )
    if rag:
        result = [action for action in result if action.rag.state == rag]
    return result


def action_list_for_owner(user: AnyUser, person: Person, *, on: datetime.date) -> list[Action]:
    """A person's open actions, with their updates, for /my/actions/."""
    actions = (
        action_queryset_visible(user)
        .filter(owner=person, status__in=OPEN_STATUSES)
        .prefetch_related(_dated_updates())
        .order_by("due_date", "sequence")
    )
    return _with_rag(list(actions), on)


def action_get_visible(
    user: AnyUser, key: str, *, on: datetime.date, partnership: Partnership | None = None
) -> Action:
    """One action by reference or id, with its updates, its item marked `shown` or not for
    the user (meetings.published_items); Action.DoesNotExist when the user may not see it."""
    actions = (
        serving(action_queryset_visible(user), partnership)
        .select_related("challenge", "improvement_action")
        .prefetch_related(_dated_updates())
    )
    action = actions.get(pk=int(key)) if key.isdigit() else actions.get(reference=key.upper())
    mark_shown(user, [action.agenda_item])
    return _with_rag([action], on, partnership)[0]


def matters_arising_for_meeting(meeting: Meeting, user: AnyUser | None = None) -> list[Action]:
    """The body's actions that were open on the day of the meeting, as they stood that day:
    raised before it, not closed by it, each with `status_then`, `due_then`, `rag` (in its
    partnership's words, by the body's at-risk window, on the meeting's date) and
    `last_update` (the latest update by then). With a user, only what they may see."""
    on = meeting.date
    actions = (
        Action.objects.filter(body_id=meeting.body_id, raised_on__lt=on)
        .exclude(meeting_id=meeting.pk)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        # Only what the list shows (governance/includes/matters_arising_list.html): a
        # meeting's dozens of open actions, each with every relation, cost the meeting page
        # more than its agenda.
        .select_related(*BODY_SCHEME_RELATED, "owner")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.order_by("update_date", "pk"),
                to_attr="dated_updates",
            )
        )
        .order_by("due_date", "sequence")
    )
    if user is not None:
        actions = visible_to(actions, user)
    arising = []
    for action in actions:
        status, due_date = action.as_at(on)
        if status not in OPEN_STATUSES:
            continue
        action.status_then, action.due_then = status, due_date
        state = rag_state(status, due_date, on, at_risk_days_for(action.body))
        action.rag = scheme_for(action.body).rag(state)
        action.overdue = action.rag.state == RagState.OVERDUE
        earlier = [update for update in action.dated_updates if update.update_date <= on]
        action.last_update = earlier[-1] if earlier else None
        arising.append(action)
    return arising


MY_PAGE_ACTIONS = 10


def open_actions_for_owner(
    user: AnyUser, person: Person, *, on: datetime.date, limit: int = MY_PAGE_ACTIONS
) -> tuple[list[Action], int]:
    """The first open actions a person owns, soonest due, and how many they own in all: the
    personal page shows a few and links to the rest."""
    mine = action_queryset_visible(user).filter(owner=person, status__in=OPEN_STATUSES)
    shown = _with_rag(list(mine.order_by("due_date", "sequence")[:limit]), on)
    total = len(shown) if len(shown) < limit else mine.count()
    return shown, total
