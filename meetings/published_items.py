"""Which agenda items a reader may be shown away from the meeting page: in the chair's
console, a matter's journey, the logs and their exports, the minutes' approval form and
the API.

The meeting page shows everyone its latest published agenda and the business units of the
body's partnerships alone its draft (meetings.access). Wherever else an item is listed or
named, the same holds: an item that its meeting's latest AgendaVersion lists is published;
an item of a meeting whose agenda is not yet published, or one added since the latest
version, belongs to the draft, and is those business units' alone, title and number alike.

Whether a published item is restricted is a separate question, answered where the records
on it are filtered (governance.selectors._visibility).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, QuerySet, Subquery

from meetings.models import AgendaItem, AgendaVersion, Meeting
from meetings.papers.access import Published, published_state
from membership.access import AnyUser
from membership.partnerships import (
    managed_body_ids,
    managed_partnership_ids,
    runs_every_partnership,
)

__all__ = [
    "items_shown",
    "mark_shown",
    "may_be_shown",
    "published_agendas",
]


def published_agendas(meeting_ids: Iterable[int] | QuerySet) -> dict[int, Published]:
    """What each meeting's latest published agenda lists, by meeting id, in one query however
    many meetings (`meeting_ids` may be a subquery). Meetings never published are absent."""
    newest = AgendaVersion.objects.filter(meeting=OuterRef("meeting")).order_by("-number")
    versions = AgendaVersion.objects.filter(
        meeting_id__in=meeting_ids, number=Subquery(newest.values("number")[:1])
    ).only("meeting_id", "number", "snapshot")
    return {version.meeting_id: published_state(version) for version in versions}


def _listed(item: AgendaItem, agendas: dict[int, Published]) -> bool:
    published = agendas.get(item.meeting_id)
    return published is not None and published.lists(item)


def items_shown(user: AnyUser, items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """The items of the queryset the user may be shown: those of the bodies their business
    unit runs, and those of the published agendas (one query to find which)."""
    if runs_every_partnership(user):
        return items
    listed: set[int] = set()
    # A snapshot that does not list its items publishes every item of its meeting.
    whole_meetings: set[int] = set()
    for meeting_id, published in published_agendas(items.values("meeting_id")).items():
        if published.item_ids is None:
            whole_meetings.add(meeting_id)
        else:
            listed |= published.item_ids
    shown = Q(pk__in=listed) | Q(meeting_id__in=whole_meetings)
    if managed_partnership_ids(user):
        shown |= Q(meeting__body__in=managed_body_ids(user))
    return items.filter(shown)


def mark_shown(user: AnyUser, items: Iterable[AgendaItem | None]) -> None:
    """Set `shown` on each item: whether the user may see its number and title. Templates
    name an item only when it is set, so an item nobody marked is never named. One query
    however many items (none for whoever runs every partnership), and one more for the
    business unit of some partnerships, to find which meetings are theirs."""
    items = [item for item in items if item is not None]
    if not items:
        return
    if runs_every_partnership(user):
        for item in items:
            item.shown = True
        return
    meeting_ids = {item.meeting_id for item in items}
    agendas = published_agendas(meeting_ids)
    managed: set[int] = set()
    if managed_partnership_ids(user):
        managed = set(
            Meeting.objects.filter(pk__in=meeting_ids, body__in=managed_body_ids(user)).values_list(
                "pk", flat=True
            )
        )
    for item in items:
        item.shown = item.meeting_id in managed or _listed(item, agendas)


def may_be_shown(user: AnyUser, item: AgendaItem) -> bool:
    """Whether the user may see this one item (and so name it in a record of their own)."""
    mark_shown(user, [item])
    return item.shown
