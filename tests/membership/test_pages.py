"""The public structure pages: /bodies/ and /bodies/<slug>/."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from membership import services
from membership.models import BodyKind, Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

APPOINTED = datetime.date(2011, 4, 1)


@pytest.fixture
def board():
    board = BodyFactory(name="Safeguarding Board", slug="board", kind=BodyKind.BOARD)
    services.membership_start(
        actor=None,
        person=PersonFactory(given_name="Margaret", family_name="Fielding"),
        body=board,
        role=Role.INDEPENDENT_CHAIR,
        job_title="Independent Chair",
        start_date=APPOINTED,
    )
    return board


def test_structure_lists_bodies_under_their_parent_with_their_chairs(client, board):
    subgroup = BodyFactory(name="Quality and Effectiveness Subgroup", parent=board)
    services.membership_start(
        actor=None,
        person=PersonFactory(given_name="Fiona", family_name="Marsh"),
        body=subgroup,
        role=Role.CHAIR,
        job_title="Managing Director, West Kent CHT",
        start_date=APPOINTED,
    )

    response = client.get("/bodies/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Safeguarding Board") < html.index("Quality and Effectiveness Subgroup")
    assert "Fiona Marsh, Managing Director, West Kent CHT" in html
    assert "Margaret Fielding, Independent Chair" in html


def test_body_page_shows_purpose_chair_members_by_agency_and_terms_of_reference(client, board):
    board.purpose = "Co-ordinates safeguarding across the county."
    board.terms_of_reference = "<p>Meets bimonthly; quorate with eight members.</p>"
    board.save()
    police = OrganisationFactory(name="Kent Police")
    MembershipFactory(
        body=board,
        organisation=police,
        person=PersonFactory(given_name="Nicola", family_name="Brennan"),
        job_title="Superintendent Kent Police",
    )
    child = BodyFactory(name="Policy and Practice Subgroup", parent=board)

    html = client.get("/bodies/board/").content.decode()

    assert "Co-ordinates safeguarding across the county." in html
    assert "Margaret Fielding" in html
    assert "Kent Police" in html and "Superintendent Kent Police" in html
    assert "Meets bimonthly; quorate with eight members." in html
    assert child.name in html


def test_body_page_as_at_a_past_date_shows_who_sat_then(client, board):
    MembershipFactory(
        body=board,
        person=PersonFactory(given_name="Outgoing", family_name="Member"),
        start_date=datetime.date(2009, 1, 1),
        end_date=datetime.date(2010, 12, 31),
    )

    then = client.get("/bodies/board/?on=2010-06-01").content.decode()
    now = client.get("/bodies/board/").content.decode()

    assert "Outgoing Member" in then
    assert "Outgoing Member" not in now


def test_a_bad_as_at_date_is_reported_not_guessed(client, board):
    response = client.get("/bodies/board/?on=31-02-2011")

    assert response.status_code == 400
    assert "Enter a real date" in response.content.decode()


def test_unknown_body_is_404(client, db):
    assert client.get("/bodies/no-such-body/").status_code == 404


def test_compliance_panel_is_for_the_business_unit_only(client, board, business_unit_user):
    RequirementFactory(body=board, sector=SectorFactory(name="Health", slug="health"))

    public = client.get("/bodies/board/").content.decode()
    client.force_login(business_unit_user)
    staff = client.get("/bodies/board/?on=2011-04-01").content.decode()

    assert "Requirements not met" not in public
    assert "Requirements not met" in staff
    assert "Health: 0 of 1 required" in staff


def _add_members(body, count):
    for _ in range(count):
        MembershipFactory(body=body, organisation=OrganisationFactory())


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Each counts the request's partnership and the bodies of other partnerships each body also
# reports to (what places and names a joint body); the body page also its linked boards.
@pytest.mark.parametrize(("url", "queries"), [("/bodies/", 5), ("/bodies/board/", 8)])
def test_pages_cost_the_same_queries_whatever_the_membership(client, board, url, queries):
    _add_members(board, 3)
    BodyFactory(parent=board)
    client.get(url)  # warm the site and template caches
    few = _queries(client, url)

    _add_members(board, 30)
    for _ in range(10):
        subgroup = BodyFactory(parent=board)
        MembershipFactory(body=subgroup, role=Role.CHAIR)
    many = _queries(client, url)

    assert many == few == queries
