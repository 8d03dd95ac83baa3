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
    # Before a meeting begins nobody has attended: the result is a forecast from who is
    # expected and who has sent apologies, never a judgement.
    is_forecast: bool = False
    apologies_count: int = 0

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


@dataclass(frozen=True)
class _Expected:
    person_id: int
    is_attending: bool = True
    is_guest: bool = False


def expected_quorum_from(
    *, quorum_count: int | None, quorum_sectors: list[Sector], attendances, expected
) -> QuorumResult:
    """Before the meeting: every expected member counts as coming unless they have sent
    apologies with no deputy (or are recorded absent), so the business unit sees early
    whether the meeting is likely to be quorate."""
    away = {record.person_id for record in attendances if not record.is_attending}
    coming = [_Expected(person_id=term.person_id) for term in expected]
    coming = [record for record in coming if record.person_id not in away]
    result = quorum_from(
        quorum_count=quorum_count,
        quorum_sectors=quorum_sectors,
        attendances=coming,
        expected=expected,
    )
    result.is_forecast = True
    result.apologies_count = len(
        {term.person_id for term in expected if term.role.counts_for_quorum} & away
    )
    return result
