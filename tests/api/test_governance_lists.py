"""The governance lists filter by body and date (and each by its own fields), page with
stable ids, answer bad input with a 400 naming the parameter, and cost the same number of
queries for a page of 10 as for a page of 100, and for 10 rows as for many."""

from __future__ import annotations

import datetime

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import APIToken

from governance import services
from governance.models import DecisionStatus
from tests.governance.factories import action, challenge, decision, member_of
from tests.governance.performance_factories import MetricFactory, monthly, revise
from tests.membership.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LISTS = ("decisions", "actions", "challenges", "metrics", "metric-values")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def staff(client, business_unit_user) -> Client:
    client.force_login(business_unit_user)
    return client


@pytest.fixture
def two_bodies(db):
    return BodyFactory(slug="board"), BodyFactory(slug="executive")


def test_decisions_by_body_date_type_status_and_reference(staff, two_bodies):
    board, executive = two_bodies
    first = decision(board, decided_on=D(2011, 12, 7))
    second = decision(board, decided_on=D(2012, 4, 18), decision_type="noted")
    third = decision(executive, decided_on=D(2012, 4, 18))
    services.decision_withdraw(actor=None, decision=first, reason="Overtaken by events.")
    url = "/api/v1/decisions/"
    assert ids(staff.get(url)) == [first.pk, second.pk, third.pk]
    assert ids(staff.get(f"{url}?body=board")) == [first.pk, second.pk]
    assert ids(staff.get(f"{url}?from=2012-01-01")) == [second.pk, third.pk]
    assert ids(staff.get(f"{url}?to=2012-04-17")) == [first.pk]
    assert ids(staff.get(f"{url}?body=executive&from=2012-04-18&to=2012-04-18")) == [third.pk]
    assert ids(staff.get(f"{url}?type=noted")) == [second.pk]
    assert ids(staff.get(f"{url}?status={DecisionStatus.WITHDRAWN}")) == [first.pk]
    assert ids(staff.get(f"{url}?reference={second.reference.lower()}")) == [second.pk]


def test_actions_and_challenges_by_body_date_and_status(staff, two_bodies):
    board, executive = two_bodies
    owner = PersonFactory()
    early = action(board, owner=owner, raised_on=D(2011, 11, 2), due_date=D(2011, 12, 31))
    late = action(executive, raised_on=D(2012, 2, 1), due_date=D(2012, 6, 30))
    services.action_update(
        actor=None, action=late, text="Done.", update_date=D(2012, 3, 1), new_status="done"
    )
    assert ids(staff.get("/api/v1/actions/?body=board")) == [early.pk]
    assert ids(staff.get("/api/v1/actions/?from=2012-01-01")) == [late.pk]
    assert ids(staff.get("/api/v1/actions/?to=2011-12-31")) == [early.pk]
    assert ids(staff.get("/api/v1/actions/?open=true")) == [early.pk]
    assert ids(staff.get("/api/v1/actions/?status=done")) == [late.pk]
    assert ids(staff.get(f"/api/v1/actions/?owner={owner.pk}")) == [early.pk]

    january = challenge(board, raised_on=D(2012, 1, 25))
    march = challenge(executive, raised_on=D(2012, 3, 5), response_due=D(2012, 4, 5))
    assert ids(staff.get("/api/v1/challenges/")) == [january.pk, march.pk]
    assert ids(staff.get("/api/v1/challenges/?body=executive")) == [march.pk]
    assert ids(staff.get("/api/v1/challenges/?from=2012-02-01&to=2012-12-31")) == [march.pk]
    assert ids(staff.get(f"/api/v1/challenges/?agency={january.agency_id}")) == [january.pk]


def test_metrics_and_figures_by_body_metric_period_and_currency(client, two_bodies):
    board, executive = two_bodies
    ours, theirs = MetricFactory(body=board), MetricFactory(body=executive)
    jan, feb = monthly(ours, D(2012, 1, 1), [30, 28])
    (other,) = monthly(theirs, D(2012, 1, 1), [5])
    revised = revise(feb, 27, on=D(2012, 3, 20))
    assert ids(client.get("/api/v1/metrics/?body=executive")) == [theirs.pk]
    assert ids(client.get(f"/api/v1/metrics/?slug={ours.slug}")) == [ours.pk]
    url = "/api/v1/metric-values/"
    assert ids(client.get(f"{url}?metric={ours.pk}")) == [jan.pk, feb.pk, revised.pk]
    assert ids(client.get(f"{url}?metric={ours.pk}&current=true")) == [jan.pk, revised.pk]
    assert ids(client.get(f"{url}?current=false")) == [feb.pk]
    assert ids(client.get(f"{url}?body=executive")) == [other.pk]
    assert ids(client.get(f"{url}?metric={ours.pk}&from=2012-02-01")) == [feb.pk, revised.pk]
    assert ids(client.get(f"{url}?to=2012-01-31&body=board")) == [jan.pk]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/decisions/?body=nowhere", "body"),
        ("/api/v1/decisions/?from=2012-13-45", "from"),
        ("/api/v1/decisions/?from=2012-06-01&to=2012-01-01", "to"),
        ("/api/v1/decisions/?status=lost", "status"),
        ("/api/v1/actions/?owner=me", "owner"),
        ("/api/v1/challenges/?to=yesterday", "to"),
        ("/api/v1/metric-values/?metric=x", "metric"),
        ("/api/v1/metric-values/?period_kind=week", "period_kind"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(staff, url, parameter):
    response = staff.get(url)
    assert response.status_code == 400
    assert parameter in response.json()


def test_pages_have_stable_ids_and_cover_every_row_once(staff, two_bodies):
    board, _executive = two_bodies
    made = [
        decision(board, decided_on=D(2012, 1, 1) + datetime.timedelta(days=n)) for n in range(23)
    ]
    pages, url = [], "/api/v1/decisions/?page_size=10"
    while url:
        body = staff.get(url).json()
        assert body["count"] == 23
        pages.append([row["id"] for row in body["results"]])
        url = body["next"]
    assert [len(page) for page in pages] == [10, 10, 3]
    assert [pk for page in pages for pk in page] == [d.pk for d in made]
    again = staff.get("/api/v1/decisions/?page_size=10&page=2").json()["results"]
    assert [row["id"] for row in again] == pages[1]
    assert staff.get(f"/api/v1/decisions/{made[4].pk}/").json()["reference"] == made[4].reference


# ---------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------
def add_rows(count: int, *, start: int) -> None:
    """`count` bodies, each with a public and a restricted decision, action and challenge
    (one on a meeting), and a public and a restricted metric with three months of figures,
    one revised."""
    for n in range(start, start + count):
        body = BodyFactory()
        owner = PersonFactory()
        day = D(2012, 1, 1) + datetime.timedelta(days=n)
        for restricted in (False, True):
            made = decision(body, decided_on=day, is_restricted=restricted)
            action(body, owner=owner, raised_on=day, decision=made, is_restricted=restricted)
            challenge(body, raised_on=day, is_restricted=restricted)
            metric = MetricFactory(body=body, is_restricted=restricted)
            figures = monthly(metric, D(2012, 1, 1), [30, 28, 26])
            revise(figures[-1], 24, on=D(2012, 4, 20))


@pytest.fixture
def readers(business_unit_user, two_bodies) -> dict[str, Client]:
    member = member_of(two_bodies[0])
    clients = {name: Client() for name in ("anonymous", "member", "business_unit", "token")}
    clients["member"].force_login(member)
    clients["business_unit"].force_login(business_unit_user)
    key = APIToken.create_token(user=member, name="script")[1]
    clients["token"].defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return clients


def use_key(clients: dict[str, Client]) -> None:
    """A key's use is recorded at most once a minute (one UPDATE): not a per-row cost, so it
    is made before measuring, as making the rows may take longer than a minute."""
    clients["token"].get("/api/v1/")


def _urls(reader: str, page_size: int) -> list[str]:
    lists = [
        name for name in LISTS if reader != "anonymous" or name not in ("actions", "challenges")
    ]
    return [f"/api/v1/{name}/?page_size={page_size}" for name in lists]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return len(captured)


def test_a_page_of_100_costs_the_queries_of_a_page_of_10(readers, django_assert_num_queries):
    add_rows(51, start=0)  # the fewest that fill a page of 100 of each list
    use_key(readers)
    for reader, client in readers.items():
        for url in _urls(reader, 10):
            rows = client.get(url).json()
            assert rows["count"] > 100 or reader != "business_unit", url
            queries = _count(client, url)
            big = url.replace("page_size=10", "page_size=100")
            with django_assert_num_queries(queries):
                assert len(client.get(big).json()["results"]) > 10


def test_lists_cost_the_same_for_10_rows_as_for_many(readers, django_assert_num_queries):
    add_rows(5, start=0)
    use_key(readers)
    before = {
        (reader, url): _count(client, url)
        for reader, client in readers.items()
        for url in _urls(reader, 100)
    }
    shown = {key: len(readers[key[0]].get(key[1]).json()["results"]) for key in before}
    # A query made per row would show ten times over: more rows prove nothing more.
    add_rows(10, start=5)
    use_key(readers)
    for (reader, url), queries in before.items():
        with django_assert_num_queries(queries):
            response = readers[reader].get(url)
        rows = len(response.json()["results"])
        assert rows >= 15 and rows > shown[reader, url], (reader, url)
