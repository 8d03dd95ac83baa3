"""A business unit's admin holds its own partnerships' meetings, agenda items and logs:
listings, filters, choosers and every form's choices; another partnership's record asked
for by its address is not found, and a record for its body is refused, nothing saved."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Decision
from meetings.models import AgendaItem
from membership.models import default_partnership
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory
from tests.partnerships import manager_of, second_partnership

from .factories import decision
from .performance_factories import MetricFactory, audit, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """A meeting, agenda item and decision in each partnership: the default ("A") and the
    adults' ("B")."""
    a, b = default_partnership(), second_partnership()
    found = {"a": a, "b": b}
    for key, partnership, name in (("a", a, "Children"), ("b", b, "Adults")):
        body = BodyFactory(name=f"{name} Exploitation Subgroup", partnership=partnership)
        meeting = MeetingFactory(body=body, title=f"{name} Subgroup Meeting")
        found[f"{key}_body"] = body
        found[f"{key}_meeting"] = meeting
        found[f"{key}_item"] = AgendaItem.objects.create(
            meeting=meeting, title=f"{name} Item", sort_order=0
        )
        found[f"{key}_decision"] = decision(body, title=f"{name} Strategy Endorsed")
    return found


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_manager_lists_only_their_meetings_and_decisions(client, two):
    client.force_login(manager_of(two["b"]))

    meetings = page(client, reverse("meeting:index"))
    decisions = page(client, reverse("decision:index"))

    assert "Adults Subgroup Meeting" in meetings
    assert "Children Subgroup Meeting" not in meetings
    assert "Adults Strategy Endorsed" in decisions
    assert "Children Strategy Endorsed" not in decisions
    # The listing's body filter offers their bodies alone.
    assert "Adults Exploitation Subgroup" in decisions
    assert "Children Exploitation Subgroup" not in decisions


def test_a_manager_of_both_partnerships_sees_both(client, two):
    client.force_login(manager_of(two["a"], two["b"]))

    decisions = page(client, reverse("decision:index"))

    assert "Adults Strategy Endorsed" in decisions
    assert "Children Strategy Endorsed" in decisions


def test_choosers_offer_only_the_managers_meetings_items_and_decisions(client, two):
    client.force_login(manager_of(two["b"]))

    for chooser, ours, theirs in (
        ("meeting_chooser", "Adults Subgroup Meeting", "Children Subgroup Meeting"),
        ("agenda_item_chooser", "Adults Item", "Children Item"),
        ("decision_chooser", "Adults Strategy Endorsed", "Children Strategy Endorsed"),
    ):
        listed = page(client, reverse(f"{chooser}:choose"))
        assert ours in listed, chooser
        assert theirs not in listed, chooser


def test_another_partnerships_records_are_not_found_by_their_address(client, two):
    client.force_login(manager_of(two["b"]))

    for url in (
        reverse("meeting:edit", args=(two["a_meeting"].pk,)),
        reverse("agenda_item:edit", args=(two["a_item"].pk,)),
        reverse("agenda_item:add") + f"?meeting={two['a_meeting'].pk}",
        reverse("decision:edit", args=(two["a_decision"].pk,)),
        reverse("decision:history", args=(two["a_decision"].pk,)),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("decision:edit", args=(two["b_decision"].pk,))).status_code == 200


def test_the_add_forms_offer_only_the_managers_bodies(client, two):
    client.force_login(manager_of(two["b"]))

    for name in ("decision", "meeting", "action"):
        form = page(client, reverse(f"{name}:add"))
        assert "Adults Exploitation Subgroup" in form, name
        assert "Children Exploitation Subgroup" not in form, name


def test_a_decision_for_another_partnerships_body_is_refused_and_nothing_saved(client, two):
    client.force_login(manager_of(two["b"]))

    response = client.post(
        reverse("decision:add"),
        {
            "body": two["a_body"].pk,
            "meeting": two["a_meeting"].pk,
            "decided_on": "2026-07-15",
            "title": "Reach into the children's board",
            "text": "Recorded against a body this business unit does not run.",
            "decision_type": "endorsed",
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "That body belongs to a partnership you do not run" in content
    assert "That meeting belongs to a partnership you do not run" in content
    assert not Decision.objects.filter(title="Reach into the children's board").exists()


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["decision:index", "meeting:index"])
def test_listings_read_in_the_same_queries_for_one_partnership_or_two(client, two, url):
    client.force_login(manager_of(two["b"]))
    one = _count(client, reverse(url))
    for n in range(10):
        body = BodyFactory(partnership=two["a"] if n % 2 else two["b"])
        MeetingFactory(body=body)
        decision(body, title=f"Decision {n}")

    client.force_login(manager_of(two["a"], two["b"]))
    both = _count(client, reverse(url))

    assert one == both


def test_performance_listings_and_forms_hold_the_managers_metrics_and_audits(client, two):
    ours = MetricFactory(name="Adults Reviews On Time", body=two["b_body"])
    theirs = MetricFactory(name="Children Visits On Time", body=two["a_body"])
    record(ours, datetime.date(2026, 1, 1), 80)
    record(theirs, datetime.date(2026, 1, 1), 70)
    audit(two["b_body"], topic="Adults Thresholds Audit")
    audit(two["a_body"], topic="Children Thresholds Audit")
    client.force_login(manager_of(two["b"]))

    metrics = page(client, reverse("metric:index"))
    figures = page(client, reverse("metricvalue:index"))
    audits = page(client, reverse("audit:index"))
    figure_form = page(client, reverse("metricvalue:add"))

    for listed in (metrics, figures, figure_form):
        assert "Adults Reviews On Time" in listed
        assert "Children Visits On Time" not in listed
    assert "Adults Thresholds Audit" in audits
    assert "Children Thresholds Audit" not in audits
    assert client.get(reverse("metric:edit", args=(theirs.pk,))).status_code == 404
