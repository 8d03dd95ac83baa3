"""Reads of membership data, each returning what its page needs in a fixed number of queries.

Every other app asks these questions here: who sits on a body on a date, who chairs it, which
bodies a person sits on, and whether a body's membership meets its requirements.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When

from membership.models import (
    Body,
    Membership,
    Partnership,
    Person,
    RepresentationRequirement,
    Role,
    Seat,
    default_partnership,
)


def _membership_related(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    return queryset.select_related("person", "role", "organisation__sector", "seat__sector", "body")


def membership_list_current(body: Body, on: datetime.date) -> QuerySet[Membership]:
    """The body's members on the date, chairs first, then by agency and name."""
    chairs_first = Case(When(role__may_chair=True, then=Value(0)), default=Value(1))
    return _membership_related(Membership.objects.filter(body=body).current_on(on)).order_by(
        chairs_first, "organisation__name", "person__family_name", "person__given_name"
    )


def membership_get_chair(body: Body, on: datetime.date) -> Membership | None:
    return (
        _membership_related(Membership.objects.filter(body=body, role__may_chair=True))
        .current_on(on)
        .first()
    )


def seat_holders_on(seat: Seat, on: datetime.date) -> list[Membership]:
    """Who holds the seat on the date (a deputy or clerk attached to it does not)."""
    return list(
        Membership.objects.filter(seat=seat, role__holds_seat=True)
        .current_on(on)
        .select_related("person", "role", "organisation")
        .order_by("start_date", "pk")
    )


def membership_list_for_person(person: Person) -> QuerySet[Membership]:
    """A person's whole history of terms, most recent first."""
    return _membership_related(Membership.objects.filter(person=person)).order_by(
        "-start_date", "body__name"
    )


def membership_list_for_people_on_bodies(
    people: list[Person], body_ids: Collection[int]
) -> QuerySet[Membership]:
    """The people's terms on those bodies only, each person's in the order they began."""
    return (
        Membership.objects.filter(person__in=people, body_id__in=body_ids)
        .select_related("body", "role")
        .order_by("person_id", "start_date", "body__name")
    )


def body_list_for_person(person: Person, on: datetime.date) -> QuerySet[Body]:
    return Body.objects.filter(
        pk__in=Membership.objects.filter(person=person).current_on(on).values("body_id")
    )


def _active_on(on: datetime.date) -> Q:
    return Q(active_from__lte=on) & (Q(active_until__isnull=True) | Q(active_until__gte=on))


def _reporting_lines() -> Prefetch:
    """The bodies of other partnerships a body also reports to, with their partnership: what
    places a joint body in a partnership's structure and names who it is joint with."""
    return Prefetch("also_reports_to", queryset=Body.objects.select_related("partnership"))


def _mark_joint(body: Body, partnership: Partnership) -> Body:
    """`joint_with`: the names of the other partnerships this body serves, as seen from this
    one (its owner, when another partnership owns it, and those it reports into)."""
    names = {body.partnership.name} if body.partnership_id != partnership.pk else set()
    names.update(
        parent.partnership.name
        for parent in body.also_reports_to.all()
        if parent.partnership_id != partnership.pk
    )
    body.joint_with = sorted(names)
    return body


def body_list_structure(on: datetime.date, partnership: Partnership | None = None) -> list[Body]:
    """Bodies active on the date, each with `current_chairs`, in the order of the structure
    chart: each parent before its children. For a partnership, the bodies serving it, each
    with `joint_with`: its board first, a joint body under the body it reports to here."""
    chairs = _membership_related(Membership.objects.filter(role__may_chair=True).current_on(on))
    bodies = Body.objects.filter(_active_on(on)).prefetch_related(
        Prefetch("memberships", queryset=chairs, to_attr="current_chairs")
    )
    if partnership is None:
        return _in_tree_order(list(bodies.select_related("parent")), None)
    bodies = list(
        bodies.in_partnership(partnership)
        .select_related("parent", "partnership")
        .prefetch_related(_reporting_lines())
    )
    for body in bodies:
        _mark_joint(body, partnership)
    return _in_tree_order(bodies, partnership)


def _parent_here(body: Body, partnership: Partnership | None, ids: set[int]) -> int | None:
    """The body this one reports to within the partnership's structure, if it is shown."""
    if body.parent_id in ids or partnership is None:
        return body.parent_id if body.parent_id in ids else None
    for parent in body.also_reports_to.all():
        if parent.partnership_id == partnership.pk and parent.pk in ids:
            return parent.pk
    return None


def _in_tree_order(bodies: list[Body], partnership: Partnership | None) -> list[Body]:
    by_parent: dict[int | None, list[Body]] = defaultdict(list)
    ids = {body.pk for body in bodies}
    for body in bodies:
        by_parent[_parent_here(body, partnership, ids)].append(body)
    # The partnership's own board heads its chart; other top-level bodies keep their order.
    if partnership is not None:
        by_parent[None].sort(key=lambda body: body.pk != partnership.board_id)
    ordered: list[Body] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for body in by_parent.get(parent_id, []):
            body.depth = depth
            ordered.append(body)
            walk(body.pk, depth + 1)

    walk(None, 0)
    return ordered


def body_get_detail(slug: str, on: datetime.date, partnership: Partnership | None = None) -> Body:
    """A body serving the partnership, by its address there, with its parent, its active
    children (its own and joint bodies reporting into it) and their chairs, its members on
    the date in `current_memberships`, `joint_with`, the bodies it also reports to and its
    linked boards (`linked_boards`, each with its partnership and site): what the public
    body page shows (the default partnership's when none is named). Raises
    Body.DoesNotExist for a body of another partnership."""
    partnership = partnership or default_partnership()
    chairs = _membership_related(Membership.objects.filter(role__may_chair=True).current_on(on))
    children = Body.objects.filter(_active_on(on)).prefetch_related(
        Prefetch("memberships", queryset=chairs, to_attr="current_chairs")
    )
    current = _membership_related(Membership.objects.current_on(on)).order_by(
        "organisation__name", "person__family_name", "person__given_name"
    )
    found = list(
        Body.objects.in_partnership(partnership)
        .filter(slug=slug)
        .select_related("parent__partnership", "partnership")
        .prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_memberships"),
            Prefetch(
                "related_bodies",
                queryset=Body.objects.select_related("partnership__site"),
                to_attr="linked_boards",
            ),
            _reporting_lines(),
        )
    )
    # A joint body may share its address with none of the partnership's own (Body.clean),
    # but should old rows clash, the partnership's own body answers.
    found.sort(key=lambda body: body.partnership_id != partnership.pk)
    if not found:
        raise Body.DoesNotExist
    body = _mark_joint(found[0], partnership)
    # Its own children and the joint bodies of other partnerships reporting into it, in the
    # same two queries the children alone would take.
    joint = Body.also_reports_to.through.objects.filter(to_body=body).values("from_body")
    body.active_children = list(children.filter(Q(parent=body) | Q(pk__in=joint)))
    return body


INDEPENDENT = "Independent"
LAY_MEMBERS = "Lay members"


def members_by_agency(memberships: list[Membership]) -> list[tuple[str, list[Membership]]]:
    """Group memberships under their agency's name, chairs and independents first."""
    groups: dict[str, list[Membership]] = defaultdict(list)
    for membership in memberships:
        if membership.organisation:
            name = membership.organisation.name
        elif membership.role_id == Role.LAY_MEMBER:
            name = LAY_MEMBERS
        else:
            name = INDEPENDENT
        groups[name].append(membership)
    first = {INDEPENDENT: 0, LAY_MEMBERS: 1}
    return sorted(groups.items(), key=lambda item: (first.get(item[0], 2), item[0]))


@dataclass
class RequirementStatus:
    requirement: RepresentationRequirement
    found: int

    @property
    def met(self) -> bool:
        return self.found >= self.requirement.minimum

    @property
    def shortfall(self) -> int:
        return max(self.requirement.minimum - self.found, 0)


@dataclass
class ComplianceReport:
    """Whether a body's membership on a date meets its representation requirements."""

    body: Body
    on: datetime.date
    requirements: list[RequirementStatus] = field(default_factory=list)
    vacant_seats: list[Seat] = field(default_factory=list)

    @property
    def unmet(self) -> list[RequirementStatus]:
        return [status for status in self.requirements if not status.met]

    @property
    def compliant(self) -> bool:
        return not self.unmet and not self.vacant_seats


def body_compliance(body: Body, on: datetime.date) -> ComplianceReport:
    """Which requirements are unmet and which seats are vacant on the date ("on 1 April 2011
    the Board had no health representative")."""
    current = list(
        Membership.objects.filter(body=body)
        .current_on(on)
        .select_related("role", "organisation", "seat")
    )
    by_sector = Counter(m.represented_sector_id for m in current if m.role.counts_for_quorum)
    filled_seat_ids = {m.seat_id for m in current if m.role.holds_seat and m.seat_id}
    requirements = body.requirements.select_related("sector").all()
    seats = body.seats.filter(active=True).select_related("sector", "organisation")
    return ComplianceReport(
        body=body,
        on=on,
        requirements=[
            RequirementStatus(requirement=r, found=by_sector.get(r.sector_id, 0))
            for r in requirements
        ],
        vacant_seats=[seat for seat in seats if seat.pk not in filled_seat_ids],
    )
