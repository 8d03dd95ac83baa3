"""The API reads one partnership at a time: the one whose site answers the host, or the one
`?partnership=<CODE>` names. A joint body's records are under each partnership it serves;
another partnership's record is a 404 unless named; an unknown code is a 400; every record
says which partnership it belongs to; the Popolo exports put each partnership's bodies under
it; and a list costs the same queries for 5 rows as for 15 on any host."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import services
from membership.models import Body, BodyKind, Partnership, default_partnership
from tests.governance.factories import action, decision
from tests.governance.performance_factories import MetricFactory, record
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, SeatFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

pytestmark = pytest.mark.django_db

D = datetime.date
LISTS = (
    "bodies",
    "people",
    "memberships",
    "meetings",
    "agenda-versions",
    "decisions",
    "actions",
    "metrics",
    "metric-values",
)


@dataclass
class Two:
    default: Partnership
    sab: Partnership
    children: Body
    adults: Body
    joint: Body


@pytest.fixture
def two(business_unit_user) -> Two:
    """The default partnership's board, the adults' board (SAB, on adults.localhost) and a
    joint group of the children's board that also reports to the adults' board; each with a
    member, a published meeting, a decision, an action and a metric with a figure."""
    sab = second_partnership()
    children = BodyFactory(name="Children's Board", slug="board", kind=BodyKind.BOARD)
    joint = BodyFactory(name="Joint Exploitation Group", slug="joint", parent=children)
    joint.also_reports_to.set([sab.board])
    joint.save()
    for body in (children, sab.board, joint):
        add_records(body, actor=business_unit_user)
    return Two(default_partnership(), sab, children, sab.board, joint)


def add_records(body: Body, *, actor) -> None:
    name = body.name
    person = PersonFactory(family_name=name, partnership=body.partnership)
    MembershipFactory(
        body=body, person=person, seat=SeatFactory(body=body), start_date=D(2011, 4, 1)
    )
    meeting = MeetingFactory(body=body, title=f"{name} meeting")
    services.agenda_item_add(actor=actor, meeting=meeting, title="Public item")
    services.agenda_publish(actor=actor, meeting=meeting)
    decision(body, title=f"{name} decision")
    action(body, description=f"{name} action")
    metric = MetricFactory(body=body, name=f"{name} metric")
    record(metric, D(2012, 1, 1), "20.0")


@pytest.fixture
def staff(two) -> Client:
    """A business-unit user of both partnerships: what they see is scoped by the host, not
    by their rights."""
    client = Client()
    client.force_login(manager_of(two.default, two.sab))
    return client


def body_ids_of(client: Client, path: str, **extra) -> set[int]:
    """The bodies the rows of a list belong to."""
    response = client.get(f"/api/v1/{path}/?page_size=100", **extra)
    assert response.status_code == 200, (path, response.content)
    found = set()
    for row in response.json()["results"]:
        if path == "bodies":
            found.add(row["id"])
        elif path == "people":
            found.add(row["family_name"])
        elif path == "agenda-versions":
            found.add(row["meeting"])
        elif path == "metric-values":
            found.add(row["metric"]["id"])
        else:
            found.add(row["body"]["id"])
    return found


def expected(two: Two, path: str, bodies: list[Body]) -> set:
    """What a list of these bodies' records holds, in body_ids_of's terms."""
    if path == "people":
        return {body.name for body in bodies}
    if path == "agenda-versions":
        return {meeting.pk for body in bodies for meeting in body.meetings.all()}
    if path == "metric-values":
        return {metric.pk for body in bodies for metric in body.metrics.all()}
    return {body.pk for body in bodies}


def reader_for(path: str, staff: Client) -> Client:
    # The business unit also sees the people its partnership keeps who sit nowhere (the
    # owners of actions, here): the public's people list is the one decided by bodies alone.
    return Client() if path == "people" else staff


@pytest.mark.parametrize("path", LISTS)
def test_each_host_lists_only_its_partnerships_records_a_joint_bodys_on_both(staff, two, path):
    reader = reader_for(path, staff)
    assert body_ids_of(reader, path) == expected(two, path, [two.children, two.joint])
    assert body_ids_of(reader, path, HTTP_HOST=ADULTS_HOST) == expected(
        two, path, [two.adults, two.joint]
    )


def rows(client: Client, url: str, **extra) -> list[dict]:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.content)
    return response.json()["results"]


@pytest.mark.parametrize("path", LISTS)
def test_naming_a_partnership_lists_its_records_on_any_host(staff, two, path):
    reader = reader_for(path, staff)
    url = f"/api/v1/{path}/?page_size=100"

    def ids(url: str, **extra) -> list[int]:
        return [row["id"] for row in rows(reader, url, **extra)]

    by_host = ids(url, HTTP_HOST=ADULTS_HOST)
    assert by_host != ids(url)
    assert ids(f"{url}&partnership=SAB") == by_host
    # The code is read whatever its case, and names the default partnership just as well.
    assert ids(f"{url}&partnership=sab") == by_host
    assert ids(f"{url}&partnership={two.default.code}", HTTP_HOST=ADULTS_HOST) == ids(url)


def test_links_carry_the_partnership_named_and_pages_are_on_its_site(client, two):
    """Read by name from the children's site, the adults' records link the API's lists of
    the same partnership, and pages and files on the adults' site, where they answer."""
    body = rows(client, "/api/v1/bodies/?slug=sab&partnership=SAB")[0]
    assert body["links"]["meetings"].endswith("/api/v1/meetings/?body=sab&partnership=SAB")
    assert body["links"]["page"] == "http://adults.localhost/bodies/sab/"
    assert body["links"]["calendar"].startswith("http://adults.localhost/")
    decided = rows(client, "/api/v1/decisions/?partnership=SAB")
    assert {row["page"].split("/")[2] for row in decided} == {ADULTS_HOST}
    meetings = rows(client, body["links"]["meetings"])
    assert [meeting["body"]["id"] for meeting in meetings] == [two.adults.pk]
    on_host = rows(client, "/api/v1/bodies/?slug=sab", HTTP_HOST=ADULTS_HOST)[0]
    assert on_host["links"]["meetings"] == "http://adults.localhost/api/v1/meetings/?body=sab"


def test_another_partnerships_record_is_a_404_unless_named(staff, two):
    adults_decision = two.adults.decisions.get()
    joint_decision = two.joint.decisions.get()
    url = f"/api/v1/decisions/{adults_decision.pk}/"
    assert staff.get(url).status_code == 404
    assert staff.get(url, HTTP_HOST=ADULTS_HOST).status_code == 200
    assert staff.get(f"{url}?partnership=SAB").status_code == 200
    children_body = f"/api/v1/bodies/{two.children.pk}/"
    assert staff.get(children_body, HTTP_HOST=ADULTS_HOST).status_code == 404
    for host in ("testserver", ADULTS_HOST):
        assert (
            staff.get(f"/api/v1/decisions/{joint_decision.pk}/", HTTP_HOST=host).status_code == 200
        )
        assert staff.get(f"/api/v1/bodies/{two.joint.pk}/", HTTP_HOST=host).status_code == 200


@pytest.mark.parametrize("path", [*LISTS, "popolo/organizations.json"])
def test_an_unknown_partnership_code_is_a_400_that_says_so(staff, two, path):
    url = f"/api/v1/{path}" if path.endswith(".json") else f"/api/v1/{path}/"
    response = staff.get(url, {"partnership": "NOPE"})
    assert response.status_code == 400
    message = response.json()["partnership"]
    assert "No partnership has the code “NOPE”" in str(message)
    assert "/api/v1/partnerships/" in str(message)


def test_an_unknown_code_on_a_detail_is_a_400_too(staff, two):
    url = f"/api/v1/decisions/{two.children.decisions.get().pk}/?partnership=NOPE"
    assert staff.get(url).status_code == 400


SAB = {"code": "SAB", "name": "Safeguarding Adults Board"}


@pytest.mark.parametrize("path", LISTS)
def test_every_record_names_its_partnership(staff, two, path):
    found = rows(staff, f"/api/v1/{path}/?page_size=100", HTTP_HOST=ADULTS_HOST)
    default = {"code": two.default.code, "name": two.default.name}
    # The joint group is the children's partnership's: it says so on the adults' site too.
    assert {row["partnership"]["code"] for row in found} == {"SAB", two.default.code}
    for row in found:
        assert row["partnership"] in (SAB, default)


def test_bodies_say_which_other_partnerships_a_joint_body_serves(client, two):
    bodies = {row["slug"]: row for row in rows(client, "/api/v1/bodies/", HTTP_HOST=ADULTS_HOST)}
    assert bodies["joint"]["also_serves"] == [SAB]
    assert bodies["joint"]["partnership"]["code"] == two.default.code
    assert bodies["sab"]["also_serves"] == []
    assert bodies["sab"]["partnership"] == SAB


def test_a_body_slug_is_read_within_the_partnership(client, two, business_unit_user):
    """Both partnerships have an Executive at /executive/: `?body=executive` is the host's."""
    ours = BodyFactory(name="Children's Executive", slug="executive", parent=two.children)
    theirs = BodyFactory(name="Adults' Executive", slug="executive", partnership=two.sab)
    add_records(ours, actor=business_unit_user)
    add_records(theirs, actor=business_unit_user)

    def meeting_bodies(**extra):
        response = client.get("/api/v1/meetings/?body=executive", **extra)
        assert response.status_code == 200, response.content
        return {row["body"]["id"] for row in response.json()["results"]}

    assert meeting_bodies() == {ours.pk}
    assert meeting_bodies(HTTP_HOST=ADULTS_HOST) == {theirs.pk}
    assert client.get("/api/v1/meetings/?body=sab").status_code == 400


def test_partnerships_are_listed_with_code_hostname_and_board(client, two):
    listed = {row["code"]: row for row in rows(client, "/api/v1/partnerships/")}
    assert set(listed) == {two.default.code, "SAB"}
    assert listed["SAB"]["name"] == "Safeguarding Adults Board"
    assert listed["SAB"]["hostname"] == ADULTS_HOST
    assert listed["SAB"]["board"] == {"id": two.adults.pk, "slug": "sab", "name": two.adults.name}
    assert listed[two.default.code]["is_default"] is True
    root = client.get("/api/v1/").json()
    assert root["partnerships"] == "http://testserver/api/v1/partnerships/"


def test_a_business_unit_sees_the_people_and_emails_of_its_own_partnership_only(two):
    """The adults' business unit reading the children's partnership by name gets what the
    public gets: names of those who sit on its bodies, no emails, nobody else."""
    PersonFactory(family_name="Kept by the children", email="kept@example.org")
    adults_unit = Client()
    adults_unit.force_login(manager_of(two.sab))
    own = adults_unit.get("/api/v1/people/?page_size=100", HTTP_HOST=ADULTS_HOST).json()
    assert any(row["email"] for row in own["results"])
    other = adults_unit.get("/api/v1/people/?page_size=100&partnership=" + two.default.code)
    names = {row["family_name"] for row in other.json()["results"]}
    assert "Kept by the children" not in names
    assert names == {two.children.name, two.joint.name}
    assert not any(row["email"] for row in other.json()["results"])


# ---------------------------------------------------------------------------
# Popolo
# ---------------------------------------------------------------------------
def organizations(client: Client, url: str = "/api/v1/popolo/organizations.json", **extra):
    """By id: a partnership and its board may share a name."""
    return {o["id"]: o for o in client.get(url, **extra).json()}


def test_popolo_puts_the_partnerships_bodies_under_it_and_a_joint_body_under_each_parent(
    client, two
):
    adults = organizations(client, HTTP_HOST=ADULTS_HOST)
    partnership = adults[f"partnership/{two.sab.pk}"]
    assert partnership == {
        "id": f"partnership/{two.sab.pk}",
        "name": "Safeguarding Adults Board",
        "identifiers": [{"identifier": "SAB", "scheme": "tabled-partnership"}],
        "classification": "partnership",
    }
    assert adults[f"body/{two.adults.pk}"]["parent_id"] == partnership["id"]
    assert adults[f"body/{two.joint.pk}"]["parent_id"] == f"body/{two.adults.pk}"
    assert f"body/{two.children.pk}" not in adults
    assert f"partnership/{two.default.pk}" not in adults

    children = organizations(client)
    assert children[f"partnership/{two.default.pk}"]["name"] == two.default.name
    assert children[f"body/{two.children.pk}"]["parent_id"] == f"partnership/{two.default.pk}"
    joint = children[f"body/{two.joint.pk}"]
    assert joint["parent_id"] == f"body/{two.children.pk}"
    assert {"identifier": two.default.code, "scheme": "tabled-partnership"} in joint["identifiers"]
    assert f"body/{two.adults.pk}" not in children
    named = organizations(client, "/api/v1/popolo/organizations.json?partnership=SAB")
    assert {key: o.get("parent_id") for key, o in named.items()} == {
        key: o.get("parent_id") for key, o in adults.items()
    }


def test_popolo_people_events_and_memberships_are_the_partnerships(client, two):
    people = client.get("/api/v1/popolo/people.json", HTTP_HOST=ADULTS_HOST).json()
    assert {p["family_name"] for p in people} == {two.adults.name, two.joint.name}
    by_name = {p["family_name"]: p for p in people}
    assert by_name[two.adults.name]["identifiers"] == [
        {"identifier": "SAB", "scheme": "tabled-partnership"}
    ]
    events = client.get("/api/v1/popolo/events.json", HTTP_HOST=ADULTS_HOST).json()
    assert {e["organization_id"] for e in events} == {
        f"body/{two.adults.pk}",
        f"body/{two.joint.pk}",
    }
    terms = client.get("/api/v1/popolo/memberships.json").json()
    assert {m["organization_id"] for m in terms} == {
        f"body/{two.children.pk}",
        f"body/{two.joint.pk}",
    }


# ---------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------
COUNTED = [f"/api/v1/{path}/?page_size=100" for path in LISTS] + [
    f"/api/v1/popolo/{name}.json"
    for name in ("organizations", "people", "posts", "memberships", "events")
]


def test_lists_cost_the_same_for_5_and_15_rows_on_either_host_or_named(two, business_unit_user):
    staff = Client()
    staff.force_login(manager_of(two.default, two.sab))

    def measure():
        counts = {}
        for way in ("host", "named"):
            for url in COUNTED:
                if way == "named":
                    target, extra = f"{url}{'&' if '?' in url else '?'}partnership=SAB", {}
                else:
                    target, extra = url, {"HTTP_HOST": ADULTS_HOST}
                with CaptureQueriesContext(connection) as captured:
                    response = staff.get(target, **extra)
                assert response.status_code == 200, (way, url, response.content)
                body = response.json()
                counts[way, url] = (len(captured), body["count"] if "count" in body else len(body))
        return counts

    def add(count: int) -> None:
        """Groups of the adults' board and joint groups of the children's, in turn."""
        for n in range(count):
            if n % 2:
                group = BodyFactory(parent=two.children)
                group.also_reports_to.set([two.adults])
                group.save()
            else:
                group = BodyFactory(partnership=two.sab, parent=two.adults)
            add_records(group, actor=business_unit_user)

    # The adults' board and the joint group are there already: 5 bodies, then 15.
    add(3)
    before = measure()
    add(10)
    after = measure()
    for key, (count, rows) in before.items():
        later_count, later_rows = after[key]
        assert later_rows > rows, key
        assert later_count == count, (key, count, later_count)
