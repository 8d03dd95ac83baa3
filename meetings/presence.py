"""Who is in the room at an item: arrived by then, not yet gone, not withdrawn for an
interest; and of those, who may vote. The quorum at an item is judged on the same people,
so a departure or a withdrawal mid-meeting can leave an item inquorate."""

from __future__ import annotations

from dataclasses import dataclass, field

from membership.models import Membership

from .models import AgendaItem, Attendance, Meeting
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


def is_present_at(attendance: Attendance, item: AgendaItem, position: dict[int, int]) -> bool:
    """Attending, arrived by this item and not left during it or before."""
    if not attendance.is_attending:
        return False
    here = position[item.pk]
    if attendance.arrived_at_item_id and position.get(attendance.arrived_at_item_id, 0) > here:
        return False
    left = attendance.left_at_item_id
    return not (left and position.get(left, here + 1) <= here)


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
    from meetings.selectors import expected_members

    if items is None:
        items = list(meeting.agenda_items.order_by("sort_order", "pk"))
    if attendances is None:
        attendances = list(meeting.attendances.all())
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
