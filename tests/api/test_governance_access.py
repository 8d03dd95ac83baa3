"""The governance endpoints follow the pages' rule for each kind of reader, signed in or
sending a token: the decisions register and unrestricted metrics are public; the action
and challenge logs are for members and the business unit; restricted records (marked so,
or on a restricted agenda item) reach only current members of their body and the business
unit, in lists and details alike."""

from __future__ import annotations

import datetime

import pytest

from django.test import Client

from wagtail.models import APIToken

from meetings import services
from meetings.models import AgendaItem
from tests.api.conftest import RESTRICTED_SUB_ITEM
from tests.governance.factories import action, challenge, decision
from tests.governance.performance_factories import MetricFactory, monthly, revise
from tests.membership.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SEES_RESTRICTED = {"member", "chair", "business_unit"}
READERS = ("anonymous", "other_body_member", "member", "chair", "business_unit")
# Each endpoint, the secrets only insiders may receive from it, and what it shows everyone.
SECRETS = {
    "decisions": ["SECRET-DECISION", "SECRET-ITEM-DECISION"],
    "actions": ["SECRET-ACTION", "SECRET-ITEM-ACTION"],
    "challenges": ["SECRET-CHALLENGE"],
    "metrics": ["SECRET-METRIC"],
    "metric-values": ["SECRET-METRIC"],
}
PUBLIC = {
    "decisions": "PUBLIC-DECISION",
    "actions": "PUBLIC-ACTION",
    "challenges": "PUBLIC-CHALLENGE",
    "metrics": "PUBLIC-METRIC",
    "metric-values": "PUBLIC-METRIC",
}
MEMBERS_ONLY = {"actions", "challenges"}


@pytest.fixture
def logs(scene):
    body = scene.body
    on_item = AgendaItem.objects.get(title=RESTRICTED_SUB_ITEM)
    public_metric = MetricFactory(body=body, name="PUBLIC-METRIC", slug="public-metric")
    secret_metric = MetricFactory(
        body=body, name="SECRET-METRIC", slug="secret-metric", is_restricted=True
    )
    monthly(secret_metric, D(2012, 1, 1), [30, 28, 26])
    revise(monthly(public_metric, D(2012, 1, 1), [30, 28, 26])[-1], 24, on=D(2012, 4, 20))
    records = {
        "decisions": {
            "public": decision(body, title="PUBLIC-DECISION"),
            "restricted": decision(body, title="SECRET-DECISION", is_restricted=True),
            "on item": decision(
                body, title="SECRET-ITEM-DECISION", agenda_item=on_item, decided_on=D(2012, 5, 1)
            ),
        },
        "actions": {
            "public": action(body, description="PUBLIC-ACTION"),
            "restricted": action(body, description="SECRET-ACTION", is_restricted=True),
            "on item": action(body, description="SECRET-ITEM-ACTION", agenda_item=on_item),
        },
        "challenges": {
            "public": challenge(body, issue="PUBLIC-CHALLENGE"),
            "restricted": challenge(body, issue="SECRET-CHALLENGE", is_restricted=True),
        },
        "metrics": {"public": public_metric, "restricted": secret_metric},
        "metric-values": {
            "public": public_metric.values.first(),
            "restricted": secret_metric.values.first(),
        },
    }
    scene.records = records
    return scene


def _token_client(user) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {APIToken.create_token(user=user, name='t')[1]}"
    return client


@pytest.fixture(params=["session", "token"])
def reader_client(request, logs, client_for):
    """A client for one of the scene's readers, signed in by session or sending a token."""

    def make(reader: str) -> Client:
        if request.param == "token" and reader != "anonymous":
            return _token_client(logs.users[reader])
        return client_for(reader)

    return make


@pytest.mark.parametrize("reader", READERS)
def test_lists_and_details_follow_the_restricted_rule(logs, reader_client, reader):
    client = reader_client(reader)
    for endpoint, secrets in SECRETS.items():
        response = client.get(f"/api/v1/{endpoint}/?page_size=100")
        if endpoint in MEMBERS_ONLY and reader == "anonymous":
            assert response.status_code == 401, endpoint
            assert response["WWW-Authenticate"] == "Token"
            assert PUBLIC[endpoint] not in response.content.decode()
            continue
        assert response.status_code == 200, (endpoint, response.content)
        listed = response.content.decode()
        assert PUBLIC[endpoint] in listed, endpoint
        for secret in secrets:
            assert (secret in listed) is (reader in SEES_RESTRICTED), (endpoint, secret)
        for kind, record in logs.records[endpoint].items():
            detail = client.get(f"/api/v1/{endpoint}/{record.pk}/")
            may_see = kind == "public" or reader in SEES_RESTRICTED
            assert detail.status_code == (200 if may_see else 404), (endpoint, kind)
            if may_see:
                assert detail.json()["id"] == record.pk


def test_the_logs_refuse_a_signed_in_user_who_sits_on_no_body(logs):
    stranger = UserFactory(username="stranger")
    session = Client()
    session.force_login(stranger)
    for endpoint in sorted(MEMBERS_ONLY):
        for client in (session, _token_client(stranger)):
            response = client.get(f"/api/v1/{endpoint}/")
            assert response.status_code == 403, endpoint
            assert "not linked to a current membership" in response.json()["detail"]
        assert Client().get(f"/api/v1/{endpoint}/1/").status_code == 401


def test_a_member_whose_term_has_ended_loses_the_logs_and_the_restricted_records(logs, client_for):
    membership = logs.users["member"].person.memberships.get()
    membership.end_date = membership.start_date
    membership.save()
    client = client_for("member")
    assert client.get("/api/v1/actions/").status_code == 403
    decisions = client.get("/api/v1/decisions/").content.decode()
    assert "PUBLIC-DECISION" in decisions and "SECRET-DECISION" not in decisions
    assert "SECRET-METRIC" not in client.get("/api/v1/metrics/").content.decode()


def test_records_carry_what_their_pages_show(logs, client_for):
    client = client_for("member")
    public = logs.records["decisions"]["public"]
    on_item = logs.records["decisions"]["on item"]
    decisions = {d["id"]: d for d in client.get("/api/v1/decisions/").json()["results"]}
    assert decisions[public.pk]["reference"] == public.reference
    assert decisions[public.pk]["body"]["slug"] == logs.body.slug
    assert decisions[public.pk]["decision_type"] == "endorsed"
    assert decisions[public.pk]["page"] == f"http://testserver{public.get_absolute_url()}"
    assert decisions[public.pk]["restricted"] is False
    assert decisions[on_item.pk]["restricted"] is True
    assert decisions[on_item.pk]["meeting"]["id"] == logs.meeting.pk
    assert decisions[on_item.pk]["agenda_item"]["number"] == "2.1"

    item = client.get(f"/api/v1/actions/{logs.records['actions']['public'].pk}/").json()
    assert item["status"] == "open" and item["due_date"] == "2012-03-31"
    # Open and long past its due date: overdue, in the words of the body's scheme.
    assert item["overdue"] is True and item["rag"]["state"] == "overdue"
    assert item["rag"]["label"]
    assert "updates" not in item

    raised = client.get(f"/api/v1/challenges/{logs.records['challenges']['public'].pk}/").json()
    assert raised["issue"] == "PUBLIC-CHALLENGE" and raised["response_due"] == "2012-02-29"
    assert raised["response_overdue"] is True and raised["agency"]["name"]


def test_metrics_give_the_latest_figure_as_the_performance_page_does(logs, client):
    metric = logs.records["metrics"]["public"]
    body = client.get(f"/api/v1/metrics/{metric.pk}/").json()
    latest = body["latest"]
    assert (latest["period_label"], latest["value"], latest["display"]) == (
        "March 2012",
        24.0,
        "24.0%",
    )
    assert latest["revised"] is True and latest["direction"] == "improving"
    assert latest["rag"]["state"] == "green"
    assert body["target"] == 25.0 and body["unit"] == "percentage"
    assert body["links"]["values"] == f"http://testserver/api/v1/metric-values/?metric={metric.pk}"
    page = client.get(metric.get_absolute_url()).content.decode()
    assert latest["display"] in page

    values = client.get(body["links"]["values"]).json()["results"]
    assert [(v["period_start"], v["value"], v["is_current"]) for v in values] == [
        ("2012-01-01", 30.0, True),
        ("2012-02-01", 28.0, True),
        ("2012-03-01", 26.0, False),
        ("2012-03-01", 24.0, True),
    ]
    assert values[-1]["supersedes"] == values[-2]["id"]
    assert values[-1]["reason"] == "Late records added"
    assert values[0]["rag"]["state"] == "red" and values[0]["period_end"] == "2012-01-31"


@pytest.mark.parametrize("reader", READERS)
def test_a_decision_names_its_item_only_once_the_agenda_lists_it(scene, client_for, reader):
    unannounced = services.agenda_item_add(
        actor=scene.users["business_unit"], meeting=scene.unpublished, title="UNANNOUNCED-ITEM"
    )
    on_draft = decision(scene.body, title="DECIDED-LATE", agenda_item=unannounced)
    client = client_for(reader)

    listed = {d["id"]: d for d in client.get("/api/v1/decisions/").json()["results"]}
    answer = client.get(f"/api/v1/decisions/{on_draft.pk}/")
    detail = answer.json()

    if reader == "business_unit":
        assert listed[on_draft.pk]["agenda_item"]["title"] == "UNANNOUNCED-ITEM"
        assert detail["agenda_item"]["title"] == "UNANNOUNCED-ITEM"
    elif reader in ("anonymous", "other_body_member"):
        # Its meeting has not been held: the decision is not public yet at all.
        assert on_draft.pk not in listed and answer.status_code == 404
        assert "UNANNOUNCED-ITEM" not in client.get("/api/v1/decisions/").content.decode()
    else:
        assert listed[on_draft.pk]["agenda_item"] is None
        assert detail["agenda_item"] is None
        assert "UNANNOUNCED-ITEM" not in client.get("/api/v1/decisions/").content.decode()
