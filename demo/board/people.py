"""The demo board: the Kent Safeguarding Children Board of the March 2012 progress report,
its Executive, the Safeguarding Improvement Board and seven subgroups.

Job titles and agencies are the report's; people's names are invented. The Board before
15 July 2011 lacks health, education and voluntary sector representation, as the 2010
inspection found; the streamlined Board endorsed that day fills those seats. Everything is
written through the services, so the demo has the same history as real use. Loading twice
changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from membership import services
from membership.access import BUSINESS_UNIT_GROUP, CHAIRS_GROUP, MEMBERS_GROUP
from membership.models import (
    Body,
    BodyKind,
    Membership,
    Organisation,
    Person,
    RepresentationRequirement,
    Role,
    Seat,
    SeatType,
    Sector,
)

D = datetime.date
BEFORE = D(2008, 4, 1)  # terms that were already running when the records begin
INSPECTION = D(2010, 12, 1)  # the Improvement Board is set up after the October 2010 inspection
CHAIR_APPOINTED = D(2011, 4, 1)
STREAMLINED = D(2011, 7, 15)  # the full Board endorses the independent review

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
    "director_scs": ("", "Andrew", "Ireland", None),
    "director_els": ("", "Patrick", "Leeson", None),
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

# slug: (name, short name, kind, parent slug, purpose, frequency, active from, quorum)
BODIES = {
    "board": (
        "Kent Safeguarding Children Board",
        "KSCB",
        BodyKind.BOARD,
        None,
        "The statutory partnership that co-ordinates and scrutinises how agencies in Kent "
        "keep children safe (Children Act 2004, sections 13–16).",
        "Bimonthly",
        D(2006, 4, 1),
        8,
    ),
    "executive": (
        "KSCB Executive",
        "EXEC",
        BodyKind.EXECUTIVE,
        "board",
        "A small strategic executive that oversees the Board's work between meetings, with "
        "Director-level representation from the statutory partners.",
        "Monthly",
        STREAMLINED,
        4,
    ),
    "improvement-board": (
        "Safeguarding Improvement Board",
        "SIB",
        BodyKind.IMPROVEMENT_BOARD,
        None,
        "Set up in response to the improvement notice after the October 2010 inspection, "
        "under an external independent chair, to scrutinise the Multi-agency Improvement Plan.",
        "Monthly",
        INSPECTION,
        4,
    ),
    "serious-case-review": (
        "Serious Case Review Subgroup",
        "SCR",
        BodyKind.SUBGROUP,
        "board",
        "Considers cases for serious case review, commissions reviews and sees their action "
        "plans through.",
        "Bimonthly",
        STREAMLINED,
        3,
    ),
    "learning-and-development": (
        "Learning and Development Subgroup",
        "LD",
        BodyKind.SUBGROUP,
        "board",
        "Plans and evaluates the multi-agency training programme.",
        "Quarterly",
        STREAMLINED,
        3,
    ),
    "policy-and-practice": (
        "Policy and Practice Subgroup",
        "PP",
        BodyKind.SUBGROUP,
        "board",
        "Keeps the multi-agency procedures and thresholds guidance up to date.",
        "Quarterly",
        STREAMLINED,
        3,
    ),
    "quality-and-effectiveness": (
        "Quality and Effectiveness Subgroup",
        "QE",
        BodyKind.SUBGROUP,
        "board",
        "Runs the Quality and Effectiveness Framework: the multi-agency data set, case-file "
        "audits and their findings.",
        "Bimonthly",
        STREAMLINED,
        3,
    ),
    "health-safeguarding": (
        "Health Safeguarding Group",
        "HSG",
        BodyKind.SUBGROUP,
        "board",
        "Brings together safeguarding leads from commissioners and NHS providers.",
        "Quarterly",
        STREAMLINED,
        3,
    ),
    "education-safeguarding": (
        "Education Safeguarding Group",
        "ESG",
        BodyKind.SUBGROUP,
        "board",
        "Supports schools and colleges in their safeguarding duties.",
        "Termly",
        STREAMLINED,
        3,
    ),
    "trafficking-and-sexual-exploitation": (
        "Trafficking and Sexual Exploitation Subgroup",
        "TSE",
        BodyKind.SUBGROUP,
        "board",
        "Leads the partnership's response to child trafficking and sexual exploitation.",
        "Bimonthly",
        STREAMLINED,
        3,
    ),
}

BOARD_REQUIREMENTS = [
    ("childrens-social-care", 1, "Director of children's services"),
    ("education", 1, "Director level"),
    ("health", 2, "Commissioner and provider, Director level"),
    ("police", 1, "Superintendent or above"),
    ("probation", 1, "Director level"),
    ("youth-offending", 1, "Head of service"),
    ("district-council", 1, "Chief executive"),
    ("cafcass", 1, "Service manager"),
    ("voluntary-and-community", 1, ""),
    ("lay", 2, ""),
]
EXECUTIVE_REQUIREMENTS = [
    ("childrens-social-care", 1, "Director level"),
    ("education", 1, "Director level"),
    ("health", 1, "Director level"),
    ("police", 1, "Director level"),
    ("probation", 1, "Director level"),
]


@dataclass(frozen=True)
class Term:
    body: str
    person: str
    role: str
    organisation: str | None
    job_title: str
    start: datetime.date
    end: datetime.date | None = None
    seat: str | None = None


# fmt: off
def _board_terms() -> list[Term]:
    scs, els, kcc = (
        "Kent County Council – Specialist Children's Services",
        "Kent County Council – Education, Learning and Skills",
        "Kent County Council",
    )
    return [
        Term("board", "former_chair", Role.CHAIR, scs, "Corporate Director, Families and Social Care", BEFORE, D(2011, 3, 31)),  # noqa: E501
        Term("board", "independent_chair", Role.INDEPENDENT_CHAIR, None, "Independent Chair", CHAIR_APPOINTED),  # noqa: E501
        Term("board", "director_scs", Role.MEMBER, scs, "Director of Specialist Children's Services", BEFORE, seat="Children's social care"),  # noqa: E501
        Term("board", "director_els", Role.MEMBER, els, "Director of Education, Learning & Skills", STREAMLINED, seat="Education"),  # noqa: E501
        Term("board", "nursing_nhs", Role.MEMBER, "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway", STREAMLINED, seat="Health commissioner"),  # noqa: E501
        Term("board", "md_west_kent", Role.MEMBER, "West Kent Community Health NHS Trust", "Managing Director, West Kent CHT", STREAMLINED, seat="Health provider"),  # noqa: E501
        Term("board", "probation_director", Role.VICE_CHAIR, "Kent Probation", "Director of Kent Probation", BEFORE, seat="Probation"),  # noqa: E501
        Term("board", "supt_policy", Role.MEMBER, "Kent Police", "Superintendent Kent Police", BEFORE, seat="Police"),  # noqa: E501
        Term("board", "supt_trafficking", Role.MEMBER, "Kent Police", "Superintendent Kent Police", STREAMLINED),  # noqa: E501
        Term("board", "connexions_ceo", Role.MEMBER, "Connexions Kent", "Chief Executive Connexions Kent", BEFORE),  # noqa: E501
        Term("board", "yos_head", Role.MEMBER, "Kent Youth Offending Service", "Head of Youth Offending Service", BEFORE, seat="Youth offending"),  # noqa: E501
        Term("board", "cafcass_manager", Role.MEMBER, "Cafcass", "Service Manager, Cafcass Kent", BEFORE, seat="Cafcass"),  # noqa: E501
        Term("board", "district_ceo", Role.MEMBER, "Maidstone Borough Council", "Chief Executive, Maidstone Borough Council", BEFORE, seat="District councils"),  # noqa: E501
        Term("board", "voluntary_ceo", Role.MEMBER, "Kent Voluntary Sector Forum", "Chief Executive, Kent Voluntary Sector Forum", STREAMLINED, seat="Voluntary sector"),  # noqa: E501
        Term("board", "lay_one", Role.LAY_MEMBER, None, "Lay member", BEFORE, seat="Lay member 1"),
        Term("board", "lay_two", Role.LAY_MEMBER, None, "Lay member", STREAMLINED, seat="Lay member 2"),  # noqa: E501
        Term("board", "lead_member", Role.PARTICIPANT_OBSERVER, kcc, "Cabinet Member for Specialist Children's Services", BEFORE),  # noqa: E501
        Term("board", "designated_doctor", Role.ADVISER, "East Kent Hospitals University NHS Foundation Trust", "Designated Doctor for Safeguarding Children", BEFORE),  # noqa: E501
        Term("board", "board_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Kent Safeguarding Children Board Manager", BEFORE),  # noqa: E501
    ]


def _executive_terms() -> list[Term]:
    scs, els, kcc = (
        "Kent County Council – Specialist Children's Services",
        "Kent County Council – Education, Learning and Skills",
        "Kent County Council",
    )
    return [
        Term("executive", "independent_chair", Role.INDEPENDENT_CHAIR, None, "Independent Chair", STREAMLINED),  # noqa: E501
        Term("executive", "director_scs", Role.MEMBER, scs, "Director of Specialist Children's Services", STREAMLINED, seat="Children's social care — Director level"),  # noqa: E501
        Term("executive", "director_els", Role.MEMBER, els, "Director of Education, Learning & Skills", STREAMLINED, seat="Education — Director level"),  # noqa: E501
        Term("executive", "nursing_nhs", Role.MEMBER, "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway", STREAMLINED, seat="Health — Director level"),  # noqa: E501
        Term("executive", "acc_police", Role.MEMBER, "Kent Police", "Assistant Chief Constable, Kent Police", STREAMLINED, seat="Police — Director level"),  # noqa: E501
        Term("executive", "probation_director", Role.MEMBER, "Kent Probation", "Director of Kent Probation", STREAMLINED, seat="Probation — Director level"),  # noqa: E501
        Term("executive", "lead_member", Role.PARTICIPANT_OBSERVER, kcc, "Cabinet Member for Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term("executive", "board_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Kent Safeguarding Children Board Manager", STREAMLINED),  # noqa: E501
    ]


def _improvement_board_terms() -> list[Term]:
    scs, kcc = "Kent County Council – Specialist Children's Services", "Kent County Council"
    return [
        Term("improvement-board", "improvement_chair", Role.INDEPENDENT_CHAIR, None, "External Independent Chair", INSPECTION),  # noqa: E501
        Term("improvement-board", "independent_chair", Role.MEMBER, None, "Independent Chair, KSCB", CHAIR_APPOINTED),  # noqa: E501
        Term("improvement-board", "director_scs", Role.MEMBER, scs, "Director of Specialist Children's Services", INSPECTION),  # noqa: E501
        Term("improvement-board", "nursing_nhs", Role.MEMBER, "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway", INSPECTION),  # noqa: E501
        Term("improvement-board", "acc_police", Role.MEMBER, "Kent Police", "Assistant Chief Constable, Kent Police", INSPECTION),  # noqa: E501
        Term("improvement-board", "lead_member", Role.PARTICIPANT_OBSERVER, kcc, "Cabinet Member for Specialist Children's Services", INSPECTION),  # noqa: E501
        Term("improvement-board", "dfe_adviser", Role.ADVISER, "Department for Education", "Department for Education adviser", INSPECTION),  # noqa: E501
        Term("improvement-board", "interim_programme_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Interim Programme Manager", D(2012, 2, 6)),  # noqa: E501
    ]


# The seed's table of subgroup chairs, by role, then a few members for each subgroup.
SUBGROUP_CHAIRS = [
    ("serious-case-review", "probation_director", "Kent Probation", "Director of Kent Probation"),
    ("learning-and-development", "connexions_ceo", "Connexions Kent", "Chief Executive Connexions Kent"),  # noqa: E501
    ("policy-and-practice", "supt_policy", "Kent Police", "Superintendent Kent Police"),
    ("quality-and-effectiveness", "md_west_kent", "West Kent Community Health NHS Trust", "Managing Director, West Kent CHT"),  # noqa: E501
    ("health-safeguarding", "nursing_nhs", "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway"),  # noqa: E501
    ("education-safeguarding", "director_els", "Kent County Council – Education, Learning and Skills", "Director of Education, Learning & Skills"),  # noqa: E501
    ("trafficking-and-sexual-exploitation", "supt_trafficking", "Kent Police", "Superintendent Kent Police"),  # noqa: E501
]


def _subgroup_terms() -> list[Term]:
    scs = "Kent County Council – Specialist Children's Services"
    els = "Kent County Council – Education, Learning and Skills"
    terms = [
        Term(slug, person, Role.CHAIR, org, title, STREAMLINED)
        for slug, person, org, title in SUBGROUP_CHAIRS
    ]
    qe = "quality-and-effectiveness"
    terms += [
        Term(qe, "head_qa_scs", Role.MEMBER, scs, "Head of Quality Assurance, Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term(qe, "dci_police", Role.MEMBER, "Kent Police", "Detective Chief Inspector, Public Protection", STREAMLINED),  # noqa: E501
        Term(qe, "designated_nurse", Role.MEMBER, "NHS Kent and Medway", "Designated Nurse for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term(qe, "head_ed_safeguarding", Role.MEMBER, els, "Head of Education Safeguarding", STREAMLINED),  # noqa: E501
        Term(qe, "performance_analyst", Role.ADVISER, "Kent Safeguarding Children Board Business Unit", "KSCB Performance Analyst", D(2012, 1, 16)),  # noqa: E501
        Term(qe, "board_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Kent Safeguarding Children Board Manager", STREAMLINED),  # noqa: E501
    ]
    terms += [
        Term("serious-case-review", "designated_doctor", Role.MEMBER, "East Kent Hospitals University NHS Foundation Trust", "Designated Doctor for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("serious-case-review", "head_qa_scs", Role.MEMBER, scs, "Head of Quality Assurance, Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term("serious-case-review", "dci_police", Role.MEMBER, "Kent Police", "Detective Chief Inspector, Public Protection", STREAMLINED),  # noqa: E501
        Term("learning-and-development", "head_ed_safeguarding", Role.MEMBER, els, "Head of Education Safeguarding", STREAMLINED),  # noqa: E501
        Term("learning-and-development", "voluntary_ceo", Role.MEMBER, "Kent Voluntary Sector Forum", "Chief Executive, Kent Voluntary Sector Forum", STREAMLINED),  # noqa: E501
        Term("policy-and-practice", "head_qa_scs", Role.MEMBER, scs, "Head of Quality Assurance, Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term("policy-and-practice", "designated_nurse", Role.MEMBER, "NHS Kent and Medway", "Designated Nurse for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("health-safeguarding", "designated_doctor", Role.MEMBER, "East Kent Hospitals University NHS Foundation Trust", "Designated Doctor for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("health-safeguarding", "designated_nurse", Role.MEMBER, "NHS Kent and Medway", "Designated Nurse for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("education-safeguarding", "head_ed_safeguarding", Role.MEMBER, els, "Head of Education Safeguarding", STREAMLINED),  # noqa: E501
        Term("trafficking-and-sexual-exploitation", "dci_police", Role.MEMBER, "Kent Police", "Detective Chief Inspector, Public Protection", STREAMLINED),  # noqa: E501
        Term("trafficking-and-sexual-exploitation", "yos_head", Role.MEMBER, "Kent Youth Offending Service", "Head of Youth Offending Service", STREAMLINED),  # noqa: E501
    ]
    return terms


# fmt: on


BOARD_TERMS_OF_REFERENCE = """
<h3>Purpose</h3>
<p>To co-ordinate what is done by each person or body represented on the Board to safeguard
and promote the welfare of children in Kent, and to ensure the effectiveness of what they do
(Children Act 2004, section 14).</p>
<h3>Functions</h3>
<ul>
<li>Develop multi-agency policies and procedures, including thresholds for intervention.</li>
<li>Monitor and evaluate the effectiveness of what partners do, through the Quality and
Effectiveness Framework, multi-agency audits and Section 11 audits.</li>
<li>Undertake serious case reviews and see that their lessons are learned.</li>
<li>Publish an annual report on the effectiveness of safeguarding in Kent.</li>
</ul>
<h3>Membership and quorum</h3>
<p>Senior representatives of each Board partner, able to speak and commit for their agency;
two lay members; the Cabinet Member for Specialist Children's Services as participant
observer. The Board is quorate when eight members are present, including health and
police.</p>
<h3>Confidentiality</h3>
<p>Papers marked restricted are for members only and must not be shared outside the
Board.</p>
"""


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
    _ensure_seats(bodies["board"], _board_terms(), organisations, sectors, manager)
    _ensure_seats(bodies["executive"], _executive_terms(), organisations, sectors, manager)

    terms = _board_terms() + _executive_terms() + _improvement_board_terms() + _subgroup_terms()
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
