import pytest

from django.urls import reverse

from governance.models import Challenge, Decision, Risk
from tests.admin_forms import loaded_history_token
from tests.membership.factories import BodyFactory, PersonFactory

from .factories import (
    BodySettingsFactory,
    D,
    RagSchemeFactory,
    action,
    business_unit,
    challenge,
    decision,
    improvement_action,
    plan,
    risk,
)

pytestmark = pytest.mark.django_db

VIEWSETS = [
    "decision",
    "action",
    "challenge",
    "risk",
    "improvementplan",
    "planobjective",
    "improvementaction",
    "ragscheme",
    "bodygovernancesettings",
    "declarationofinterest",
    "matter",
]


@pytest.fixture
def manager(client):
    user = business_unit()
    client.force_login(user)
    return user


def test_the_governance_menu_and_every_listing_open_for_the_business_unit(client, manager):
    home = client.get("/admin/").content.decode()

    assert "Governance" in home
    for name in VIEWSETS:
        assert client.get(reverse(f"{name}:index")).status_code == 200, name
        assert client.get(reverse(f"{name}:add")).status_code == 200, name


def test_a_decision_added_in_the_admin_gets_its_reference(client, manager):
    body = BodyFactory(short_name="KSCB")

    response = client.post(
        reverse("decision:add"),
        {
            "body": body.pk,
            "decided_on": "2011-07-15",
            "title": "Independent review of KSCB",
            "text": "The Board endorsed the independent review's recommendations.",
            "decision_type": "endorsed",
        },
    )

    assert response.status_code == 302
    recorded = Decision.objects.get()
    assert recorded.reference == "KSCB/2011/001"
    assert recorded.history.get().history_user == manager


def test_an_admin_edit_of_a_decision_needs_a_reason(client, manager):
    recorded = decision(BodyFactory())
    data = {
        "body": recorded.body_id,
        "decided_on": "2012-04-18",
        "title": recorded.title,
        "text": "Corrected wording.",
        "decision_type": recorded.decision_type,
        "status": "current",
        "status_note": "",
    }

    data["loaded_history_token"] = loaded_history_token(recorded)
    refused = client.post(
        reverse("decision:edit", args=[recorded.pk]), {**data, "change_reason": ""}
    )
    saved = client.post(
        reverse("decision:edit", args=[recorded.pk]), {**data, "change_reason": "Minutes corrected"}
    )

    assert refused.status_code == 200
    assert "Say why the decision is being corrected" in refused.content.decode()
    assert saved.status_code == 302
    recorded.refresh_from_db()
    assert recorded.text == "Corrected wording."
    assert recorded.history.first().history_change_reason == "Minutes corrected"
    history = client.get(reverse("decision:history", args=[recorded.pk])).content.decode()
    assert "Minutes corrected" in history and "Corrected wording." in history


def test_nothing_is_deleted_from_the_admin(client, manager, admin_user):
    recorded = decision(BodyFactory())

    as_manager = client.get(reverse("decision:delete", args=[recorded.pk]))
    client.force_login(admin_user)
    as_superuser = client.get(reverse("decision:delete", args=[recorded.pk]))
    edit_page = client.get(reverse("decision:edit", args=[recorded.pk])).content.decode()

    assert as_manager.status_code != 200 and as_superuser.status_code != 200
    assert reverse("decision:delete", args=[recorded.pk]) not in edit_page
    assert Decision.objects.filter(pk=recorded.pk).exists()


def test_the_business_unit_has_no_delete_permission(manager):
    assert manager.has_perm("governance.change_decision")
    assert not manager.has_perm("governance.delete_decision")
    assert not manager.has_perm("governance.delete_action")


def test_challenge_status_is_not_edited_in_the_admin(client, manager):
    raised = challenge(BodyFactory())

    page = client.get(reverse("challenge:edit", args=[raised.pk])).content.decode()

    assert 'name="status"' not in page and 'name="outcome"' not in page


def test_a_risk_is_scored_when_added_and_re_scored_only_by_review(client, manager):
    body = BodyFactory(short_name="KSCB")
    owner = PersonFactory()
    linked = action(body)

    added = client.post(
        reverse("risk:add"),
        {
            "body": body.pk,
            "owner": owner.pk,
            "title": "Performance management and quality assurance",
            "target_score": "8",
            "opened_on": "2012-02-01",
            "status": "open",
            "likelihood": "4",
            "impact": "5",
            "actions": [linked.pk],
        },
    )
    scored = Risk.objects.get()
    edit_page = client.get(reverse("risk:edit", args=[scored.pk])).content.decode()

    assert added.status_code == 302
    assert (scored.reference, scored.score) == ("KSCB/R01", 20)
    assert list(scored.actions.all()) == [linked]
    assert scored.reviews.count() == 1
    assert 'name="likelihood"' not in edit_page


def test_admin_edit_pages_open(client, manager):
    body = BodySettingsFactory().body
    scheme = RagSchemeFactory(partnership=body.partnership)
    _plan, (objective,) = plan(body)
    records = {
        "decision": decision(body),
        "action": action(body),
        "challenge": challenge(body),
        "risk": risk(body),
        "improvementplan": _plan,
        "planobjective": objective,
        "improvementaction": improvement_action(objective),
        "ragscheme": scheme,
        "bodygovernancesettings": body.governance_settings,
    }
    for name, record in records.items():
        assert client.get(reverse(f"{name}:edit", args=[record.pk])).status_code == 200, name
        assert client.get(reverse(f"{name}:history", args=[record.pk])).status_code == 200, name


def test_an_action_edited_in_the_admin_keeps_its_status(client, manager):
    logged = action(BodyFactory(), due_date=D(2012, 3, 31))

    response = client.post(
        reverse("action:edit", args=[logged.pk]),
        {
            "body": logged.body_id,
            "description": "Reworded",
            "owner": logged.owner_id,
            "raised_on": "2012-01-18",
            "due_date": "2012-03-31",
            "change_reason": "Clearer wording",
            "loaded_history_token": loaded_history_token(logged),
        },
    )

    assert response.status_code == 302
    logged.refresh_from_db()
    assert logged.description == "Reworded" and logged.status == "open"
    assert Challenge.objects.count() == 0
