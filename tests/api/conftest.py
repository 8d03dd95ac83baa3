"""A body with a published agenda holding public and restricted items and papers, and one
reader of each kind: nobody signed in, a member of another body, a member and the chair of
the body, and the business unit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from meetings import services
from meetings.models import Meeting
from membership.models import Body, Person, Role
from tests.meetings.factories import MeetingFactory, PaperFactory, PaperVersionFactory
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

PUBLIC_ITEM = "Ofsted improvement plan progress"
PUBLIC_PAPER = "Improvement plan RAG report"
RESTRICTED_PAPER_OF_PUBLIC_ITEM = "Named-officer staffing options (confidential)"
RESTRICTED_ITEM = "Serious case review: Child K (confidential)"
RESTRICTED_DESCRIPTION = "Chronology from the panel (confidential)"
RESTRICTED_SUB_ITEM = "Child K: family history (confidential)"
RESTRICTED_PAPER = "Child K chronology (confidential)"
DRAFT_ITEM = "Allegation against a professional (draft, confidential)"
ONLINE_LINK = "https://teams.example.org/l/meetup-join/executive"
PRESENTER_EMAIL = "presenter@example.org"

# Every string that only readers with the right may see.
SECRETS = (
    RESTRICTED_ITEM,
    RESTRICTED_DESCRIPTION,
    RESTRICTED_SUB_ITEM,
    RESTRICTED_PAPER,
    RESTRICTED_PAPER_OF_PUBLIC_ITEM,
    ONLINE_LINK,
)

READERS = ("anonymous", "other_body_member", "member", "chair", "business_unit")
INSIDERS = {"member", "chair", "business_unit"}


@dataclass
class Scene:
    body: Body
    other_body: Body
    meeting: Meeting
    unpublished: Meeting
    presenter: Person
    users: dict[str, User | AnonymousUser]


def _user_on(body: Body, username: str, role: str = Role.MEMBER) -> User:
    user = UserFactory(username=username)
    MembershipFactory(
        body=body, person=PersonFactory(user=user), role=role, start_date=datetime.date(2011, 4, 1)
    )
    return user


@pytest.fixture
def scene(business_unit_user) -> Scene:
    actor = business_unit_user
    body = BodyFactory(name="KSCB Executive", slug="executive")
    other = BodyFactory(name="Learning and Development Subgroup", slug="learning")
    users = {
        "anonymous": AnonymousUser(),
        "other_body_member": _user_on(other, "outsider"),
        "member": _user_on(body, "member"),
        "chair": _user_on(body, "chair", Role.INDEPENDENT_CHAIR),
        "business_unit": business_unit_user,
    }
    presenter = PersonFactory(honorific="Dr", email=PRESENTER_EMAIL)
    MembershipFactory(body=body, person=presenter, start_date=datetime.date(2011, 4, 1))
    meeting = MeetingFactory(body=body, title="KSCB Executive", online_link=ONLINE_LINK)
    public = services.agenda_item_add(
        actor=actor, meeting=meeting, title=PUBLIC_ITEM, purpose="decision", presenter=presenter
    )
    restricted = services.agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=RESTRICTED_ITEM,
        description=RESTRICTED_DESCRIPTION,
        is_restricted=True,
    )
    sub_item = services.agenda_item_add(
        actor=actor, meeting=meeting, title=RESTRICTED_SUB_ITEM, parent=restricted
    )
    paper = PaperFactory(agenda_item=public, title=PUBLIC_PAPER)
    PaperVersionFactory(paper=paper, number=1, page_count=12)
    restricted_paper = PaperFactory(
        agenda_item=public, title=RESTRICTED_PAPER_OF_PUBLIC_ITEM, is_restricted=True
    )
    PaperVersionFactory(paper=restricted_paper, number=1)
    PaperVersionFactory(paper=PaperFactory(agenda_item=sub_item, title=RESTRICTED_PAPER), number=1)
    services.agenda_publish(actor=actor, meeting=meeting, change_note="First issue")
    unpublished = MeetingFactory(
        body=body,
        title="KSCB Executive (next)",
        start=meeting.start + datetime.timedelta(days=28),
        end=meeting.end + datetime.timedelta(days=28),
    )
    services.agenda_item_add(actor=actor, meeting=unpublished, title=DRAFT_ITEM, is_restricted=True)
    return Scene(
        body=body,
        other_body=other,
        meeting=meeting,
        unpublished=unpublished,
        presenter=presenter,
        users=users,
    )


@pytest.fixture
def client_for(scene):
    """A test client signed in (by session) as one of the scene's readers."""

    def make(reader: str) -> Client:
        client = Client()
        if reader != "anonymous":
            client.force_login(scene.users[reader])
        return client

    return make
