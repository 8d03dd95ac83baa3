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
    REPRESENTING_ROLES,
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

from .context import DAY, Context, midday
from .words import (
    AGENCIES,
    BODIES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HONORIFICS,
    JOB_TITLES,
    LAY_SECTOR,
    SECTOR_NAMES,
)

# A full partnership's people: terms are as long as it takes for about this many people to
# sit on its bodies over twenty years.
PEOPLE_AT_SCALE_1 = 2000
NEW_PERSON_SHARE = 0.75
DEPUTY_SHARE = 0.25
# The bodies the member and the chair personas sit on (see _personas).
MEMBER_BODIES = ("SCB", "EXEC", "QE")
CHAIR_BODY = "QE"


@dataclass
class Partnership:
    """One partnership's bodies and members, in memory and in the database."""

    area: str
    code: str
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
            if m.role in REPRESENTING_ROLES
            and m.start_date <= day
            and (m.end_date is None or m.end_date >= day)
        ]

    def deputies_on(self, body_code: str, day: datetime.date) -> list[Membership]:
        return [
            m
            for m in self.memberships[body_code]
            if m.role == Role.DEPUTY
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
    ctx: Context, *, area: str, code: str, sectors: dict[str, Sector], logins: dict[str, User]
) -> Partnership:
    """Write one partnership's agencies, bodies, seats, people and memberships."""
    p = Partnership(area=area, code=code, logins=logins)
    _organisations(ctx, p, sectors)
    _bodies(ctx, p, sectors)
    _memberships(ctx, p)
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
        chosen[1] = health[1]
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


class _People:
    """Makes people as terms need them, and remembers who sits where so that nobody is
    given two overlapping terms on one body."""

    def __init__(self, ctx: Context, p: Partnership):
        self.ctx = ctx
        self.p = p
        self.by_organisation: dict[int | None, list[Person]] = defaultdict(list)
        self.terms: dict[int, list[tuple[str, datetime.date, datetime.date]]] = defaultdict(list)
        self.serial = 0

    def new(
        self, organisation: Organisation | None, since: datetime.date, *, colleague: bool = True
    ) -> Person:
        rng = self.ctx.rng
        self.serial += 1
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        person = Person(
            honorific=rng.choice(HONORIFICS),
            given_name=given,
            family_name=family,
            email=f"{slugify(given)}.{slugify(family)}.{self.serial}@"
            f"{slugify(self.p.area)}.example",
            phone=f"01632 {rng.randint(100000, 999999)}",
        )
        person._history_date = midday(since)
        self.p.people.append(person)
        if colleague:
            self.by_organisation[organisation.pk if organisation else None].append(person)
        return person

    def free(self, person: Person, body_code: str, start, end) -> bool:
        last = end or datetime.date.max
        return not any(
            code == body_code and start <= (e or datetime.date.max) and s <= last
            for code, s, e in self.terms[id(person)]
        )

    def pick(self, organisation, body_code, start, end) -> Person:
        """A new person mostly; sometimes a colleague who already sits on another body."""
        if not self.ctx.chance(NEW_PERSON_SHARE):
            colleagues = self.by_organisation[organisation.pk if organisation else None]
            for _ in range(4):
                if not colleagues:
                    break
                candidate = self.ctx.rng.choice(colleagues)
                if self.free(candidate, body_code, start, end):
                    return candidate
        return self.new(organisation, start)

    def book(self, person: Person, body_code: str, start, end) -> None:
        self.terms[id(person)].append((body_code, start, end))


def _average_term_days(ctx: Context) -> float:
    seats = sum(row[5] for row in BODIES)
    years = (ctx.today - ctx.first_day).days / 365.25
    people = max(PEOPLE_AT_SCALE_1 * ctx.share, 1)
    term_years = years * seats * NEW_PERSON_SHARE / people
    return min(max(term_years, 1.5), 6.0) * 365.25


def _memberships(ctx: Context, p: Partnership) -> None:
    people = _People(ctx, p)
    average = _average_term_days(ctx)
    reserved = _personas(ctx, p, people)
    rows: list[Membership] = []
    for body_code, *_rest in BODIES:
        for seat in p.seats[body_code]:
            final = reserved.get((body_code, seat.title))
            rows += _seat_terms(ctx, p, people, body_code, seat, average, final)
        rows += _clerk_terms(ctx, p, people, body_code)
    current = {id(m.person) for m in rows if m.end_date is None}
    for person in p.people:
        person.active = id(person) in current or person.user_id is not None
    ctx.writer.create(Person, p.people)
    ctx.writer.create(Membership, rows)
    for membership in rows:
        p.memberships[_code_of(p, membership.body)].append(membership)


def _code_of(p: Partnership, body: Body) -> str:
    return body.short_name.rsplit("-", 1)[1]


def _role_for(body_code: str, seat: Seat) -> str:
    if seat.sort_order == 0:
        return Role.INDEPENDENT_CHAIR if body_code == "SCB" else Role.CHAIR
    if seat.seat_type == SeatType.LAY:
        return Role.LAY_MEMBER
    return Role.MEMBER


def _job_title(ctx: Context, organisation: Organisation | None) -> str:
    if organisation is None:
        return "Independent chair"
    return f"{ctx.rng.choice(JOB_TITLES)}, {organisation.name}"[:200]


def _seat_terms(ctx, p, people, body_code, seat, average, final) -> list[Membership]:
    """The succession of holders of one seat from the first day of the history, ending with
    the reserved persona's term when there is one."""
    rng = ctx.rng
    role = _role_for(body_code, seat)
    organisation = seat.organisation
    terms = []
    day = ctx.first_day + datetime.timedelta(days=rng.randint(0, 60))
    stop = final[1] if final else None
    while day <= ctx.today and (stop is None or day < stop):
        length = datetime.timedelta(days=int(rng.uniform(0.5, 1.5) * average))
        end = day + length
        if stop is not None and end >= stop:
            end = stop - DAY
        elif end >= ctx.today:
            end = None
        # A chair's organisation is whichever agency the holder comes from.
        agency = organisation or (None if body_code == "SCB" else rng.choice(p.organisations))
        person = people.pick(agency, body_code, day, end)
        terms.append(_term(ctx, people, person, seat, body_code, role, agency, day, end))
        if agency is not None and role == Role.MEMBER and ctx.chance(DEPUTY_SHARE):
            deputy = people.pick(agency, body_code, day, end)
            if deputy is not person:
                terms.append(
                    _term(ctx, people, deputy, None, body_code, Role.DEPUTY, agency, day, end)
                )
        if end is None:
            break
        gap = 0 if ctx.chance(0.75) else rng.randint(14, 120)
        day = end + DAY + datetime.timedelta(days=gap)
    if final:
        person, start, agency = final
        terms.append(_term(ctx, people, person, seat, body_code, role, agency, start, None))
    return terms


def _term(ctx, people, person, seat, body_code, role, organisation, start, end) -> Membership:
    people.book(person, body_code, start, end)
    membership = Membership(
        body=people.p.bodies[body_code],
        person=person,
        seat=seat,
        role=role,
        organisation=organisation,
        job_title=_job_title(ctx, organisation),
        start_date=start,
        end_date=end,
    )
    membership._history_date = midday(start)
    return membership


def _clerk_terms(ctx: Context, p: Partnership, people: _People, body_code: str) -> list:
    """The business unit clerks the body, changing clerk every five years or so."""
    council = p.organisations[0]
    terms = []
    day = ctx.first_day
    while day <= ctx.today:
        end = day + datetime.timedelta(days=ctx.rng.randint(3 * 365, 7 * 365))
        end = None if end >= ctx.today else end
        clerk = people.pick(council, body_code, day, end)
        terms.append(_term(ctx, people, clerk, None, body_code, Role.CLERK, council, day, end))
        if end is None:
            break
        day = end + DAY
    return terms


def _personas(ctx: Context, p: Partnership, people: _People) -> dict:
    """The people the demo logins belong to, each holding the latest term of a seat:

    - the member sits for the police on the Board, the Executive and the Quality and
      Effectiveness Subgroup, for the last three years;
    - the chair chairs that subgroup and sits for a health trust on the Board, for two.
    """
    police = next(o for o in p.organisations if o.sector.slug == "police")
    health = [o for o in p.organisations if o.sector.slug == "health"][1]
    three_years = ctx.today - datetime.timedelta(days=3 * 365)
    two_years = ctx.today - datetime.timedelta(days=2 * 365)
    # Nobody else's term is given to them (colleague=False).
    member = people.new(police, three_years, colleague=False)
    member.user = p.logins["member"]
    chair = people.new(health, two_years, colleague=False)
    chair.user = p.logins["chair"]
    manager = people.new(p.organisations[0], ctx.first_day, colleague=False)
    manager.user = p.logins["manager"]
    reserved = {}
    for body_code in MEMBER_BODIES:
        title = next(s.title for s in p.seats[body_code] if s.organisation == police)
        reserved[(body_code, title)] = (member, three_years, police)
    reserved[(CHAIR_BODY, "Chair")] = (chair, two_years, health)
    title = next(s.title for s in p.seats["SCB"] if s.organisation == health)
    reserved[("SCB", title)] = (chair, two_years, health)
    return reserved
