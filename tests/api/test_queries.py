"""Every list costs the same number of queries for 5 rows as for 50: measured for each kind
of reader, with a page size that shows every row."""

import datetime

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import APIToken

from meetings import services
from tests.meetings.factories import MeetingFactory, PaperFactory, PaperVersionFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/bodies/?page_size=100",
    "/api/v1/people/?page_size=100",
    "/api/v1/organisations/?page_size=100",
    "/api/v1/sectors/?page_size=100",
    "/api/v1/memberships/?page_size=100",
    "/api/v1/memberships/?page_size=100&on=2012-01-01",
    "/api/v1/meetings/?page_size=100",
    "/api/v1/agenda-versions/?page_size=100",
    "/api/v1/popolo/organizations.json",
    "/api/v1/popolo/people.json",
    "/api/v1/popolo/posts.json",
    "/api/v1/popolo/memberships.json",
    "/api/v1/popolo/events.json",
]


def add_rows(count: int, *, parent, actor) -> None:
    """`count` bodies under `parent`, each with a chair in a seat and a member, and a meeting
    with a published agenda: a public item with a paper, a restricted item with a paper."""
    for _ in range(count):
        body = BodyFactory(parent=parent)
        seat = SeatFactory(body=body)
        MembershipFactory(body=body, seat=seat, role="chair", organisation=seat.organisation)
        MembershipFactory(body=body, end_date=datetime.date(2013, 3, 31))
        meeting = MeetingFactory(body=body, online_link="https://teams.example.org/x")
        presenter = PersonFactory()
        public = services.agenda_item_add(
            actor=actor, meeting=meeting, title="Public", presenter=presenter
        )
        restricted = services.agenda_item_add(
            actor=actor, meeting=meeting, title="Secret", is_restricted=True
        )
        for item in (public, restricted):
            PaperVersionFactory(paper=PaperFactory(agenda_item=item), number=1)
        services.agenda_publish(actor=actor, meeting=meeting)


def readers(parent, business_unit_user) -> dict[str, Client]:
    member = UserFactory(username="member")
    MembershipFactory(body=parent, person=PersonFactory(user=member))
    clients = {name: Client() for name in ("anonymous", "member", "business_unit", "token")}
    clients["member"].force_login(member)
    clients["business_unit"].force_login(business_unit_user)
    key = APIToken.create_token(user=member, name="script")[1]
    clients["token"].defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    # The key's first use records it (one UPDATE, then none for a minute): not a per-row cost.
    clients["token"].get("/api/v1/")
    return clients


def queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    body = response.json()
    rows = body["count"] if isinstance(body, dict) else len(body)
    return len(captured), rows


def test_lists_cost_the_same_for_5_and_15_rows(business_unit_user):
    # A query made per row would show ten times over: more rows prove nothing more.
    parent = BodyFactory(name="Board")
    clients = readers(parent, business_unit_user)
    add_rows(5, parent=parent, actor=business_unit_user)
    before = {(name, url): queries(c, url) for name, c in clients.items() for url in URLS}
    add_rows(10, parent=parent, actor=business_unit_user)
    after = {(name, url): queries(c, url) for name, c in clients.items() for url in URLS}
    for key, (count, rows) in before.items():
        later_count, later_rows = after[key]
        assert later_rows > rows, key
        assert later_count == count, (key, count, later_count)
