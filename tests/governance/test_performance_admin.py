"""The Performance menu of the admin: metrics with definitions inline, figures (editing one
revises it), audits with findings and recommendations inline; saved through the services,
with history, and nothing deleted."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Action, Audit, Metric, MetricValue
from tests.admin_forms import admin_form, loaded_history_token, submit

from .factories import BodyFactory, OrganisationFactory, PersonFactory, business_unit
from .performance_factories import D, MetricFactory, audit, monthly, record

pytestmark = pytest.mark.django_db

VIEWSETS = ["metric", "metricvalue", "audit"]


@pytest.fixture
def manager(client):
    user = business_unit()
    client.force_login(user)
    return user


def test_the_performance_menu_and_its_pages_open(client, manager):
    metric = MetricFactory()
    figure = record(metric, D(2012, 3, 1), "27.4")
    done = audit(findings=[("Inappropriate", 25, 5, 20)])
    records = {"metric": metric, "metricvalue": figure, "audit": done}

    home = client.get("/admin/").content.decode()

    assert "Performance" in home and "Import figures" in home
    for name in VIEWSETS:
        assert client.get(reverse(f"{name}:index")).status_code == 200, name
        assert client.get(reverse(f"{name}:add")).status_code == 200, name
        edit = client.get(reverse(f"{name}:edit", args=[records[name].pk]))
        assert edit.status_code == 200, name
        assert reverse(f"{name}:delete", args=[records[name].pk]) not in edit.content.decode()
        assert client.get(reverse(f"{name}:history", args=[records[name].pk])).status_code == 200
        assert client.get(reverse(f"{name}:delete", args=[records[name].pk])).status_code != 200


def test_the_business_unit_may_enter_but_not_delete(manager):
    for model in ("metric", "metricvalue", "audit", "metricdefinition", "auditfinding"):
        assert manager.has_perm(f"governance.add_{model}"), model
        assert not manager.has_perm(f"governance.delete_{model}"), model


def test_a_metric_is_added_with_a_dated_definition(client, manager):
    body, owner = BodyFactory(), OrganisationFactory()
    url = reverse("metric:add")
    form = admin_form(client, url)
    form["name"] = "Re-referrals within 12 months"
    form["slug"] = "re-referrals"
    form["unit"] = "percentage"
    form["polarity"] = "lower"
    form["period_kind"] = "quarter"
    form["owner"] = owner.pk
    form["body"] = body.pk
    form["target"] = "25"
    form["amber_within"] = "3"
    form.add_row("definitions", effective_from="2011-10-01", text="Counted by the CDS.")

    response = submit(client, url, form)

    assert response.status_code == 302
    metric = Metric.objects.get()
    assert metric.definitions.get().text == "Counted by the CDS."
    assert metric.history.get().history_user == manager
    assert metric.definitions.get().history.get().history_user == manager


def test_a_figure_is_added_and_a_second_for_the_period_refused(client, manager):
    metric = MetricFactory()
    data = {
        "metric": metric.pk,
        "period_kind": "month",
        "period_start": "2012-03-01",
        "value": "27.4",
        "recorded_on": "2012-04-06",
        "england": "24.9",
    }

    added = client.post(reverse("metricvalue:add"), data)
    again = client.post(reverse("metricvalue:add"), {**data, "value": "28"})

    assert added.status_code == 302
    assert again.status_code == 200
    assert "already has a figure for March 2012" in again.content.decode()
    figure = MetricValue.objects.get()
    assert figure.recorded_by == manager and figure.england == Decimal("24.9")


def test_editing_a_figure_revises_it_with_a_reason_and_keeps_the_original(client, manager, today):
    figure = record(MetricFactory(), D(2012, 3, 1), "27.4", recorded_on=D(2012, 4, 6))
    url = reverse("metricvalue:edit", args=[figure.pk])
    page = client.get(url).content.decode()
    data = {
        "value": "28.6",
        "recorded_on": today.isoformat(),
        "england": "",
        "statistical_neighbours": "",
        "region": "",
        "note": "",
        "loaded_history_token": loaded_history_token(figure),
    }

    refused = client.post(url, {**data, "change_reason": ""})
    revised = client.post(url, {**data, "change_reason": "Late records added"})

    assert f'value="{today.isoformat()}"' in page  # a revision is reported today
    assert 'name="period_start"' not in page
    assert refused.status_code == 200
    assert "Say why the figure is revised." in refused.content.decode()
    assert revised.status_code == 302
    original, new = MetricValue.objects.order_by("pk")
    assert (original.value, original.is_current) == (Decimal("27.4"), False)
    assert (new.value, new.is_current, new.supersedes) == (Decimal("28.6"), True, original)
    assert new.reason == "Late records added"


def test_the_figures_listing_filters_by_metric_and_metrics_link_to_it(client, manager):
    shown, other = MetricFactory(name="Shown measure"), MetricFactory(name="Other measure")
    record(shown, D(2012, 3, 1), "27.4")
    record(other, D(2012, 3, 1), "12.5")

    listing = client.get(reverse("metricvalue:index"), {"metric": shown.pk}).content.decode()
    metrics = client.get(reverse("metric:index")).content.decode()

    assert "27.4%" in listing and "12.5%" not in listing
    assert f"{reverse('metricvalue:index')}?metric={shown.pk}" in metrics


def test_an_audit_is_added_with_findings_and_a_recommendation_that_becomes_an_action(
    client, manager
):
    body, owner = BodyFactory(short_name="QE"), PersonFactory()
    agencies = [OrganisationFactory() for _ in range(2)]
    url = reverse("audit:add")
    form = admin_form(client, url)
    form["topic"] = "Understanding of thresholds"
    form["body"] = body.pk
    form["conducted_on"] = "2012-01-20"
    form["sample_size"] = "20"
    form["agencies"] = [agency.pk for agency in agencies]
    form.add_row("findings", label="Inappropriate referrals", percentage="25", numerator="5",
                 denominator="20")  # fmt: skip
    form.add_row("recommendations", number="1", text="Reinforce thresholds.",
                 action_owner=owner.pk, action_due="2030-06-30")  # fmt: skip

    response = submit(client, url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Audit.objects.get()
    assert saved.agencies.count() == 2
    assert saved.findings.get().percentage == Decimal("25")
    action = Action.objects.get()
    assert (action.audit, action.owner, action.body) == (saved, owner, body)
    assert saved.recommendations.get().action == action
    history = client.get(reverse("audit:history", args=[saved.pk])).content.decode()
    assert "Audit recommendation: Recommendation 1" in history
    assert "Audit finding: Inappropriate referrals: 25%" in history


def test_an_action_added_in_the_admin_can_name_its_audit(client, manager):
    done = audit()
    body, owner = done.body, PersonFactory()

    response = client.post(
        reverse("action:add"),
        {
            "body": body.pk,
            "description": "Re-audit in the spring.",
            "owner": owner.pk,
            "raised_on": "2012-01-25",
            "due_date": "2012-05-31",
            "audit": done.pk,
        },
    )

    assert response.status_code == 302
    assert Action.objects.get().audit == done


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_listings_take_as_many_queries_for_more_rows(client, manager):
    urls = [reverse(f"{name}:index") for name in VIEWSETS]
    monthly(MetricFactory(), D(2011, 1, 1), range(3))
    audit()
    for url in urls:
        client.get(url)

    before = [_count(client, url) for url in urls]
    for _ in range(3):
        monthly(MetricFactory(), D(2011, 1, 1), range(6))
        audit()

    assert [_count(client, url) for url in urls] == before
