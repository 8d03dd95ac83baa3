"""What a report speaks for: its period, its as-of date, and which bodies a block reads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core.dates import long_date
from membership.models import Body, BodyKind, Membership, Role
from membership.selectors import (
    INDEPENDENT,
    LAY_MEMBERS,
)

# The choice in a block that means "the body this report is about" and "every body".
REPORT_BOARD = ""
EVERY_BODY = "*"
SUBGROUP_KINDS = frozenset({BodyKind.SUBGROUP, BodyKind.TASK_AND_FINISH})


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ReportContext:
    """What a report speaks for: its reporting period, the day its figures are taken at,
    and the body (usually the Board) it reports on."""

    as_of: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    board_id: int | None = None

    def period(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> Period:
        """The block's own dates, or the report's; never past the as-of date, since nothing
        after it is known to the report."""
        return Period(start or self.period_start, min(end or self.period_end, self.as_of))

    @classmethod
    def around(cls, today: datetime.date) -> ReportContext:
        """For a block shown outside a report (the block picker's preview): the year to
        today, about the first Board."""
        board = (
            Body.objects.filter(kind=BodyKind.BOARD).order_by("sort_order", "pk").first()
            or Body.objects.order_by("sort_order", "pk").first()
        )
        return cls(
            as_of=today,
            period_start=today.replace(year=today.year - 1) + datetime.timedelta(days=1),
            period_end=today,
            board_id=board.pk if board else None,
        )


@dataclass(frozen=True)
class BodyScope:
    """Which bodies a block reads: `ids` is None for every body."""

    ids: frozenset[int] | None
    label: str

    def applies(self, queryset, field: str = "body_id"):
        return queryset if self.ids is None else queryset.filter(**{f"{field}__in": self.ids})

    @property
    def single_id(self) -> int | None:
        return next(iter(self.ids)) if self.ids is not None and len(self.ids) == 1 else None


def body_scope(choice: str, report: ReportContext, *, include_subgroups: bool = False) -> BodyScope:
    """The bodies a block's choice stands for: the report's board (""), every body ("*") or
    one body by id, with the bodies that report to it when asked. One query."""
    bodies = {
        pk: (parent_id, name)
        for pk, parent_id, name in Body.objects.values_list("pk", "parent_id", "name")
    }
    if choice == EVERY_BODY:
        return BodyScope(ids=None, label="every board and group")
    body_id = report.board_id if choice in (REPORT_BOARD, None) else as_int(choice)
    if body_id not in bodies:
        return BodyScope(ids=frozenset(), label="no body")
    ids = {body_id}
    if include_subgroups:
        grew = True
        while grew:
            below = {pk for pk, (parent, _name) in bodies.items() if parent in ids}
            grew = not below <= ids
            ids |= below
    label = bodies[body_id][1] + (" and the groups reporting to it" if len(ids) > 1 else "")
    return BodyScope(ids=frozenset(ids), label=label)


def as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def agency_name(membership: Membership) -> str:
    if membership.organisation_id:
        return membership.organisation.name
    return LAY_MEMBERS if membership.role == Role.LAY_MEMBER else INDEPENDENT


def agency_order(name: str) -> tuple[int, str]:
    return ({INDEPENDENT: 0, LAY_MEMBERS: 1}.get(name, 2), name)
