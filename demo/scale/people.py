"""Agencies, bodies, seats, people and twenty years of their terms, for one partnership.

Each seat is held by a succession of people, each term starting the day after the last
ended (or after a vacancy); some members bring a named deputy; each body has a clerk from
the business unit. The terms keep the membership rules (one chair at a time, one holder
per seat, no person twice in one role at once), which tests/test_scale.py checks.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils.text import slugify

from membership.models import (
    Body,
    Membership,
    Organisation,
    Person,
    RepresentationRequirement,
    Role,
    Seat,
    SeatType,
    Sector,
)
from membership.models import Partnership as PartnershipRecord

from .context import Context, midday
from .terms import CHAIR_BODY, MEMBER_BODIES, REPRESENTING_ROLES, memberships_build
from .words import (
    AGENCIES,
    BODIES,
    LAY_SECTOR,
    SECTOR_NAMES,
)


@dataclass
class Partnership:
    """One partnership's bodies and members, in memory and in the database."""

    area: str
    code: str
    # The partnership's row (membership.models.Partnership) its bodies and people belong to.
    record: PartnershipRecord | None = None
    bodies: dict[str, Body] = field(default_factory=dict)
    seats: dict[str, list[Seat]] = field(default_factory=dict)
    organisations: list[Organisation] = field(default_factory=list)
    memberships: dict[str, list[Membership]] = field(default_factory=lambda: defaultdict(list))
    people: list[Person] = field(default_factory=list)
    logins: dict[str, User] = field(default_factory=dict)

    def members_on(self, body_code: str, day: datetime.date) -> list[Membership]:
        """The body's representing members on the day (chairs and members, not deputies)."""
        return [
            m
            for m in self.memberships[body_code]
            if m.role_id in REPRESENTING_ROLES
            and m.start_date <= day
            and (m.end_date is None or m.end_date >= day)
        ]

    def deputies_on(self, body_code: str, day: datetime.date) -> list[Membership]:
        return [
            m
            for m in self.memberships[body_code]
            if m.role_id == Role.DEPUTY
            and m.start_date <= day
            and (m.end_date is None or m.end_date >= day)
        ]


def sectors_ensure(ctx: Context) -> dict[str, Sector]:
    """The sectors the agencies belong to: those already there (the demo's, say), and the
    rest created."""
    wanted = {**SECTOR_NAMES, LAY_SECTOR[0]: LAY_SECTOR[1]}
    found = {s.slug: s for s in Sector.objects.filter(slug__in=wanted)}
    by_name = {s.name: s for s in Sector.objects.filter(name__in=wanted.values())}
    missing = []
    for slug, name in wanted.items():
        if slug in found:
            continue
        if name in by_name:
            found[slug] = by_name[name]
            continue
        sector = Sector(name=name, slug=slug)
        sector._history_date = midday(ctx.first_day)
        missing.append(sector)
    for sector in ctx.writer.create(Sector, missing):
        found[sector.slug] = sector
    return found


def partnership_build(
    ctx: Context,
    *,
    area: str,
    code: str,
    sectors: dict[str, Sector],
    logins: dict[str, User],
    record: PartnershipRecord,
) -> Partnership:
    """Write one partnership's agencies, bodies, seats, people and memberships."""
    p = Partnership(area=area, code=code, logins=logins, record=record)
    _organisations(ctx, p, sectors)
    _bodies(ctx, p, sectors)
    memberships_build(ctx, p)
    return p


def _organisations(ctx: Context, p: Partnership, sectors: dict[str, Sector]) -> None:
    rows = []
    for slug, pattern, short in AGENCIES:
        organisation = Organisation(
            name=pattern.format(area=p.area),
            short_name=short.format(code=p.code.title())[:50],
            sector=sectors[slug],
        )
        organisation._history_date = midday(ctx.first_day)
        rows.append(organisation)
    p.organisations = ctx.writer.create(Organisation, rows)


def _agency_sample(ctx: Context, p: Partnership, body_code: str, count: int) -> list:
    organisations = list(p.organisations)
    if count >= len(organisations):
        return organisations
    police = next(o for o in organisations if o.sector.slug == "police")
    health = [o for o in organisations if o.sector.slug == "health"]
    chosen = ctx.rng.sample(organisations, count)
    # The personas sit for the police (member) and a health trust (chair): their bodies
    # must have those seats.
    if body_code in MEMBER_BODIES and police not in chosen:
        chosen[0] = police
    if body_code == CHAIR_BODY and health[1] not in chosen:
        # Into a place the police seat does not hold, which the line above may have kept.
        chosen[next(n for n, o in enumerate(chosen) if o != police)] = health[1]
    return sorted(chosen, key=organisations.index)


def _bodies(ctx: Context, p: Partnership, sectors: dict[str, Sector]) -> None:
    for order, (body_code, name, kind, parent, freq, seat_count) in enumerate(BODIES):
        body = Body(
            name=f"{p.area} {name}",
            short_name=f"{p.code}-{body_code}",
            slug=f"{slugify(p.area)}-{slugify(name)}"[:100],
            kind=kind,
            parent=p.bodies[parent] if parent else None,
            purpose=f"The {name.lower()} of the {p.area} safeguarding partnership.",
            terms_of_reference=f"<p>The {name} meets {freq} times a year and reports to its "
            "parent body.</p>",
            quorum_count=max(3, seat_count // 3),
            meeting_frequency=f"{freq} times a year",
            active_from=ctx.first_day,
            sort_order=order,
            partnership=p.record,
        )
        body._history_date = midday(ctx.first_day)
        p.bodies[body_code] = body
    # Parents are written before their children, a level at a time, so each body is
    # created with its parent (and its history row says so).
    level = [body for body in p.bodies.values() if body.parent is None]
    while level:
        ctx.writer.create(Body, level)
        level = [body for body in p.bodies.values() if body.parent in level]
    seats, requirements = [], []
    lay = sectors[LAY_SECTOR[0]]
    for body_code, _name, _kind, _parent, _freq, seat_count in BODIES:
        body = p.bodies[body_code]
        body_seats = []
        chair_title = "Independent chair" if body_code == "SCB" else "Chair"
        body_seats.append(
            Seat(
                body=body,
                title=chair_title,
                seat_type=SeatType.INDEPENDENT if body_code == "SCB" else SeatType.CO_OPTED,
                seniority_note="Appointed by the partners",
                sort_order=0,
            )
        )
        agencies = _agency_sample(
            ctx, p, body_code, seat_count - 1 - (2 if body_code == "SCB" else 0)
        )
        for n, organisation in enumerate(agencies, start=1):
            body_seats.append(
                Seat(
                    body=body,
                    title=f"{organisation.short_name or organisation.name}",
                    sector=organisation.sector,
                    organisation=organisation,
                    seniority_note="Director level" if body_code in ("SCB", "EXEC") else "",
                    sort_order=n,
                )
            )
        if body_code == "SCB":
            for n in (1, 2):
                body_seats.append(
                    Seat(
                        body=body,
                        title=f"Lay member {n}",
                        seat_type=SeatType.LAY,
                        sector=lay,
                        sort_order=90 + n,
                    )
                )
        for seat in body_seats:
            seat._history_date = midday(ctx.first_day)
        p.seats[body_code] = body_seats
        seats += body_seats
        for slug in ("health", "police", "childrens-social-care"):
            requirement = RepresentationRequirement(
                body=body,
                sector=next(o.sector for o in p.organisations if o.sector.slug == slug),
                minimum=2 if slug == "health" and body_code == "SCB" else 1,
                seniority_note="Director level" if body_code == "SCB" else "",
            )
            requirement._history_date = midday(ctx.first_day)
            requirements.append(requirement)
    ctx.writer.create(Seat, seats)
    ctx.writer.create(RepresentationRequirement, requirements)
