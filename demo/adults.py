"""The demo's second partnership: a Safeguarding Adults Board run by the same business unit,
with its own subgroups and a committee it shares with the children's board.

It shows each rule of a house with several partnerships: a subgroup of the same name as
one of the children's board ("Quality and Effectiveness Subgroup"), references that carry
the partnership's code, a joint committee whose decisions appear in both registers, a
person who sits on both boards, and logins that see exactly what their seats and business
units give them. It answers on adults.localhost, which browsers resolve to this machine.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from cms.partnerships import create_partnership
from demo.logos import load_logo
from governance import services as governance
from governance.models import Decision, RagColour, RagScheme
from meetings import services as meetings
from meetings.models import AttendanceStatus, Meeting
from membership import services
from membership.access import MEMBERS_GROUP
from membership.models import Body, BodyKind, Membership, Organisation, Partnership, Person, Role

NAME = "Kent and Medway Safeguarding Adults Board"
CODE = "KMSAB"
HOSTNAME = "adults.localhost"
D = datetime.date
REASON = "Demo adults board"
# The logo's disc: white letters on it read at 4.5:1 or better (WCAG 2.2 AA).
COLOUR = "#6b2c6b"

# slug: (name, short name, kind, purpose)
SUBGROUPS = {
    "adults-quality-and-effectiveness": (
        "Quality and Effectiveness Subgroup",
        "QE",
        BodyKind.SUBGROUP,
        "Audits how well agencies keep adults at risk safe, and reports to the Board.",
    ),
    "safeguarding-adults-reviews": (
        "Safeguarding Adults Review Subgroup",
        "SAR",
        BodyKind.SUBGROUP,
        "Decides which cases meet the criteria for a Safeguarding Adults Review (Care Act "
        "2014, section 44) and sees their action plans through.",
    ),
}
# The committee both boards share: run by the children's partnership, reporting to both.
JOINT = (
    "joint-transitions",
    "Joint Transitions Committee",
    "JTC",
    "Young people moving from children's to adults' services: both boards' committee.",
)

# key: (given name, family name, agency, demo login)
PEOPLE = {
    "adults_chair": ("Helena", "Marchetti", None, "adultschair"),
    "asc_director": ("Owen", "Pritchard", "Kent County Council", None),
    "adults_nurse": ("Bernadette", "Kaur", "NHS Kent and Medway", "adultsmember"),
    "adults_manager": ("Ruth", "Okonkwo", None, "adultsmanager"),
    "transitions_lead": ("Daniel", "Asante", "Kent County Council", "jointmember"),
}
LOGIN_EMAIL = "{}@example.org"


def _login(username: str, *groups: Group) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        # The demo's published logins (README): never run in production.
        user = User.objects.create_user(  # nosec B106
            username=username,
            email=LOGIN_EMAIL.format(username),
            password="demo",  # noqa: S106
        )
    user.groups.add(*groups)
    return user


def _partnership() -> Partnership:
    return Partnership.objects.filter(code=CODE).first() or create_partnership(
        actor=None,
        name=NAME,
        code=CODE,
        hostname=HOSTNAME,
        # `make demo` serves on port 8000: emails link to the site where it answers.
        port=8000,
        board_name=NAME,
        board_short_name="SAB",
        contact_email="adults.board@example.org",
    )


def _body(partnership: Partnership, slug: str, name: str, short: str, kind, purpose, **more):
    body = Body.objects.filter(partnership=partnership, slug=slug).first()
    if body is None:
        body = Body(
            partnership=partnership,
            slug=slug,
            name=name,
            short_name=short,
            kind=kind,
            purpose=purpose,
            active_from=D(2015, 4, 1),
            meeting_frequency="Quarterly",
            **more,
        )
        services.body_save(actor=None, body=body, reason=REASON)
    return body


def _sit(person: Person, body: Body, role: str, organisation_name: str | None) -> None:
    if Membership.objects.filter(person=person, body=body).exists():
        return
    services.membership_start(
        actor=None,
        person=person,
        body=body,
        role=role,
        organisation=Organisation.objects.filter(name=organisation_name).first()
        if organisation_name
        else None,
        start_date=D(2015, 4, 1),
        reason=REASON,
    )


def _held_meeting(manager: User, body: Body, day: datetime.date, decisions: list[str]) -> None:
    if Meeting.objects.filter(body=body, start__date=day).exists():
        return
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    meeting = meetings.meeting_schedule(
        actor=manager,
        body=body,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="Sessions House, Maidstone",
        reason=REASON,
    )
    welcome = meetings.agenda_item_add(
        actor=manager, meeting=meeting, title="Welcome and apologies", reason=REASON
    )
    meetings.agenda_item_add(
        actor=manager,
        meeting=meeting,
        title="Safeguarding Adults Review: referral",
        is_restricted=True,
        reason=REASON,
    )
    meetings.agenda_publish(
        actor=manager,
        meeting=meeting,
        change_note="Agenda",
        published_at=start - datetime.timedelta(days=7),
    )
    for membership in body.memberships.all():
        meetings.attendance_record(
            actor=manager,
            meeting=meeting,
            person=membership.person,
            status=AttendanceStatus.PRESENT,
            reason=REASON,
        )
    for title in decisions:
        if not Decision.objects.filter(body=body, title=title).exists():
            governance.decision_record(
                actor=manager,
                body=body,
                title=title,
                text=f"<p>{title}.</p>",
                decided_on=day,
                meeting=meeting,
                agenda_item=welcome,
                reason=REASON,
            )


def _rag_scheme(manager: User, adults: Partnership) -> None:
    """The adults' board keeps the standard words, with black for suspended: its own
    scheme, not the children's, though one business unit runs both."""
    if RagScheme.objects.filter(partnership=adults).exists():
        return
    governance.rag_scheme_save(
        actor=manager,
        scheme=RagScheme(
            partnership=adults,
            name="Adults board ratings",
            description="Blue for complete, black for suspended.",
            complete_colour=RagColour.BLUE,
            suspended_colour=RagColour.BLACK,
        ),
        reason=REASON,
    )


def load_adults_demo(*, manager: User) -> dict[str, User]:
    """Load the second partnership; `manager` (the children's business unit) runs it too.
    Returns its demo logins."""
    children = Partnership.objects.get(is_default=True)
    adults = _partnership()
    _rag_scheme(manager, adults)
    board = adults.board
    for slug, (name, short, kind, purpose) in SUBGROUPS.items():
        _body(adults, slug, name, short, kind, purpose, parent=board)
    joint_slug, joint_name, joint_short, joint_purpose = JOINT
    joint = _body(
        children,
        joint_slug,
        joint_name,
        joint_short,
        BodyKind.SUBGROUP,
        joint_purpose,
        parent=children.board,
    )
    if not joint.also_reports_to.filter(pk=board.pk).exists():
        joint.also_reports_to.add(board)
        services.body_save(actor=None, body=joint, reason=REASON)

    members = Group.objects.get(name=MEMBERS_GROUP)
    manager.groups.add(adults.business_unit)
    logins = {
        "adultsmanager": _login("adultsmanager", adults.business_unit),
        "adultschair": _login("adultschair", members),
        "adultsmember": _login("adultsmember", members),
        "jointmember": _login("jointmember", members),
    }
    load_logo(partnership=adults, colour=COLOUR, uploader=logins["adultsmanager"])
    people = {}
    for key, (given, family, agency, login) in PEOPLE.items():
        email = f"{given}.{family}@example.org".lower()
        person = Person.objects.filter(email=email).first() or services.person_save(
            actor=None,
            person=Person(given_name=given, family_name=family, email=email, partnership=adults),
            reason=REASON,
        )
        if login and person.user_id is None:
            services.person_link_login(actor=None, person=person, user=logins[login])
        people[key] = (person, agency)

    chair, _ = people["adults_chair"]
    _sit(chair, board, Role.INDEPENDENT_CHAIR, None)
    for key in ("asc_director", "adults_nurse"):
        person, agency = people[key]
        _sit(person, board, Role.MEMBER, agency)
    # The children's board's police member sits on the adults' board too: one person, one
    # record, two memberships (matched by choice, here by the demo, never by name).
    police = Person.objects.filter(email="richard.holloway@example.org").first()
    if police is not None:
        _sit(police, board, Role.MEMBER, "Kent Police")
    person, agency = people["transitions_lead"]
    _sit(person, joint, Role.CHAIR, agency)
    if police is not None:
        _sit(police, joint, Role.MEMBER, "Kent Police")

    _held_meeting(
        manager,
        board,
        D(2025, 10, 14),
        ["Adopt the Board's strategic plan for 2025 to 2028"],
    )
    _held_meeting(
        manager,
        joint,
        D(2025, 11, 4),
        ["Agree a joint protocol for young people moving to adults' services"],
    )
    return logins
