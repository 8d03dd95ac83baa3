"""What a report speaks for: its period, its as-of date, and which bodies a block reads."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from wagtail.models import Page

from core.dates import long_date
from membership import rules
from membership.models import (
    Body,
    BodyKind,
    Membership,
    Partnership,
    Role,
    default_partnership,
)
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
    # The partnership whose site the report is published on: "every body" means its bodies,
    # and a joint body is "shared with" the others. None outside a report (every body).
    partnership_id: int | None = None

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
    """Which bodies a block reads: `ids` is None for every body. `joint` names, for each
    joint body among them, the other partnerships it is shared with."""

    ids: frozenset[int] | None
    label: str
    joint: Mapping[int, str] = field(default_factory=dict)

    def applies(self, queryset, field: str = "body_id"):
        return queryset if self.ids is None else queryset.filter(**{f"{field}__in": self.ids})

    @property
    def single_id(self) -> int | None:
        return next(iter(self.ids)) if self.ids is not None and len(self.ids) == 1 else None


@dataclass(frozen=True)
class BodyTree:
    """Every body's name and partnership, and its reporting lines, as a report reads them."""

    names: dict[int, str]
    partnership_of: dict[int, int]
    partnership_names: dict[int, str]
    parents_of: dict[int, set[int]]

    @classmethod
    def read(cls) -> BodyTree:
        """Two queries: the bodies with their parents, and the joint links."""
        names, partnership_of, partnership_names = {}, {}, {}
        rows = Body.objects.values_list(
            "pk", "parent_id", "name", "partnership_id", "partnership__name"
        )
        parent_links = []
        for pk, parent_id, name, partnership_id, partnership_name in rows:
            names[pk] = name
            partnership_of[pk] = partnership_id
            partnership_names[partnership_id] = partnership_name
            parent_links.append((pk, parent_id))
        joint_links = Body.also_reports_to.through.objects.values_list("from_body_id", "to_body_id")
        return cls(
            names,
            partnership_of,
            partnership_names,
            rules.reporting_lines(parent_links, joint_links),
        )

    def served_by(self, body_id: int) -> set[int]:
        """The partnerships a body serves: its own, and those of the bodies it reports to."""
        return {self.partnership_of[body_id]} | {
            self.partnership_of[parent] for parent in self.parents_of.get(body_id, ())
        }

    def shared_with(self, body_id: int, home: int | None) -> str:
        """For a joint body, or a subgroup of one read from another partnership's report,
        the partnerships it serves besides `home` ("" for a body of `home` alone)."""
        served = self.served_by(body_id)
        if home is None and len(served) < 2:
            return ""
        return " and ".join(sorted(self.partnership_names[p] for p in served - {home}))

    def in_partnership(self, partnership_id: int) -> set[int]:
        return {pk for pk in self.names if partnership_id in self.served_by(pk)}


def body_scope(choice: str, report: ReportContext, *, include_subgroups: bool = False) -> BodyScope:
    """The bodies a block's choice stands for: the report's board (""), every body of the
    report's partnership ("*") or one body by id, with the bodies that report to it when
    asked: its subgroups, joint bodies of other partnerships that also report to it, and
    their own subgroups, the joint ones named in the label. Two queries."""
    bodies = BodyTree.read()
    if choice == EVERY_BODY:
        ids = (
            None if report.partnership_id is None else bodies.in_partnership(report.partnership_id)
        )
        return BodyScope(
            ids=None if ids is None else frozenset(ids),
            label="every board and group",
            joint=_joint_among(bodies, bodies.names if ids is None else ids, report.partnership_id),
        )
    body_id = report.board_id if choice in (REPORT_BOARD, None) else as_int(choice)
    if body_id not in bodies.names:
        return BodyScope(ids=frozenset(), label="no body")
    home = report.partnership_id or bodies.partnership_of[body_id]
    ids = {body_id}
    if include_subgroups:
        ids = rules.descendant_ids(body_id, bodies.parents_of)
    joint = _joint_among(bodies, ids, home)
    label = bodies.names[body_id]
    if body_id in joint:
        label += f" (a joint group, shared with {joint[body_id]})"
    if len(ids) > 1:
        included = [
            f"the joint {bodies.names[pk]}, shared with {joint[pk]}"
            for pk in sorted(joint, key=lambda pk: bodies.names[pk])
            if pk != body_id
        ]
        label += " (with the groups that report to it"
        if included:
            label += ", including " + "; ".join(included)
        label += ")"
    return BodyScope(ids=frozenset(ids), label=label, joint=joint)


def _joint_among(bodies: BodyTree, ids, home: int | None) -> dict[int, str]:
    shared = {pk: bodies.shared_with(pk, home) for pk in ids}
    return {pk: others for pk, others in shared.items() if others}


def partnership_for_page(page: Page) -> Partnership:
    """The partnership a page belongs to: the one whose site's home page it is under (the
    default partnership for a page not yet placed in the tree). One query."""
    found = None
    if page.path:
        found = Partnership.objects.filter(
            site__root_page__in=Page.objects.ancestor_of(page, inclusive=True)
        ).first()
    return found or default_partnership()


def as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def agency_name(membership: Membership) -> str:
    if membership.organisation_id:
        return membership.organisation.name
    return LAY_MEMBERS if membership.role_id == Role.LAY_MEMBER else INDEPENDENT


def agency_order(name: str) -> tuple[int, str]:
    return ({INDEPENDENT: 0, LAY_MEMBERS: 1}.get(name, 2), name)
