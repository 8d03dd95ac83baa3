"""The demo board: the Kent Safeguarding Children Board of the March 2012 progress report,
its Executive, the Safeguarding Improvement Board and seven subgroups.

Job titles and agencies are the report's; people's names are invented. The Board before
15 July 2011 lacks health, education and voluntary sector representation, as the 2010
inspection found; the streamlined Board endorsed that day fills those seats. Everything is
written through the services, so the demo has the same history as real use. Loading twice
changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction

from membership import services
from membership.access import BUSINESS_UNIT_GROUP, CHAIRS_GROUP, MEMBERS_GROUP
from membership.models import (
    Body,
    Membership,
    Organisation,
    Person,
    RepresentationRequirement,
    Seat,
    SeatType,
    Sector,
)

from .bodies import BOARD_REQUIREMENTS, BOARD_TERMS_OF_REFERENCE, BODIES, EXECUTIVE_REQUIREMENTS
from .terms import Term, board_terms, executive_terms, improvement_board_terms, subgroup_terms

SECTORS = [
    ("Children's social care", "childrens-social-care"),
    ("Education", "education"),
    ("Health", "health"),
    ("Police", "police"),
    ("Probation", "probation"),
    ("Youth offending", "youth-offending"),
    ("Voluntary and community", "voluntary-and-community"),
    ("Lay", "lay"),
    ("District council", "district-council"),
    ("Cafcass", "cafcass"),
    ("Public health", "public-health"),
    ("Other", "other"),
]

# (name, short name, sector slug)
ORGANISATIONS = [
    ("Kent County Council – Specialist Children's Services", "KCC SCS", "childrens-social-care"),
    ("Kent County Council – Education, Learning and Skills", "KCC ELS", "education"),
    ("Kent County Council", "KCC", "other"),
    ("NHS Kent and Medway", "NHS K&M", "health"),
    ("West Kent Community Health NHS Trust", "West Kent CHT", "health"),
    ("East Kent Hospitals University NHS Foundation Trust", "EKHUFT", "health"),
    ("Kent Police", "Kent Police", "police"),
    ("Kent Probation", "Kent Probation", "probation"),
    ("Kent Youth Offending Service", "Kent YOS", "youth-offending"),
    ("Connexions Kent", "Connexions", "other"),
    ("Cafcass", "Cafcass", "cafcass"),
    ("Maidstone Borough Council", "Maidstone BC", "district-council"),
    ("Kent Voluntary Sector Forum", "KVSF", "voluntary-and-community"),
    ("Department for Education", "DfE", "other"),
    ("Kent Safeguarding Children Board Business Unit", "KSCB", "other"),
]

# key: (honorific, given name, family name, demo login)
PEOPLE = {
    "independent_chair": ("", "Margaret", "Fielding", None),
    "former_chair": ("", "Graham", "Pike", None),
    "improvement_chair": ("", "Elizabeth", "Rowntree", None),
    "director_scs": ("", "Daniel", "Ashcroft", None),
    "director_els": ("", "Philip", "Lomax", None),
    "nursing_nhs": ("", "Caroline", "Hartley", None),
    "md_west_kent": ("", "Fiona", "Marsh", "chair"),
    "probation_director": ("", "Sarah", "Billington", None),
    "connexions_ceo": ("", "David", "Ashworth", None),
    "supt_policy": ("Supt", "Nicola", "Brennan", None),
    "supt_trafficking": ("Supt", "Mark", "Okafor", None),
    "acc_police": ("", "Richard", "Holloway", "member"),
    "yos_head": ("", "Angela", "Moss", None),
    "cafcass_manager": ("", "Peter", "Quinn", None),
    "district_ceo": ("", "Helen", "Gordon", None),
    "voluntary_ceo": ("", "Joanne", "Whitfield", None),
    "lay_one": ("", "Susan", "Carter", None),
    "lay_two": ("", "Michael", "Evans", None),
    "lead_member": ("Cllr", "Jennifer", "Whittle", None),
    "designated_doctor": ("Dr", "Anil", "Mehta", None),
    "designated_nurse": ("", "Rachel", "Stone", None),
    "dfe_adviser": ("", "Thomas", "Greaves", None),
    "board_manager": ("", "Pauline", "Dawson", "manager"),
    "performance_analyst": ("", "Laura", "Chen", None),
    "head_qa_scs": ("", "Simon", "Taylor", None),
    "dci_police": ("DCI", "Gareth", "Lewis", None),
    "head_ed_safeguarding": ("", "Claire", "Morgan", None),
    "interim_programme_manager": ("", "James", "Fletcher", None),
}


def _ensure_user(username: str, *, group: str, email: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        # The demo's published logins (README): never run in production.
        user = User.objects.create_user(  # nosec B106
            username=username,
            email=email,
            password="demo",  # noqa: S106
        )
    user.groups.add(Group.objects.get(name=group))
    return user


@transaction.atomic
def load_membership_demo() -> dict[str, User]:
    """Load (or leave alone, when already there) the demo board and the three demo logins."""
    manager = _ensure_user("manager", group=BUSINESS_UNIT_GROUP, email="manager@example.org")
    logins = {
        "manager": manager,
        "chair": _ensure_user("chair", group=CHAIRS_GROUP, email="chair@example.org"),
        "member": _ensure_user("member", group=MEMBERS_GROUP, email="member@example.org"),
    }
    reason = "Demo board"

    sectors = {}
    for name, slug in SECTORS:
        sectors[slug] = Sector.objects.filter(slug=slug).first() or services.sector_save(
            actor=manager, sector=Sector(name=name, slug=slug), reason=reason
        )

    organisations = {}
    for name, short_name, sector_slug in ORGANISATIONS:
        organisations[name] = Organisation.objects.filter(
            name=name
        ).first() or services.organisation_save(
            actor=manager,
            organisation=Organisation(
                name=name, short_name=short_name, sector=sectors[sector_slug]
            ),
            reason=reason,
        )

    people = {}
    for key, (honorific, given, family, login) in PEOPLE.items():
        email = f"{given}.{family}@example.org".lower()
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = services.person_save(
                actor=manager,
                person=Person(
                    honorific=honorific, given_name=given, family_name=family, email=email
                ),
                reason=reason,
            )
        if login and person.user_id is None:
            services.person_link_login(actor=manager, person=person, user=logins[login])
        people[key] = person

    bodies = {}
    for slug, (name, short, kind, parent, purpose, frequency, start, quorum) in BODIES.items():
        body = Body.objects.filter(slug=slug).first()
        if body is None:
            body = Body(
                name=name,
                short_name=short,
                slug=slug,
                kind=kind,
                parent=bodies.get(parent),
                purpose=purpose,
                meeting_frequency=frequency,
                active_from=start,
                quorum_count=quorum,
                sort_order=len(bodies) * 10,
            )
            if slug == "board":
                body.terms_of_reference = BOARD_TERMS_OF_REFERENCE.strip()
            services.body_save(actor=manager, body=body, reason=reason)
            if slug == "board":
                body.quorum_sectors.set([sectors["health"], sectors["police"]])
                services.body_save(actor=manager, body=body, reason=reason)
        bodies[slug] = body

    _ensure_requirements(bodies["board"], BOARD_REQUIREMENTS, sectors, manager)
    _ensure_requirements(bodies["executive"], EXECUTIVE_REQUIREMENTS, sectors, manager)
    _ensure_seats(bodies["board"], board_terms(), organisations, sectors, manager)
    _ensure_seats(bodies["executive"], executive_terms(), organisations, sectors, manager)

    terms = board_terms() + executive_terms() + improvement_board_terms() + subgroup_terms()
    for term in terms:
        body = bodies[term.body]
        person = people[term.person]
        if Membership.objects.filter(
            body=body, person=person, role=term.role, start_date=term.start
        ).exists():
            continue
        services.membership_start(
            actor=manager,
            person=person,
            body=body,
            role=term.role,
            seat=Seat.objects.get(body=body, title=term.seat) if term.seat else None,
            organisation=organisations[term.organisation] if term.organisation else None,
            job_title=term.job_title,
            start_date=term.start,
            end_date=term.end,
            reason=reason,
        )
    return logins


def _ensure_requirements(body: Body, requirements, sectors, actor: User) -> None:
    existing = set(body.requirements.values_list("sector__slug", flat=True))
    missing = [r for r in requirements if r[0] not in existing]
    if not missing:
        return
    for sector_slug, minimum, note in missing:
        body.requirements.add(
            RepresentationRequirement(
                sector=sectors[sector_slug], minimum=minimum, seniority_note=note
            )
        )
    services.body_save(actor=actor, body=body, reason="Demo board: representation requirements")


def _ensure_seats(body: Body, terms: list[Term], organisations, sectors, actor: User) -> None:
    lay = sectors["lay"]
    existing = set(body.seats.values_list("title", flat=True))
    seated = enumerate(t for t in terms if t.seat)
    missing = [(order, t) for order, t in seated if t.seat not in existing]
    if not missing:
        return
    for order, term in missing:
        organisation = organisations[term.organisation] if term.organisation else None
        body.seats.add(
            Seat(
                title=term.seat,
                seat_type=SeatType.LAY if organisation is None else SeatType.STATUTORY_PARTNER,
                organisation=organisation,
                sector=organisation.sector if organisation else lay,
                sort_order=order,
            )
        )
    services.body_save(actor=actor, body=body, reason="Demo board: seats")
