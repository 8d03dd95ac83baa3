import datetime
from dataclasses import dataclass

import pytest

from django.contrib.auth.models import User

from meetings import services
from meetings.models import AgendaItem, Meeting, Paper
from membership.models import Body, Role
from tests.meetings.factories import MeetingFactory, PaperFactory, PaperVersionFactory
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

PUBLIC_TITLE = "Ofsted improvement plan progress"
RESTRICTED_TITLE = "Serious case review: Child K (confidential)"
RESTRICTED_PAPER = "Child K chronology (confidential)"
PUBLIC_RESTRICTED_PAPER = "Named-officer staffing options (confidential)"
PUBLIC_PAPER = "Improvement plan RAG report"


@dataclass
class Scene:
    body: Body
    other_body: Body
    meeting: Meeting
    public_item: AgendaItem
    restricted_item: AgendaItem
    public_paper: Paper
    member: User
    chair: User
    other_member: User
    business_unit: User


def member_login(body, *, username, role=Role.MEMBER, start=datetime.date(2011, 4, 1)):
    user = UserFactory(username=username)
    person = PersonFactory(user=user)
    MembershipFactory(body=body, person=person, role=role, start_date=start)
    return user


@pytest.fixture
def scene(business_unit_user) -> Scene:
    """A body with a member, a chair, a member of another body and the business unit, and
    an upcoming meeting whose published agenda has a public and a restricted item, a public
    paper, and a restricted paper under the public item."""
    body = BodyFactory(name="KSCB Executive", slug="executive")
    other = BodyFactory(name="Learning and Development Subgroup", slug="learning")
    member = member_login(body, username="member")
    chair = member_login(body, username="chair", role=Role.INDEPENDENT_CHAIR)
    other_member = member_login(other, username="outsider")
    meeting = MeetingFactory(body=body, title="KSCB Executive")
    actor = business_unit_user
    public_item = services.agenda_item_add(actor=actor, meeting=meeting, title=PUBLIC_TITLE)
    restricted_item = services.agenda_item_add(
        actor=actor, meeting=meeting, title=RESTRICTED_TITLE, is_restricted=True
    )
    public_paper = PaperFactory(agenda_item=public_item, title=PUBLIC_PAPER)
    PaperVersionFactory(paper=public_paper, number=1, page_count=12)
    PaperFactory(agenda_item=public_item, title=PUBLIC_RESTRICTED_PAPER, is_restricted=True)
    PaperFactory(agenda_item=restricted_item, title=RESTRICTED_PAPER)
    services.agenda_publish(actor=actor, meeting=meeting, change_note="First issue")
    return Scene(
        body=body,
        other_body=other,
        meeting=meeting,
        public_item=public_item,
        restricted_item=restricted_item,
        public_paper=public_paper,
        member=member,
        chair=chair,
        other_member=other_member,
        business_unit=business_unit_user,
    )
