"""A business unit runs its own partnerships: it sees their restricted material, drafts and
people and acts on their bodies, never another partnership's; a joint body (owned by one,
reporting into another's board too) is run by the business units of both. The table of who
sees what is tests/security/test_access_matrix.py; these follow one rule each through the
pages, files, search, API, emails and report approval."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from email.utils import parseaddr

import pytest

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import ReportChairApprovalTask, ReportIndexPage
from meetings import services
from meetings.models import Meeting, Paper
from meetings.papers import services as paper_services
from membership.models import Body, Partnership, Role, default_partnership
from notifications.tasks import deliver, notices_due
from tests.cms.factories import report
from tests.governance.factories import D, action, chair_of, challenge, member_of
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import BodyFactory, PersonFactory, UserFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

pytestmark = pytest.mark.django_db

SECRET = "Zanthoxylum"


@dataclass
class Side:
    """One body with a meeting whose published agenda has a restricted paper, and an item
    added since it was published (the draft)."""

    body: Body
    meeting: Meeting
    paper: Paper
    restricted_item: str
    draft_item: str


@dataclass
class Scene:
    a: Partnership
    b: Partnership
    children: Side  # a body of A
    adults: Side  # B's board
    joint: Side  # a body of A that also reports to B's board


def _side(actor, body: Body, label: str) -> Side:
    meeting = Meeting.objects.create(
        body=body,
        title=f"{body.name} meeting",
        start=timezone.now() + datetime.timedelta(days=14),
        end=timezone.now() + datetime.timedelta(days=14, hours=2),
    )
    item = services.agenda_item_add(actor=actor, meeting=meeting, title=f"{label} budget")
    restricted = f"{SECRET} {label} case review"
    services.agenda_item_add(actor=actor, meeting=meeting, title=restricted, is_restricted=True)
    paper = paper_services.paper_create(
        actor=actor,
        agenda_item=item,
        title=f"{SECRET} {label} staffing",
        is_restricted=True,
        file=upload(make_pdf(pages=1, text=f"{label} staffing")),
    )
    services.agenda_publish(actor=actor, meeting=meeting)
    draft = f"{label} late addition"
    services.agenda_item_add(actor=actor, meeting=meeting, title=draft)
    return Side(body, meeting, paper, restricted, draft)


@pytest.fixture
def scene() -> Scene:
    b = second_partnership()
    a = default_partnership()
    actor = UserFactory(username="installer", is_superuser=True)
    children = BodyFactory(name="Children Executive", short_name="CEX", slug="children")
    joint = BodyFactory(name="Joint Exploitation Group", short_name="JEG", slug="joint")
    joint.also_reports_to.add(b.board)
    joint.save()  # a parental relation is written when its body is saved
    return Scene(
        a=a,
        b=b,
        children=_side(actor, children, "Children"),
        adults=_side(actor, b.board, "Adults"),
        joint=_side(actor, joint, "Joint"),
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _host(side: Side, scene: Scene) -> dict:
    """B's own records are asked for on B's site, as its users would."""
    return {"HTTP_HOST": ADULTS_HOST} if side.body.partnership_id == scene.b.pk else {}


def runs(client: Client, side: Side, scene: Scene) -> bool:
    """Whether the reader acts as the side's business unit: opens its restricted paper, and
    sees its draft and restricted items on the meeting page."""
    host = _host(side, scene)
    paper = client.get(f"/papers/{side.paper.pk}/", **host)
    page = client.get(side.meeting.get_absolute_url(), **host).content.decode()
    opened = paper.status_code == 200
    sees = side.draft_item in page and side.restricted_item in page
    assert opened == sees, (opened, sees)
    if not opened:
        assert paper.status_code == 404
        assert SECRET not in page
    return opened


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("manager of A", {"children": True, "adults": False, "joint": True}),
        ("manager of B", {"children": False, "adults": True, "joint": True}),
        ("manager of both", {"children": True, "adults": True, "joint": True}),
        ("superuser", {"children": True, "adults": True, "joint": True}),
    ],
)
def test_a_business_unit_runs_its_own_partnerships_bodies_and_joint_ones(scene, reader, expected):
    user = {
        "manager of A": lambda: manager_of(scene.a),
        "manager of B": lambda: manager_of(scene.b),
        "manager of both": lambda: manager_of(scene.a, scene.b),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[reader]()
    client = signed_in(user)

    got = {name: runs(client, getattr(scene, name), scene) for name in expected}

    assert got == expected


def test_members_see_the_restricted_material_of_the_bodies_they_sit_on_whatever_the_partnership(
    scene,
):
    both = member_of(scene.children.body)
    member_of(scene.adults.body, person=both.person)
    joint = member_of(scene.joint.body)

    def sees(user, side: Side) -> bool:
        paper = signed_in(user).get(f"/papers/{side.paper.pk}/", **_host(side, scene))
        return paper.status_code == 200

    assert [sees(both, side) for side in (scene.children, scene.adults, scene.joint)] == [
        True,
        True,
        False,
    ]
    assert [sees(joint, side) for side in (scene.children, scene.adults, scene.joint)] == [
        False,
        False,
        True,
    ]


def test_a_business_unit_acts_as_chair_only_on_its_partnerships_bodies(scene):
    manager = signed_in(manager_of(scene.b))

    assert manager.get(f"/meetings/{scene.children.meeting.pk}/log/").status_code == 403
    assert (
        manager.get(f"/meetings/{scene.adults.meeting.pk}/log/", HTTP_HOST=ADULTS_HOST).status_code
        == 200
    )
    assert manager.get(f"/meetings/{scene.joint.meeting.pk}/log/").status_code == 200


def test_a_restricted_record_of_another_partnership_is_not_there_for_a_business_unit(scene):
    record = action(scene.children.body, description=f"{SECRET} action", is_restricted=True)

    assert signed_in(manager_of(scene.b)).get(record.get_absolute_url()).status_code == 404
    assert signed_in(manager_of(scene.a)).get(record.get_absolute_url()).status_code == 200


def test_search_finds_another_partnership_s_restricted_material_for_nobody_but_its_own(scene):
    call_command("rebuild_search_index")

    def found(user) -> str:
        return signed_in(user).get(f"/search/?q={SECRET}").content.decode()

    for_b = found(manager_of(scene.b))
    for_a = found(manager_of(scene.a))

    assert scene.children.paper.title not in for_b
    assert scene.joint.paper.title in for_b
    assert scene.children.paper.title in for_a
    assert scene.adults.paper.title not in for_a


def test_the_api_gives_a_business_unit_the_addresses_of_its_own_people_alone(scene):
    def person(email: str, body: Body | None = None, **kw):
        found = PersonFactory(email=email, **kw)
        if body is not None:
            member_of(body, person=found)
        return found

    person("child@example.org", scene.children.body)
    person("adult@example.org", scene.adults.body, partnership=scene.b)
    person("joint@example.org", scene.joint.body)
    person("homeless-b@example.org", partnership=scene.b)
    person("homeless-a@example.org")

    def addresses(user, **host) -> set[str]:
        response = signed_in(user).get("/api/v1/people/?page_size=100", **host)
        assert response.status_code == 200
        return {row["email"] for row in response.json()["results"] if row["email"]}

    assert addresses(manager_of(scene.a), HTTP_HOST=ADULTS_HOST) == set()
    assert addresses(manager_of(scene.b), HTTP_HOST=ADULTS_HOST) == {
        "adult@example.org",
        "joint@example.org",
        "homeless-b@example.org",
    }
    assert {"child@example.org", "joint@example.org", "homeless-a@example.org"} <= addresses(
        manager_of(scene.a)
    )
    assert "adult@example.org" not in addresses(manager_of(scene.a))
    assert "homeless-b@example.org" not in addresses(manager_of(scene.a))
    assert addresses(member_of(scene.children.body)) == set()


def address(message) -> str:
    return parseaddr(message.to[0])[1]


def _manager_person(partnership: Partnership, email: str):
    return PersonFactory(user=manager_of(partnership), email=email)


def test_a_challenge_response_due_goes_to_the_business_units_its_body_serves(
    scene, django_capture_on_commit_callbacks
):
    _manager_person(scene.a, "a-manager@example.org")
    _manager_person(scene.b, "b-manager@example.org")
    mine = challenge(scene.children.body, response_due=D(2012, 3, 9), issue="Children data")
    joint = challenge(scene.joint.body, response_due=D(2012, 3, 9), issue="Joint data")

    with django_capture_on_commit_callbacks(execute=True):
        notices_due.delay("governance.challenge_response", D(2012, 3, 5).isoformat()).get()

    got = sorted((address(message), message.subject) for message in mail.outbox)
    assert got == sorted(
        [
            (
                "a-manager@example.org",
                f"Response due 9 March 2012: challenge {mine.reference} to {mine.agency.name}",
            ),
            (
                "a-manager@example.org",
                f"Response due 9 March 2012: challenge {joint.reference} to {joint.agency.name}",
            ),
            (
                "b-manager@example.org",
                f"Response due 9 March 2012: challenge {joint.reference} to {joint.agency.name}",
            ),
        ]
    )


def test_the_weekly_overdue_summary_goes_to_each_business_unit_about_its_own_bodies(scene):
    _manager_person(scene.a, "a-manager@example.org")
    _manager_person(scene.b, "b-manager@example.org")
    children = action(scene.children.body, description="Children audit", due_date=D(2012, 2, 1))
    adults = action(scene.adults.body, description="Adults audit", due_date=D(2012, 2, 1))
    joint = action(scene.joint.body, description="Joint audit", due_date=D(2012, 2, 1))
    on = D(2012, 3, 5)

    for params in [{"on": on.isoformat()}, {"on": on.isoformat(), "partnership": scene.b.pk}]:
        deliver.delay("governance.overdue_summary", params)

    texts = {address(message): message.body for message in mail.outbox}
    assert set(texts) == {"a-manager@example.org", "b-manager@example.org"}
    assert children.reference in texts["a-manager@example.org"]
    assert adults.reference not in texts["a-manager@example.org"]
    assert adults.reference in texts["b-manager@example.org"]
    assert children.reference not in texts["b-manager@example.org"]
    assert joint.reference in texts["a-manager@example.org"]
    assert joint.reference in texts["b-manager@example.org"]


def test_each_partnership_has_its_own_weekly_notices_due(scene):
    due = notices_due.delay("membership.terms_ending", D(2012, 3, 5).isoformat()).get()

    assert due == Partnership.objects.count() == 2


def test_a_report_on_a_partnership_s_site_is_approved_by_its_own_board_s_chair(scene):
    a_board = BodyFactory(name="Children Board", slug="board", kind="board")
    Partnership.objects.filter(pk=scene.a.pk).update(board=a_board)
    b_chair = chair_of(scene.b.board)
    a_chair = chair_of(a_board)
    joint_chair = chair_of(scene.joint.body)
    b_index = ReportIndexPage.objects.descendant_of(scene.b.site.root_page).get()
    page = report(scene.joint.body, index=b_index)

    def approves(user) -> bool:
        return page.permissions_for_user(user).can_publish()

    assert approves(b_chair)
    assert not approves(a_chair)
    assert not approves(joint_chair)
    assert not approves(manager_of(scene.b))
    assert not approves(member_of(scene.b.board, role=Role.MEMBER))


def _queries(client: Client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **extra).status_code == 200
    return len(queries)


def test_a_joint_body_s_pages_cost_the_other_business_unit_the_same_queries_however_long(
    scene,
):
    """The bodies a business unit runs are read once per request, not once per row."""
    manager = manager_of(scene.b)
    client = signed_in(manager)
    meeting = scene.joint.meeting
    record = action(scene.joint.body, description=f"{SECRET} action", is_restricted=True)
    urls = [meeting.get_absolute_url(), "/actions/", record.get_absolute_url()]
    before = [_queries(client, url) for url in urls]

    for number in range(10):
        item = services.agenda_item_add(
            actor=manager, meeting=meeting, title=f"Item {number}", is_restricted=number % 2 == 0
        )
        paper_services.paper_create(
            actor=manager,
            agenda_item=item,
            title=f"Paper {number}",
            is_restricted=True,
            file=upload(make_pdf(pages=1, text=f"Paper {number}")),
        )
        action(scene.joint.body, description=f"Action {number}", is_restricted=True)

    assert [_queries(client, url) for url in urls] == before


def test_a_report_submitted_on_a_partnership_s_site_waits_for_its_own_board_s_chair(scene):
    b_chair = chair_of(scene.b.board)
    joint_chair = chair_of(scene.joint.body)
    b_index = ReportIndexPage.objects.descendant_of(scene.b.site.root_page).get()
    page = report(scene.joint.body, index=b_index)

    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Report approval"
    workflow.start(page, user=manager_of(scene.b))
    (task,) = ReportChairApprovalTask.objects.all()

    def waiting_for(user) -> list[int]:
        states = task.get_task_states_user_can_moderate(user)
        return [int(state.workflow_state.object_id) for state in states]

    assert waiting_for(b_chair) == [page.pk]
    assert waiting_for(joint_chair) == []
