"""Who is in the room at an item: arrived by then and not gone since (someone may leave and
come back), not withdrawn for an interest; and of those, who may vote. The quorum at an item
is judged on the same people, so a departure or a withdrawal mid-meeting can leave an item
inquorate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from membership.models import Membership

from .models import AgendaItem, Attendance, AttendanceMovement, Meeting, Movement
from .quorum import QuorumResult, quorum_from


@dataclass
class Presence:
    item: AgendaItem
    present: list[Attendance] = field(default_factory=list)
    # One entry per vote: the member's term, and who casts it (the member, or their deputy).
    entitled: list[tuple[Membership, int]] = field(default_factory=list)
    withdrawn: list[Attendance] = field(default_factory=list)
    left: list[Attendance] = field(default_factory=list)
    quorum: QuorumResult | None = None

    @property
    def entitled_count(self) -> int:
        return len(self.entitled)

    @property
    def voter_ids(self) -> set[int]:
        return {voter_id for _term, voter_id in self.entitled}


def _position(items: list[AgendaItem]) -> dict[int, int]:
    return {item.pk: index for index, item in enumerate(items)}


def _in_order(attendance: Attendance, position: dict[int, Any]) -> list[AttendanceMovement]:
    """The movements in agenda order, and in the order they were logged at one item. Expects
    `movements` prefetched (see meetings.selectors.movements_prefetch)."""
    known = [m for m in attendance.movements.all() if m.agenda_item_id in position]
    return sorted(known, key=lambda m: (position[m.agenda_item_id], m.at, m.pk))


def is_present_at(attendance: Attendance, item: AgendaItem, position: dict[int, Any]) -> bool:
    """Attending, and in the room for this item: the last movement logged at or before it
    says which. Before any movement they were in the room unless the first was an arrival
    (they came late); with none, they were there throughout."""
    if not attendance.is_attending:
        return False
    movements = _in_order(attendance, position)
    if not movements:
        return True
    here = position[item.pk]
    passed = [m for m in movements if position[m.agenda_item_id] <= here]
    if passed:
        return passed[-1].kind == Movement.ARRIVED
    return movements[0].kind == Movement.LEFT


def movements_told(attendance: Attendance) -> list[str]:
    """The comings and goings as the minutes put them: "left at item 4", "returned at item 6".
    A movement that changes nothing (a second departure with no return between) is left
    out. Expects `movements` prefetched with their agenda items."""
    position = {
        m.agenda_item_id: (m.agenda_item.sort_order, m.agenda_item_id)
        for m in attendance.movements.all()
    }
    told, in_room = [], None
    for movement in _in_order(attendance, position):
        arrived = movement.kind == Movement.ARRIVED
        if in_room is arrived:
            continue
        number = movement.agenda_item.number
        if not arrived:
            told.append(f"left at item {number}")
        else:
            told.append(f"{'arrived' if in_room is None else 'returned'} at item {number}")
        in_room = arrived
    return told


def presence_at(
    meeting: Meeting,
    item: AgendaItem,
    *,
    items: list[AgendaItem] | None = None,
    attendances: list[Attendance] | None = None,
    expected: list[Membership] | None = None,
    withdrawn_ids: set[int],
) -> Presence:
    """Who is present, and who is present and entitled to vote, at `item`. Anything not
    passed in is loaded (the console passes what it already has). Withdrawals are the
    governance app's declarations of interest, so its caller passes who withdrew."""
    from meetings.selectors import expected_members, movements_prefetch

    if items is None:
        items = list(meeting.agenda_items.order_by("sort_order", "pk"))
    if attendances is None:
        attendances = list(meeting.attendances.prefetch_related(movements_prefetch()))
    if expected is None:
        expected = expected_members(meeting)
    position = _position(items)
    result = Presence(item=item)
    for attendance in attendances:
        if not attendance.is_attending:
            continue
        if not is_present_at(attendance, item, position):
            result.left.append(attendance)
            continue
        # A deputy who withdraws takes the member's seat out with them.
        in_the_room = attendance.deputy_id or attendance.person_id
        if attendance.person_id in withdrawn_ids or in_the_room in withdrawn_ids:
            result.withdrawn.append(attendance)
            continue
        result.present.append(attendance)
    result.quorum = quorum_from(
        quorum_count=meeting.body.quorum_count,
        quorum_sectors=list(meeting.body.quorum_sectors.all()),
        attendances=result.present,
        expected=expected,
    )
    voting_term = {}
    for term in expected:
        if term.role.may_vote:
            voting_term.setdefault(term.person_id, term)
    for attendance in result.present:
        term = voting_term.get(attendance.person_id)
        if term is None or attendance.is_guest:
            continue
        result.entitled.append((term, attendance.deputy_id or attendance.person_id))
    return result
