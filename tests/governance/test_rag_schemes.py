"""One RAG scheme per partnership: the business unit edits its own partnerships' schemes in
the admin and never another's; the action register and the plan page speak the words of
the partnership whose site shows them, a joint body's actions included."""

from __future__ import annotations

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import services
from governance.models import RagColour, RagScheme
from membership import services as membership_services
from membership.models import default_partnership
from tests.admin_forms import admin_form, submit
from tests.governance.factories import (
    RagSchemeFactory,
    action,
    improvement_action,
    improvement_board_scheme,
    plan,
)
from tests.membership.factories import BodyFactory, UserFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

D = datetime.date
pytestmark = pytest.mark.django_db
KEY = re.compile(r'<span class="rag rag-(\w+)">([^<]+)</span>')


@pytest.fixture
def adults():
    return second_partnership()


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------
def test_the_business_unit_edits_its_partnerships_scheme_and_never_sees_anothers(client, adults):
    home = default_partnership()
    theirs = RagSchemeFactory(partnership=adults, name="Adults words", complete_label="Closed")
    client.force_login(manager_of(home))

    form = admin_form(client, "/admin/ragscheme/new/")
    form["partnership"] = home.pk
    form["name"] = "Children's words"
    form["complete_label"] = "Completed"
    form["complete_colour"] = RagColour.GREEN
    response = submit(client, "/admin/ragscheme/new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    ours = RagScheme.objects.get(partnership=home)
    assert (ours.complete_label, ours.complete_colour) == ("Completed", "green")

    form = admin_form(client, f"/admin/ragscheme/edit/{ours.pk}/")
    form["suspended_colour"] = RagColour.BLUE
    form["change_reason"] = "The Improvement Board's colours, agreed in March."
    response = submit(client, f"/admin/ragscheme/edit/{ours.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    ours.refresh_from_db()
    assert ours.suspended_colour == "blue"
    assert ours.history.first().history_change_reason == (
        "The Improvement Board's colours, agreed in March."
    )

    listing = client.get("/admin/ragscheme/").content.decode()
    assert "Children&#x27;s words" in listing or "Children's words" in listing
    assert "Adults words" not in listing
    for view in ("edit", "history"):
        assert client.get(f"/admin/ragscheme/{view}/{theirs.pk}/").status_code == 404

    # Sent anyway, an edit of theirs is not found and changes nothing.
    response = client.post(
        f"/admin/ragscheme/edit/{theirs.pk}/", {"partnership": adults.pk, "complete_label": "X"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.complete_label == "Closed"


def test_a_scheme_for_another_partnership_or_a_second_one_is_refused_and_nothing_saved(
    client, adults
):
    home = default_partnership()
    RagSchemeFactory(partnership=home)
    client.force_login(manager_of(home))

    form = admin_form(client, "/admin/ragscheme/new/")
    form["partnership"] = adults.pk
    response = submit(client, "/admin/ragscheme/new/", form)
    assert response.status_code == 200
    assert "belongs to a partnership you do not run" in response.content.decode()

    form["partnership"] = home.pk
    response = submit(client, "/admin/ragscheme/new/", form)
    assert response.status_code == 200
    assert "This partnership already has a RAG scheme: edit that one." in (
        response.content.decode()
    )
    assert RagScheme.objects.count() == 1


def test_two_states_with_one_label_are_refused_naming_the_field(client):
    home = default_partnership()
    client.force_login(manager_of(home))
    form = admin_form(client, "/admin/ragscheme/new/")
    form["partnership"] = home.pk
    form["suspended_label"] = "complete "
    response = submit(client, "/admin/ragscheme/new/", form)

    assert response.status_code == 200
    assert "Another state has this label" in response.content.decode()
    assert not RagScheme.objects.exists()


def test_members_without_the_admin_cannot_reach_the_schemes(client):
    scheme = RagSchemeFactory()
    assert client.get("/admin/ragscheme/").status_code == 302
    client.force_login(UserFactory())
    for url in ("/admin/ragscheme/", f"/admin/ragscheme/edit/{scheme.pk}/"):
        assert client.get(url).status_code in (302, 403)


def test_the_schemes_listing_costs_the_same_however_many_partnerships(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    RagSchemeFactory()
    client.get("/admin/ragscheme/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/admin/ragscheme/").status_code == 200
    for code in ("AAA", "BBB", "CCC", "DDD"):
        partnership = second_partnership(
            name=f"Board {code}", code=code, hostname=f"{code.lower()}.localhost", board_name=code
        )
        RagSchemeFactory(partnership=partnership, name=f"Scheme of {code}")
    with CaptureQueriesContext(connection) as five:
        response = client.get("/admin/ragscheme/")
    assert "Scheme of DDD" in response.content.decode()
    assert len(five) == len(one)


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
def test_the_action_register_speaks_its_partnerships_words_joint_actions_too(client, adults):
    home = default_partnership()
    improvement_board_scheme(home)
    RagSchemeFactory(partnership=adults, suspended_label="Paused", suspended_colour="purple")
    joint = BodyFactory(name="Joint Transitions Committee", short_name="JTC")
    joint.also_reports_to.add(adults.board)
    membership_services.body_save(actor=None, body=joint, reason="Joint")
    services.action_update(
        actor=None,
        action=action(joint, due_date=D(2030, 1, 1)),
        text="Stopped",
        update_date=D(2012, 2, 1),
        new_status="cancelled",
    )
    client.force_login(manager_of(home, adults))

    children = client.get("/actions/?status=all").content.decode()
    grown_ups = client.get("/actions/?status=all", HTTP_HOST=ADULTS_HOST).content.decode()

    assert ("blue", "Suspended") in KEY.findall(children)
    assert ("purple", "Paused") in KEY.findall(grown_ups)
    assert "Paused" not in children
    # The RAG filter offers the partnership's words.
    assert ">Programmed</option>" in children
    assert ">Not started</option>" in grown_ups


def test_a_plans_page_rates_in_its_partnerships_words_whatever_body_keeps_it(client):
    home = default_partnership()
    improvement_board_scheme(home)
    subgroup = BodyFactory(name="Improvement Board")
    _plan, (objective,) = plan(subgroup)
    improvement_action(objective, due_date=D(2030, 1, 1))
    client.force_login(manager_of(home))

    page = client.get(f"/plans/{_plan.pk}/").content.decode()

    assert ("grey", "Programmed") in KEY.findall(page)
    assert ">Completed</option>" in page and ">Complete</option>" not in page
