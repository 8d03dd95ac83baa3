"""What a membership import reports besides its problems: the people on record it found,
and what it created."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.csv_in import ImportResult


@dataclass(frozen=True)
class PersonMatch:
    """A line that adds a membership to someone already on record, and how it found them:
    by "email" or by "person_id"."""

    line: int
    row_name: str
    person_id: int
    person: str
    matched_by: str

    def __str__(self) -> str:
        return (
            f"Line {self.line}: {self.row_name} is {self.person} (person_id {self.person_id}), "
            f"found by {self.matched_by}"
        )


@dataclass
class MembershipImportResult(ImportResult):
    """What a membership import did, or with `dry_run`, would do."""

    matches: list[PersonMatch] = field(default_factory=list)
    people_created: int = 0
    people_matched: int = 0
    memberships_created: int = 0

    @property
    def summary(self) -> str:
        """For example: 3 memberships for 2 people (1 new, 1 already recorded)."""
        people = self.people_created + self.people_matched
        return (
            f"{_count(self.memberships_created, 'membership', 'memberships')} for "
            f"{_count(people, 'person', 'people')} ({self.people_created:,} new, "
            f"{self.people_matched:,} already recorded)"
        )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number:,} {singular if number == 1 else plural}"
