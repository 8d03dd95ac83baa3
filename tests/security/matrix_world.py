"""One world for the access matrix (tests/security/test_access_matrix.py), built once per
module: a body whose restricted material all carries one secret word, another body, and a
reader of every kind. The body is the default partnership's (A); a second partnership (B,
tests/partnerships.py) brings readers who sit on B's board, on both, or on a joint committee
of A that also reports to B's board, and business units of B alone and of both."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import APIToken

from cms.selectors import EVERY_BODY
from governance import services as governance_services
from meetings import services
from meetings.models import AccessLogEntry, AgendaItem, Meeting, Paper, PaperNote
from meetings.notes.services import note_create
from meetings.papers import services as paper_services
from membership import services as membership_services
from membership.access import CHAIRS_GROUP, MEMBERS_GROUP
from membership.models import Body, Membership, Person, Role, RoleType, default_partnership
from tests.cms.factories import publish, report
from tests.governance.factories import action, at, challenge, decision, risk
from tests.groups import business_unit_group
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.partnerships import manager_of, second_partnership
from tests.security.matrix_resolutions import restricted_resolution

# Every restricted title and text carries it; nothing public does.
SECRET = "Xylophage"
PUBLIC_ITEM = "Budget monitoring quarter two"
PUBLIC_PAPER = "Budget monitoring report"
PUBLIC_DECISION = "Budget monitoring noted"
# An item added since the agenda was last published: the business unit's alone, title and
# all, wherever items are listed or named, until the agenda is published again.
DRAFT_ITEM = "Quagga tender late addition"
DRAFT_ITEM_DECISION = "Late tender noted"
RESTRICTED_PAPER = f"{SECRET} staffing options"
RESTRICTED_ITEM = f"{SECRET} case review"
RESTRICTED_ITEM_PAPER = f"{SECRET} chronology"
RESTRICTED_MINUTE = f"The board noted the {SECRET} chronology."
# Minutes circulated for comment: read by those at the meeting (a member and a guest who sits
# on no body), the chair and the business unit; the restricted minute by insiders only.
CIRCULATED_WORD = "Quillwort"
CIRCULATED_ITEM = "Savings scrutiny"
CIRCULATED_RESTRICTED_WORD = "Tamarind"
CIRCULATED_RESTRICTED_ITEM = f"{SECRET} placement panel"
# The member's private note on the restricted paper's latest version: theirs alone, not even
# the business unit's or the chair's, who may read the paper.
NOTE_WORD = "Zugzwang"
CIRCULATED_READERS = frozenset(
    {"non_member", "member", "chair", "business_unit", "superuser", "ab_manager"}
)

ROLES = (
    "anonymous",
    "non_member",
    "other_body_member",
    "member",
    "former_member",
    # Sits on the body today, but the business unit has marked the person inactive.
    "inactive_member",
    "chair",
    "business_unit",
    "superuser",
)
# Readers that a second partnership brings: a member of B's board, a person sitting on the
# body and on B's board, a member of a joint committee (A's, also reporting to B's board),
# B's business unit, and a business unit of both A and B.
PARTNERSHIP_ROLES = ("b_member", "both_member", "joint_member", "b_manager", "ab_manager")
ROLES = ROLES + PARTNERSHIP_ROLES
# Who may see the body's restricted material: current members (any role) and the business
# unit of its partnership, superusers included.
INSIDERS = frozenset({"member", "chair", "business_unit", "superuser", "both_member", "ab_manager"})
OUTSIDERS = frozenset(ROLES) - INSIDERS
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
# Who the admin opens to, among the roles whose admin cells the matrix checks.
ADMINS = frozenset({"business_unit", "superuser"})
# Who runs the body: its drafts and everything not yet published are theirs alone.
RUNS_BODY = ADMINS | {"ab_manager"}
# Who sits on some body today (the action, challenge and risk logs are for them).
SITTING = frozenset(
    {"other_body_member", "member", "chair", "b_member", "both_member", "joint_member"}
)

REMOTE_ADDR = "203.0.113.77"


@dataclass
class World:
    body: Body
    other_body: Body
    meeting: Meeting
    past_meeting: Meeting
    circulated_meeting: Meeting
    public_paper: Paper
    restricted_paper: Paper
    item_paper: Paper
    restricted_item: AgendaItem
    records: dict
    users: dict[str, User | AnonymousUser]
    api_keys: dict[str, str] = field(default_factory=dict)
    feed_tokens: dict[str, str] = field(default_factory=dict)
    emails: list = field(default_factory=list)
    leaver: User | None = None
    note: PaperNote | None = None
    report_url: str = ""
    # Signed in once for the module: a session per role.
    sessions: dict[str, str] = field(default_factory=dict)

    def person(self, role: str) -> Person | None:
        user = self.users[role]
        return getattr(user, "person", None) if user.is_authenticated else None

    def client(self, role: str) -> Client:
        client = Client(REMOTE_ADDR=REMOTE_ADDR)
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _user(username: str, *, body: Body | None = None, role: str = Role.MEMBER, **term) -> User:
    """A login for a person; on a body, in the group the demo places its role in (chairs in
    Chairs, which opens the admin to them for reports; the rest in Members). Groups stay
    when a term ends: rights come from the term."""
    user = UserFactory(username=username)
    if body is not None:
        group = CHAIRS_GROUP if RoleType.objects.get(key=role).may_chair else MEMBERS_GROUP
        user.groups.add(Group.objects.get(name=group))
    person = PersonFactory(user=user)
    if body is not None:
        MembershipFactory(
            body=body,
            person=person,
            role=role,
            start_date=term.get("start_date", datetime.date(2011, 4, 1)),
            end_date=term.get("end_date"),
        )
    return user


def _inactive(actor, user: User) -> User:
    person = user.person
    person.active = False
    membership_services.person_save(actor=actor, person=person, reason="Left the partnership")
    return user


def _paper(actor, item, title, *, versions: int = 1, is_restricted: bool = False) -> Paper:
    paper = paper_services.paper_create(
        actor=actor,
        agenda_item=item,
        title=title,
        is_restricted=is_restricted,
        file=upload(make_pdf(pages=1, text=f"{title} v1")),
    )
    for number in range(2, versions + 1):
        paper_services.paper_upload(
            actor=actor, paper=paper, file=upload(make_pdf(pages=1, text=f"{title} v{number}"))
        )
    return paper


def _publish(actor, meeting, **kwargs):
    """Publish with the on-commit work (emails, pack prebuild) run at once, as it would be
    once the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.agenda_publish(actor=actor, meeting=meeting, **kwargs)


def _minutes(actor, chair: User, member: User, body: Body) -> Meeting:
    """Approved minutes of a past meeting whose restricted item's minute names the secret."""
    meeting = Meeting.objects.create(
        body=body,
        title="Executive (January)",
        start=at(datetime.date(2024, 1, 10)),
        end=at(datetime.date(2024, 1, 10), 12),
    )
    later = Meeting.objects.create(
        body=body,
        title="Executive (February)",
        start=at(datetime.date(2024, 2, 14)),
        end=at(datetime.date(2024, 2, 14), 12),
    )
    services.agenda_item_add(actor=actor, meeting=meeting, title="Apologies")
    services.agenda_item_add(
        actor=actor, meeting=meeting, title=f"{SECRET} minute item", is_restricted=True
    )
    _publish(actor, meeting, published_at=meeting.start - datetime.timedelta(days=7))
    approval = services.agenda_item_add(actor=actor, meeting=later, title="Minutes")
    _publish(actor, later, published_at=later.start - datetime.timedelta(days=7))
    for user in (chair, member):
        services.attendance_record(
            actor=actor, meeting=meeting, person=user.person, status="present"
        )
    minutes = governance_services.minutes_draft(actor=actor, meeting=meeting)
    for item in minutes.items.order_by("sort_order"):
        text = RESTRICTED_MINUTE if item.restricted else "Apologies were received."
        governance_services.minutes_save_item(
            actor=actor, minutes=minutes, item=item, text=text, expected_revision=item.revision
        )
    governance_services.minutes_submit_for_review(actor=actor, minutes=minutes)
    governance_services.minutes_circulate(actor=chair, minutes=minutes)
    governance_services.minutes_approve(
        actor=chair, minutes=minutes, at_meeting=later, agenda_item=approval
    )
    return meeting


def _circulated_minutes(actor, chair: User, attendees: list[User], body: Body) -> Meeting:
    """Minutes of a past meeting circulated for comment, with one public and one restricted
    minute, each naming a word nothing else says."""
    meeting = Meeting.objects.create(
        body=body,
        title="Executive (March)",
        start=at(datetime.date(2024, 3, 13)),
        end=at(datetime.date(2024, 3, 13), 12),
    )
    services.agenda_item_add(actor=actor, meeting=meeting, title=CIRCULATED_ITEM)
    services.agenda_item_add(
        actor=actor, meeting=meeting, title=CIRCULATED_RESTRICTED_ITEM, is_restricted=True
    )
    _publish(actor, meeting, published_at=meeting.start - datetime.timedelta(days=7))
    for user in attendees:
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=user.person,
            status="present",
            is_guest=not user.person.memberships.exists(),
        )
    minutes = governance_services.minutes_draft(actor=actor, meeting=meeting)
    for item in minutes.items.order_by("sort_order"):
        word = CIRCULATED_RESTRICTED_WORD if item.restricted else CIRCULATED_WORD
        governance_services.minutes_save_item(
            actor=actor,
            minutes=minutes,
            item=item,
            text=f"The board agreed the {word} proposals.",
            expected_revision=item.revision,
        )
    governance_services.minutes_submit_for_review(actor=actor, minutes=minutes)
    governance_services.minutes_circulate(actor=chair, minutes=minutes)
    return meeting


@override_settings(PAPERS_PACK_PREBUILD=False)
def build_world() -> World:
    """Packs are built by the first cell that asks for one, rather than after every
    publication: two builds instead of six."""
    body = BodyFactory(name="Safeguarding Executive", short_name="EXEC", slug="executive")
    other = BodyFactory(name="Learning and Development", short_name="LD", slug="learning")
    manager = UserFactory(username="manager")
    PersonFactory(user=manager)
    manager.groups.add(business_unit_group())
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    PersonFactory(user=superuser)
    adults = second_partnership()
    joint = BodyFactory(name="Joint Exploitation Group", short_name="JEG", slug="joint")
    joint.also_reports_to.add(adults.board)
    joint.save()  # a parental relation is written when its body is saved
    both_member = _user("both", body=body)
    MembershipFactory(
        body=adults.board, person=both_member.person, start_date=datetime.date(2011, 4, 1)
    )
    b_manager = manager_of(adults, username="adults-manager")
    PersonFactory(user=b_manager)
    ab_manager = manager_of(default_partnership(), adults, username="both-manager")
    PersonFactory(user=ab_manager)
    users = {
        "anonymous": AnonymousUser(),
        "non_member": _user("visitor"),
        "other_body_member": _user("outsider", body=other),
        "member": _user("member", body=body),
        "former_member": _user(
            "former",
            body=body,
            start_date=datetime.date(2011, 4, 1),
            end_date=datetime.date(2020, 3, 31),
        ),
        "inactive_member": _inactive(manager, _user("inactive", body=body)),
        "chair": _user("chair", body=body, role=Role.CHAIR),
        "business_unit": manager,
        "superuser": superuser,
        "b_member": _user("adult", body=adults.board),
        "both_member": both_member,
        "joint_member": _user("jointly", body=joint),
        "b_manager": b_manager,
        "ab_manager": ab_manager,
    }
    leaver = _user("leaver", body=body)

    meeting = Meeting.objects.create(
        body=body,
        title="Safeguarding Executive",
        venue="Committee Room 2",
        start=timezone.now() + datetime.timedelta(days=21),
        end=timezone.now() + datetime.timedelta(days=21, hours=2),
    )
    public_item = services.agenda_item_add(actor=manager, meeting=meeting, title=PUBLIC_ITEM)
    restricted_item = services.agenda_item_add(
        actor=manager,
        meeting=meeting,
        title=RESTRICTED_ITEM,
        description=f"The {SECRET} panel's findings.",
        is_restricted=True,
    )
    public_paper = _paper(manager, public_item, PUBLIC_PAPER)
    restricted_paper = _paper(
        manager, public_item, RESTRICTED_PAPER, versions=2, is_restricted=True
    )
    item_paper = _paper(manager, restricted_item, RESTRICTED_ITEM_PAPER)

    # As the admin records an edit, so the site history has a restricted title to show.
    log(restricted_paper, "wagtail.edit", user=manager)

    mail.outbox = []
    _publish(manager, meeting, change_note="First issue")
    # A second version that changes only restricted material, so the comparison and the
    # "what changed" email have something restricted to leave out.
    services.agenda_item_update(
        actor=manager, item=restricted_item, description=f"Revised {SECRET} findings."
    )
    _publish(manager, meeting, change_note="Revised")
    emails = list(mail.outbox)
    draft_item = services.agenda_item_add(actor=manager, meeting=meeting, title=DRAFT_ITEM)

    past_meeting = _minutes(manager, users["chair"], users["member"], body)
    circulated_meeting = _circulated_minutes(
        manager, users["chair"], [users["member"], users["non_member"]], body
    )
    records = {
        "decision": decision(body, title=f"{SECRET} decision", is_restricted=True),
        "action": action(body, description=f"{SECRET} action", is_restricted=True),
        "challenge": challenge(body, issue=f"{SECRET} challenge", is_restricted=True),
        "risk": risk(body, title=f"{SECRET} risk", is_restricted=True),
        "public decision": decision(body, title=PUBLIC_DECISION),
        "resolution": restricted_resolution(body, SECRET),
        "draft item decision": decision(
            body, title=DRAFT_ITEM_DECISION, meeting=meeting, agenda_item=draft_item
        ),
    }
    # A published report whose live blocks list every body's records to date.
    page = publish(
        report(
            body,
            [(kind, {"body": EVERY_BODY}) for kind in ("decisions", "actions", "challenges")],
            period_start=datetime.date(2011, 4, 1),
            period_end=timezone.localdate(),
            as_of=timezone.localdate(),
        )
    )
    world = World(
        body=body,
        other_body=other,
        meeting=meeting,
        past_meeting=past_meeting,
        circulated_meeting=circulated_meeting,
        public_paper=public_paper,
        restricted_paper=restricted_paper,
        item_paper=item_paper,
        restricted_item=restricted_item,
        records=records,
        users=users,
        emails=emails,
        leaver=leaver,
        report_url=page.url,
        note=note_create(
            actor=users["member"],
            paper_version=restricted_paper.versions.get(number=2),
            page=1,
            text=f"{NOTE_WORD}: ask who signed this off",
            quote=f"{RESTRICTED_PAPER} v2",
            rects=[[72, 700, 300, 714]],
        ),
    )
    for role in SIGNED_IN:
        world.api_keys[role] = APIToken.create_token(user=users[role], name="Matrix")[1]
        world.feed_tokens[role] = services.calendar_token_reset(
            actor=users[role], person=world.person(role)
        ).token
        signed_in = Client()
        signed_in.force_login(users[role])
        world.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    # One opening already in the log, so the log's own listing is a cell of the matrix.
    response = world.client("member").get(f"/papers/{restricted_paper.pk}/")
    b"".join(response.streaming_content)
    assert AccessLogEntry.objects.count() == 1
    assert Membership.objects.filter(body=body).count() == 6
    # The world is built in one transaction that never commits, so the index updates queued
    # after commit never run: index it all at once instead.
    call_command("rebuild_search_index")
    return world
