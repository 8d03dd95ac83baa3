"""Filters by body, dates and status; pages with a size that has a ceiling; stable ids; and
bad input answered with a 400 that names the parameter."""

import datetime

import pytest

from meetings.models import MeetingStatus
from tests.meetings.factories import MeetingFactory, local
from tests.membership.factories import BodyFactory, MembershipFactory, SectorFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def meetings(db):
    board, executive = BodyFactory(slug="board"), BodyFactory(slug="executive")
    return {
        # 00:30 on 1 June is still 31 May in UTC: dates are UK dates.
        "early": MeetingFactory(body=board, start=local(2012, 6, 1, 0, 30)),
        "board": MeetingFactory(body=board, start=local(2012, 6, 14)),
        "executive": MeetingFactory(
            body=executive, start=local(2012, 6, 30, 23), status=MeetingStatus.CANCELLED
        ),
        "july": MeetingFactory(body=executive, start=local(2012, 7, 1)),
    }


def test_meetings_by_body_dates_and_status(client, meetings):
    m = {name: meeting.pk for name, meeting in meetings.items()}
    assert ids(client.get("/api/v1/meetings/?body=board")) == [m["early"], m["board"]]
    june = ids(client.get("/api/v1/meetings/?from=2012-06-01&to=2012-06-30"))
    assert june == [m["early"], m["board"], m["executive"]]
    assert ids(client.get("/api/v1/meetings/?from=2012-06-30")) == [m["executive"], m["july"]]
    assert ids(client.get("/api/v1/meetings/?to=2012-05-31")) == []
    assert ids(client.get("/api/v1/meetings/?status=cancelled")) == [m["executive"]]
    assert ids(client.get("/api/v1/meetings/?body=executive&from=2012-07-01")) == [m["july"]]


def test_memberships_on_a_date_and_over_a_period(client):
    body = BodyFactory(slug="executive")
    left = MembershipFactory(
        body=body, start_date=datetime.date(2010, 4, 1), end_date=datetime.date(2011, 3, 31)
    )
    stays = MembershipFactory(body=body, start_date=datetime.date(2010, 4, 1))
    joined = MembershipFactory(body=body, start_date=datetime.date(2012, 4, 1))
    MembershipFactory(start_date=datetime.date(2010, 4, 1))  # another body
    url = "/api/v1/memberships/?body=executive"
    assert ids(client.get(url)) == [left.pk, stays.pk, joined.pk]
    assert ids(client.get(f"{url}&on=2011-03-31")) == [left.pk, stays.pk]
    assert ids(client.get(f"{url}&on=2011-04-01")) == [stays.pk]
    assert ids(client.get(f"{url}&from=2011-01-01&to=2011-12-31")) == [left.pk, stays.pk]
    assert ids(client.get(f"{url}&from=2012-01-01")) == [stays.pk, joined.pk]
    assert ids(client.get(f"{url}&person={joined.person_id}")) == [joined.pk]
    assert ids(client.get(f"{url}&organisation={left.organisation_id}")) == [left.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/api/v1/meetings/?body=no-such-body", "body"),
        ("/api/v1/meetings/?from=2 March 2012", "from"),
        ("/api/v1/meetings/?from=2012-07-01&to=2012-06-01", "to"),
        ("/api/v1/meetings/?status=adjourned", "status"),
        ("/api/v1/memberships/?on=yesterday", "on"),
        ("/api/v1/memberships/?person=twelve", "person"),
        ("/api/v1/bodies/?kind=committee", "kind"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, meetings, query, field):
    response = client.get(query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_an_unknown_body_says_where_the_slugs_are(client, meetings):
    response = client.get("/api/v1/meetings/?body=no-such-body")
    assert response.json() == {"body": ["No body has this slug: see /api/v1/bodies/."]}


def test_pages_are_25_unless_asked_and_never_more_than_100(client):
    for n in range(105):
        SectorFactory(name=f"Sector {n:03}")
    first = client.get("/api/v1/sectors/").json()
    assert first["count"] == 105 and len(first["results"]) == 25
    assert first["next"] == "http://testserver/api/v1/sectors/?page=2"
    assert len(client.get("/api/v1/sectors/?page_size=10").json()["results"]) == 10
    assert len(client.get("/api/v1/sectors/?page_size=1000").json()["results"]) == 100
    last = client.get("/api/v1/sectors/?page_size=50&page=3").json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert client.get("/api/v1/sectors/?page=99").status_code == 404


def test_ids_are_stable_and_lead_to_the_same_record(client, meetings):
    listed = client.get("/api/v1/meetings/").json()["results"]
    for row in listed:
        assert client.get(f"/api/v1/meetings/{row['id']}/").json() == row
    assert client.get("/api/v1/meetings/999999/").status_code == 404
    assert client.get("/api/v1/meetings/latest/").status_code == 404


def test_bodies_show_their_parent_and_chair_today(client):
    board = BodyFactory(slug="board", name="Board")
    group = BodyFactory(slug="learning", parent=board)
    MembershipFactory(
        body=group,
        role="chair",
        start_date=datetime.date(2009, 1, 1),
        end_date=datetime.date(2010, 12, 31),
    )
    chair = MembershipFactory(body=group, role="chair", start_date=datetime.date(2011, 1, 1))
    MembershipFactory(body=group, role="member", start_date=datetime.date(2011, 1, 1))
    body = client.get(f"/api/v1/bodies/{group.pk}/").json()
    assert body["parent"] == {"id": board.pk, "slug": "board", "name": "Board"}
    assert body["chair"]["person"] == {"id": chair.person_id, "name": chair.person.name}
    assert body["links"]["page"] == "http://testserver/bodies/learning/"
    assert client.get("/api/v1/bodies/?parent=board").json()["count"] == 1
    assert client.get(f"/api/v1/bodies/{board.pk}/").json()["chair"] is None
