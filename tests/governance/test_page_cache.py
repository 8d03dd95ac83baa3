"""The decisions register and the meeting page's governance panels keep rendered parts
between edits (membership.page_cache). Whoever filled the cache first, restricted records
reach only those who may see the body's restricted material, the chair's links only its
chairs and the business unit; and a correction through a service shows on the next
request."""

import itertools

import pytest

from django.contrib.auth.models import AnonymousUser

from governance import services
from tests.membership.factories import BodyFactory

from .factories import (
    AgendaItemFactory,
    D,
    MeetingFactory,
    action,
    at,
    business_unit,
    chair_of,
    decision,
    member_of,
)

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "member of another body", "member of the body", "chair", "business unit"]
SEES_RESTRICTED = {"member of the body", "chair", "business unit"}
SEES_LOGS = SEES_RESTRICTED | {"member of another body"}
ACTS_AS_CHAIR = {"chair", "business unit"}
ORDERS = list(itertools.permutations(READERS, 2))


@pytest.fixture
def world():
    body = BodyFactory(name="Serious Case Review Subgroup", short_name="SCR")
    other = BodyFactory(name="Learning and Development Subgroup")
    meeting = MeetingFactory(body=body, start=at(D(2012, 3, 7)))
    secret_item = AgendaItemFactory(meeting=meeting, title="SECRET-ITEM-TITLE", is_restricted=True)
    decision(body, title="SECRET-DECISION-TITLE", is_restricted=True)
    decision(body, title="SECRET-ITEM-DECISION", agenda_item=secret_item, decided_on=None)
    public = decision(body, title="PUBLIC-DECISION-TITLE")
    action(body, description="SECRET-ACTION-TEXT", is_restricted=True)
    action(body, description="PUBLIC-ACTION-TEXT")
    return {
        "body": body,
        "meeting": meeting,
        "public_decision": public,
        "readers": {
            "anonymous": AnonymousUser(),
            "member of another body": member_of(other),
            "member of the body": member_of(body),
            "chair": chair_of(body),
            "business unit": business_unit(),
        },
    }


def page_as(client, world, reader, url) -> str:
    client.logout()
    user = world["readers"][reader]
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("order", ORDERS, ids=lambda pair: "-then-".join(pair))
def test_the_register_shows_each_reader_their_own_audience_whoever_filled_the_cache(
    client, world, order
):
    for reader in (*order, order[0]):
        page = page_as(client, world, reader, "/decisions/")
        assert "PUBLIC-DECISION-TITLE" in page
        for secret in ("SECRET-DECISION-TITLE", "SECRET-ITEM-DECISION"):
            assert (secret in page) is (reader in SEES_RESTRICTED), (reader, secret)


def test_the_register_keeps_a_copy_per_query(client, world):
    everything = page_as(client, world, "anonymous", "/decisions/")
    assert "PUBLIC-DECISION-TITLE" in everything
    searched = page_as(client, world, "anonymous", "/decisions/?q=nothing-matches-this")
    assert "PUBLIC-DECISION-TITLE" not in searched and "No decisions match." in searched


def test_a_correction_through_the_service_shows_on_the_next_request(client, world):
    for reader in READERS:
        assert "CORRECTED-TITLE" not in page_as(client, world, reader, "/decisions/")
    services.decision_correct(
        actor=world["readers"]["business unit"],
        decision=world["public_decision"],
        reason="Typo in the minutes",
        title="CORRECTED-TITLE",
    )
    for reader in READERS:
        page = page_as(client, world, reader, "/decisions/")
        assert "CORRECTED-TITLE" in page and "PUBLIC-DECISION-TITLE" not in page, reader


@pytest.mark.parametrize("order", ORDERS, ids=lambda pair: "-then-".join(pair))
def test_matters_arising_show_each_reader_their_own_audience_whoever_filled_the_cache(
    client, world, order
):
    url = world["meeting"].get_absolute_url()
    for reader in (*order, order[0]):
        page = page_as(client, world, reader, url)
        assert ("Matters arising: open actions" in page) is (reader in SEES_LOGS), reader
        assert ("PUBLIC-ACTION-TEXT" in page) is (reader in SEES_LOGS), reader
        assert ("SECRET-ACTION-TEXT" in page) is (reader in SEES_RESTRICTED), reader
        console = f"/meetings/{world['meeting'].pk}/log/"
        assert (console in page) is (reader in ACTS_AS_CHAIR), reader


@pytest.mark.parametrize("order", ORDERS, ids=lambda pair: "-then-".join(pair))
def test_the_minutes_panel_offers_the_editing_link_only_to_editors_whoever_filled_the_cache(
    client, world, order
):
    url = world["meeting"].get_absolute_url()
    for reader in (*order, order[0]):
        page = page_as(client, world, reader, url)
        assert ("Start the minutes" in page) is (reader in ACTS_AS_CHAIR), reader


def test_a_new_action_shows_in_matters_arising_on_the_next_request(client, world):
    url = world["meeting"].get_absolute_url()
    assert "NEW-ACTION-TEXT" not in page_as(client, world, "member of the body", url)
    action(world["body"], description="NEW-ACTION-TEXT")
    assert "NEW-ACTION-TEXT" in page_as(client, world, "member of the body", url)
