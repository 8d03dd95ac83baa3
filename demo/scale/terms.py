"""Twenty years of terms for one partnership's seats: a succession of holders per seat, some
with a named deputy, a clerk per body from the business unit, and the demo logins' people
holding the latest terms of the seats they sit in."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.text import slugify

from membership.models import (
    Body,
    Membership,
    Organisation,
    Person,
    Role,
    Seat,
    SeatType,
)

from .context import DAY, Context, midday
from .words import (
    BODIES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HONORIFICS,
    JOB_TITLES,
)

if TYPE_CHECKING:
    from .people import Partnership

# The seeded roles the generator hands out, by what they mean (as the roles' data migration
# sets them): the terms are built in memory, where asking each one's RoleType would query.
CHAIR_ROLES = frozenset({Role.INDEPENDENT_CHAIR, Role.CHAIR})
REPRESENTING_ROLES = frozenset({*CHAIR_ROLES, Role.VICE_CHAIR, Role.MEMBER, Role.LAY_MEMBER})

# A full partnership's people: terms are as long as it takes for about this many people to
# sit on its bodies over twenty years.
PEOPLE_AT_SCALE_1 = 2000
NEW_PERSON_SHARE = 0.75
DEPUTY_SHARE = 0.25
# The bodies the member and the chair personas sit on (see _personas).
MEMBER_BODIES = ("SCB", "EXEC", "QE")
CHAIR_BODY = "QE"


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
            partnership=self.p.record,
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


def memberships_build(ctx: Context, p: Partnership) -> None:
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
        role_id=role,
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
