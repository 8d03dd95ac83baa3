"""Building and publishing agendas."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from core import outbox
from core.history import stamp
from meetings import selectors
from meetings.models import AgendaItem, AgendaVersion, Meeting, MeetingStatus
from meetings.numbering import in_agenda_order
from meetings.papers.services import pack_build_queue
from meetings.snapshots import build_snapshot


def _renumber(meeting: Meeting, *, actor: User | None, reason: str) -> list[AgendaItem]:
    """Store each item's number and its place in agenda order. Saves only the items whose
    number or place changed, each with its own history row."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_for_update())
    before = {item.pk: (item.number, item.sort_order) for item in items}
    ordered = in_agenda_order(items)
    for index, item in enumerate(ordered):
        item.sort_order = index
        if before[item.pk] != (item.number, item.sort_order):
            stamp(item, actor, reason)
            item.save(update_fields=["number", "sort_order"])
    return ordered


@transaction.atomic
def agenda_item_add(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str,
    purpose: str = "",
    parent: AgendaItem | None = None,
    presenter=None,
    minutes_allocated: int | None = None,
    description: str = "",
    is_restricted: bool = False,
    reason: str = "",
) -> AgendaItem:
    """Add an item at the end of the agenda (or at the end of its parent's sub-items)."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("sort_order"))["last"]
    item = AgendaItem(
        meeting=meeting,
        parent=parent,
        title=title,
        presenter=presenter,
        minutes_allocated=minutes_allocated,
        description=description,
        is_restricted=is_restricted,
        sort_order=(last if last is not None else -1) + 1,
    )
    if purpose:
        item.purpose = purpose
    item.full_clean()
    stamp(item, actor, reason)
    item.save()
    _renumber(meeting, actor=actor, reason=reason or "Agenda renumbered")
    item.refresh_from_db()
    return item


EDITABLE_ITEM_FIELDS = frozenset(
    {"title", "purpose", "parent", "presenter", "minutes_allocated", "description", "is_restricted"}
)


@transaction.atomic
def agenda_item_update(
    *, actor: User | None, item: AgendaItem, reason: str = "", **changes
) -> AgendaItem:
    """Change one item of a draft agenda. Published versions keep what they said."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    for name, value in changes.items():
        if name not in EDITABLE_ITEM_FIELDS:
            raise ValueError(f"agenda_item_update cannot change {name!r}")
        setattr(locked, name, value)
    locked.full_clean()
    stamp(locked, actor, reason)
    locked.save()
    _renumber(locked.meeting, actor=actor, reason=reason or "Agenda renumbered")
    locked.refresh_from_db()
    return locked


@transaction.atomic
def agenda_item_remove(*, actor: User | None, item: AgendaItem, reason: str = "") -> None:
    """Take an item off a draft agenda and renumber the rest. Refused while the item has
    papers or sub-items, or a record names it (a decision, an action, minutes): removing
    it would lose them. Published versions keep what they said."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    problems = [
        f"“{sub.title}” sits under “{locked.title}”: choose another parent for it, or keep "
        "the item."
        for sub in locked.sub_items.all()
    ]
    problems += [
        f"“{locked.title}” has the paper “{paper.title}”: move the paper to another item "
        "before removing it."
        for paper in locked.papers.all()
    ]
    if problems:
        raise ValidationError(problems)
    stamp(locked, actor, reason or "Removed from the agenda")
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError as protected:
        names = sorted({str(record) for record in protected.protected_objects})
        raise ValidationError(
            f"“{locked.title}” is named by {', '.join(names)}: it stays on the agenda."
        ) from protected
    _renumber(meeting, actor=actor, reason=reason or "Agenda renumbered")


@transaction.atomic
def agenda_items_reorder(
    *, actor: User | None, meeting: Meeting, order: list[int], reason: str = ""
) -> list[AgendaItem]:
    """Put the meeting's items in the given order (a list of every item's id) and renumber."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(order) != sorted(items):
        raise ValidationError("List every item of this meeting's agenda exactly once.")
    for index, pk in enumerate(order):
        item = items[pk]
        if item.sort_order != index:
            item.sort_order = index
            stamp(item, actor, reason)
            item.save(update_fields=["sort_order"])
    return _renumber(meeting, actor=actor, reason=reason or "Agenda reordered")


@transaction.atomic
def agenda_publish(
    *,
    actor: User | None,
    meeting: Meeting,
    change_note: str = "",
    published_at: datetime.datetime | None = None,
) -> AgendaVersion:
    """Publish the agenda as it stands as the next numbered version. The meeting row is
    locked, so two clerks publishing at once get versions n and n + 1, never a gap or a
    clash. The published snapshot changes what calendars describe, so SEQUENCE grows.

    `published_at` is for loading agendas published before Tabled (the demo, imports);
    it may not be later than now, nor earlier than the version before.

    Once committed, the meeting's packs are queued for building, so the first readers find
    them ready; if the queue is down, the pack view builds them on first request instead."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting is cancelled: its agenda cannot be published.")
    _renumber(locked, actor=actor, reason="Numbered for publication")
    items = selectors.agenda_items_for(locked)
    if not items:
        raise ValidationError("The agenda has no items yet: add them before publishing.")
    snapshot = build_snapshot(locked, items)
    latest = AgendaVersion.objects.filter(meeting=locked).order_by("-number").first()
    if latest is not None and latest.snapshot.get("items") == snapshot["items"]:
        raise ValidationError(
            f"Nothing has changed since version {latest.number}: there is nothing to publish."
        )
    now = timezone.now()
    published_at = published_at or now
    if published_at > now or (latest is not None and published_at < latest.published_at):
        raise ValidationError(
            "A version is published now, or at a past time after the version before it."
        )
    version = AgendaVersion(
        meeting=locked,
        number=(latest.number if latest else 0) + 1,
        published_by=actor,
        published_at=published_at,
        change_note=change_note,
        snapshot=snapshot,
    )
    version.full_clean()
    stamp(version, actor, change_note or f"Agenda version {version.number} published")
    version.save()
    locked.ical_sequence += 1
    stamp(locked, actor, f"Agenda version {version.number} published")
    locked.save(update_fields=["ical_sequence", "updated"])
    pack_build_queue(locked.pk)
    # Published now, not loaded from before Tabled, and for a meeting still to come: the
    # body's members hear of it once it is committed.
    if version.published_at == now and locked.end > now:
        outbox.notify("meetings.agenda_published", version_id=version.pk)
    return version
