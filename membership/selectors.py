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
    CHAIR_ROLES,
    REPRESENTING_ROLES,
    SEAT_HOLDING_ROLES,
    Body,
    Membership,
    Person,
    RepresentationRequirement,
    Role,
    Seat,
)


def _membership_related(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    return queryset.select_related("person", "organisation__sector", "seat__sector", "body")


def membership_list_current(body: Body, on: datetime.date) -> QuerySet[Membership]:
    """The body's members on the date, chairs first, then by agency and name."""
    chairs_first = Case(When(role__in=CHAIR_ROLES, then=Value(0)), default=Value(1))
    return _membership_related(Membership.objects.filter(body=body).current_on(on)).order_by(
        chairs_first, "organisation__name", "person__family_name", "person__given_name"
    )


def membership_get_chair(body: Body, on: datetime.date) -> Membership | None:
    return (
        _membership_related(Membership.objects.filter(body=body, role__in=CHAIR_ROLES))
        .current_on(on)
        .first()
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
        .select_related("body")
        .order_by("person_id", "start_date", "body__name")
    )


def body_list_for_person(person: Person, on: datetime.date) -> QuerySet[Body]:
    return Body.objects.filter(
        pk__in=Membership.objects.filter(person=person).current_on(on).values("body_id")
    )


def _active_on(on: datetime.date) -> Q:
    return Q(active_from__lte=on) & (Q(active_until__isnull=True) | Q(active_until__gte=on))


def body_list_structure(on: datetime.date) -> list[Body]:
    """Bodies active on the date, each with `current_chairs`, in the order of the structure
    chart: the parent before its children."""
    chairs = _membership_related(Membership.objects.filter(role__in=CHAIR_ROLES).current_on(on))
    bodies = list(
        Body.objects.filter(_active_on(on))
        .select_related("parent")
        .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="current_chairs"))
    )
    return _in_tree_order(bodies)


def _in_tree_order(bodies: list[Body]) -> list[Body]:
    by_parent: dict[int | None, list[Body]] = defaultdict(list)
    ids = {body.pk for body in bodies}
    for body in bodies:
        by_parent[body.parent_id if body.parent_id in ids else None].append(body)
    ordered: list[Body] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for body in by_parent.get(parent_id, []):
            body.depth = depth
            ordered.append(body)
            walk(body.pk, depth + 1)

    walk(None, 0)
    return ordered


def body_get_detail(slug: str, on: datetime.date) -> Body:
    """A body with its parent, its active children and their chairs, and its members on the
    date in `current_memberships`: what the public body page shows."""
    chairs = _membership_related(Membership.objects.filter(role__in=CHAIR_ROLES).current_on(on))
    children = Body.objects.filter(_active_on(on)).prefetch_related(
        Prefetch("memberships", queryset=chairs, to_attr="current_chairs")
    )
    current = _membership_related(Membership.objects.current_on(on)).order_by(
        "organisation__name", "person__family_name", "person__given_name"
    )
    return (
        Body.objects.select_related("parent")
        .prefetch_related(
            Prefetch("children", queryset=children, to_attr="active_children"),
            Prefetch("memberships", queryset=current, to_attr="current_memberships"),
        )
        .get(slug=slug)
    )


INDEPENDENT = "Independent"
LAY_MEMBERS = "Lay members"


def members_by_agency(memberships: list[Membership]) -> list[tuple[str, list[Membership]]]:
    """Group memberships under their agency's name, chairs and independents first."""
    groups: dict[str, list[Membership]] = defaultdict(list)
    for membership in memberships:
        if membership.organisation:
            name = membership.organisation.name
        elif membership.role == Role.LAY_MEMBER:
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
        Membership.objects.filter(body=body).current_on(on).select_related("organisation", "seat")
    )
    by_sector = Counter(m.represented_sector_id for m in current if m.role in REPRESENTING_ROLES)
    filled_seat_ids = {m.seat_id for m in current if m.role in SEAT_HOLDING_ROLES and m.seat_id}
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
