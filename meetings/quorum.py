"""Whether a meeting was quorate, by the body's own rule: a number of members present and
sectors that must be at the table (Body.quorum_count, Body.quorum_sectors)."""

from __future__ import annotations

from dataclasses import dataclass, field

from membership.models import Membership, Sector


@dataclass
class QuorumResult:
    required_count: int | None
    counted: list[Membership] = field(default_factory=list)
    required_sectors: list[Sector] = field(default_factory=list)
    missing_sectors: list[Sector] = field(default_factory=list)

    @property
    def has_rule(self) -> bool:
        return bool(self.required_count) or bool(self.required_sectors)

    @property
    def present_count(self) -> int:
        return len(self.counted)

    @property
    def shortfall(self) -> int:
        return max((self.required_count or 0) - self.present_count, 0)

    @property
    def met(self) -> bool:
        return self.shortfall == 0 and not self.missing_sectors

    @property
    def missing(self) -> list[str]:
        """What is missing, in words: "2 more members", "a Health representative"."""
        found = []
        if self.shortfall:
            found.append(f"{self.shortfall} more member{'s' if self.shortfall != 1 else ''}")
        found += [f"a {sector.name} representative" for sector in self.missing_sectors]
        return found


def quorum_from(
    *,
    quorum_count: int | None,
    quorum_sectors: list[Sector],
    attendances,
    expected: list[Membership],
) -> QuorumResult:
    """The rule over loaded data (no queries; `expected` comes with its roles). Members
    present, present online or represented by a deputy count, once each, if their role
    counts for quorum; guests, clerks, advisers and observers do not. A sector is present
    when a counted member's agency (or seat) belongs to it."""
    term_of_person = {}
    for membership in expected:
        if membership.role.counts_for_quorum:
            term_of_person.setdefault(membership.person_id, membership)
    counted: list[Membership] = []
    seen: set[int] = set()
    for attendance in attendances:
        if not attendance.is_attending or attendance.is_guest:
            continue
        membership = term_of_person.get(attendance.person_id)
        if membership is None or membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        counted.append(membership)
    sectors_present = {m.represented_sector_id for m in counted}
    return QuorumResult(
        required_count=quorum_count,
        counted=counted,
        required_sectors=list(quorum_sectors),
        missing_sectors=[s for s in quorum_sectors if s.pk not in sectors_present],
    )
