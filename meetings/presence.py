"""Who is in the room at an item of a meeting, and which of them may vote on it.

A member counts from the item they arrived during to the item before the one they left
during (`Attendance.arrived_during`, `left_during`), and not at an item they withdrew from
for an interest: the withdrawals are the governance app's declarations, so the caller
passes the people who withdrew. A member represented by their deputy is in the room, and
votes, through the deputy. Who may vote is their role's (`RoleType.may_vote`) on the term
in force on the meeting's day; guests never vote. Quorum is judged on the same people."""

from __future__ import annotations

from dataclasses import dataclass, field

from meetings.models import AgendaItem, Attendance, Meeting
from meetings.numbering import in_agenda_order
from meetings.quorum import QuorumResult, quorum_from
from meetings.selectors import expected_members
from membership.models import Membership, Person


@dataclass(frozen=True)
class Voter:
    """Someone who may vote at the item: the member, or the deputy who came for them."""

    person: Person
    member: Person
    attendance: Attendance

    @property
    def label(self) -> str:
        if self.person.pk == self.member.pk:
            return self.person.name
        return f"{self.person.name} (deputy for {self.member.name})"


@dataclass
class Presence:
    item: AgendaItem
    present: list[Attendance] = field(default_factory=list)
    voters: list[Voter] = field(default_factory=list)
    withdrawn: list[Attendance] = field(default_factory=list)
    quorum: QuorumResult | None = None

    @property
    def voter_ids(self) -> set[int]:
        return {voter.person.pk for voter in self.voters}


def agenda_positions(meeting: Meeting) -> dict[int, int]:
    items = in_agenda_order(AgendaItem.objects.filter(meeting=meeting).order_by("sort_order"))
    return {item.pk: index for index, item in enumerate(items)}


def in_the_room(attendance: Attendance, position: int, positions: dict[int, int]) -> bool:
    if not attendance.is_attending:
        return False
    arrived = positions.get(attendance.arrived_during_id) if attendance.arrived_during_id else None
    left = positions.get(attendance.left_during_id) if attendance.left_during_id else None
    if arrived is not None and position < arrived:
        return False
    return not (left is not None and position >= left)


def presence_at(
    meeting: Meeting,
    item: AgendaItem,
    *,
    withdrawn_person_ids: set[int],
    expected: list[Membership] | None = None,
) -> Presence:
    """Who is in the room at `item`, who of them may vote, and whether they make a quorum.
    A handful of queries, whatever the size of the body."""
    positions = agenda_positions(meeting)
    position = positions[item.pk]
    expected = expected if expected is not None else expected_members(meeting)
    term_of = {}
    for term in expected:
        term_of.setdefault(term.person_id, term)
    attendances = list(
        Attendance.objects.filter(meeting=meeting).select_related("person", "deputy")
    )
    presence = Presence(item=item)
    for attendance in attendances:
        if not in_the_room(attendance, position, positions):
            continue
        # The person at the table: the deputy when one came instead.
        sitting = attendance.deputy if attendance.deputy_id else attendance.person
        if {sitting.pk, attendance.person_id} & withdrawn_person_ids:
            presence.withdrawn.append(attendance)
            continue
        presence.present.append(attendance)
        term = term_of.get(attendance.person_id)
        if term is not None and term.role.may_vote and not attendance.is_guest:
            presence.voters.append(
                Voter(person=sitting, member=attendance.person, attendance=attendance)
            )
    body = meeting.body
    presence.quorum = quorum_from(
        quorum_count=body.quorum_count,
        quorum_sectors=list(body.quorum_sectors.all()),
        attendances=presence.present,
        expected=expected,
    )
    presence.voters.sort(key=lambda voter: (voter.person.family_name, voter.person.given_name))
    return presence
