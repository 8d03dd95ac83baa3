"""Restricted material is found only by those who may see it: the pages' rule, in search."""

from __future__ import annotations

import datetime

import pytest

from governance import services as governance_services
from search.tasks import search_index_update
from tests.governance.factories import action as make_action
from tests.governance.factories import decision
from tests.meetings.paper_factories import AgendaItemFactory, MeetingFactory

from .conftest import SECRET, client_as, titles

pytestmark = pytest.mark.django_db

MAY_SEE_RESTRICTED = {"member", "chair", "business_unit"}
READERS = ("anonymous", "other_body_member", "member", "former_member", "chair", "business_unit")


@pytest.mark.parametrize("reader", READERS)
def test_a_word_only_a_restricted_paper_contains_is_found_only_by_those_who_may_see_it(
    reader, readers, published_meeting
):
    response = client_as(readers[reader]).get("/search/", {"q": SECRET.lower()})

    assert response.status_code == 200
    found = titles(response)
    if reader in MAY_SEE_RESTRICTED:
        assert found == ["Confidential annex"]
    else:
        assert found == []
        assert "Confidential annex" not in response.content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_a_restricted_item_and_its_papers_are_found_only_by_those_who_may_see_them(
    reader, readers, published_meeting
):
    found = titles(client_as(readers[reader]).get("/search/", {"q": "Child K"}))

    if reader in MAY_SEE_RESTRICTED:
        assert sorted(found) == ["2 Case review of Child K", "Child K chronology"]
    else:
        assert found == []


@pytest.mark.parametrize("reader", READERS)
def test_public_papers_are_found_by_everyone(reader, readers, published_meeting):
    assert titles(client_as(readers[reader]).get("/search/", {"q": "CAFs"})) == ["Thresholds audit"]


@pytest.mark.parametrize("reader", READERS)
def test_restricted_decisions_and_the_members_logs_follow_the_registers_rule(
    reader, readers, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision(body, title="Quokka placement", text="Agreed the quokka placement.")
        decision(body, title="Quokka secret", text="The quokka in private.", is_restricted=True)
        make_action(body, description="Write to the quokka sanctuary.")

    found = sorted(titles(client_as(readers[reader]).get("/search/", {"q": "quokka"})))

    public = [t for t in found if "Quokka placement" in t]
    assert len(public) == 1  # the decisions register is public
    sees_restricted = any("Quokka secret" in t for t in found)
    assert sees_restricted == (reader in MAY_SEE_RESTRICTED)
    # The action log is for whoever sits on a body today, and the business unit.
    sees_log = any("sanctuary" in t for t in found)
    assert sees_log == (reader in MAY_SEE_RESTRICTED | {"other_body_member"})


def test_an_unpublished_agenda_is_found_by_the_business_unit_alone(
    readers, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(meeting=MeetingFactory(body=body), title="Draft wombat item")

    assert titles(client_as(readers["member"]).get("/search/", {"q": "wombat"})) == []
    found = titles(client_as(readers["business_unit"]).get("/search/", {"q": "wombat"}))
    assert len(found) == 1
    assert found[0].endswith("Draft wombat item")


def test_a_decision_made_restricted_through_the_service_leaves_public_search(
    readers, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = decision(body, title="Pangolin funding", text="Agreed.")
    anonymous = client_as(readers["anonymous"])
    assert len(titles(anonymous.get("/search/", {"q": "pangolin"}))) == 1

    recorded.is_restricted = True
    with django_capture_on_commit_callbacks(execute=True):
        governance_services.decision_save(
            actor=readers["business_unit"], decision=recorded, reason="Names a child"
        )

    assert titles(anonymous.get("/search/", {"q": "pangolin"})) == []
    assert len(titles(client_as(readers["member"]).get("/search/", {"q": "pangolin"}))) == 1


def test_results_shown_to_one_reader_never_reach_a_reader_who_may_not_see_them(
    readers, published_meeting
):
    member_found = titles(client_as(readers["member"]).get("/search/", {"q": SECRET.lower()}))
    assert member_found == ["Confidential annex"]

    for reader in ("anonymous", "other_body_member", "former_member"):
        response = client_as(readers[reader]).get("/search/", {"q": SECRET.lower()})
        assert titles(response) == [], reader
        assert "Confidential annex" not in response.content.decode(), reader


def test_leaving_the_business_unit_takes_effect_on_the_next_search(
    readers, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(meeting=MeetingFactory(body=body), title="Draft bilby item")
    clerk = readers["business_unit"]
    client = client_as(clerk)
    assert len(titles(client.get("/search/", {"q": "bilby"}))) == 1

    clerk.groups.clear()

    assert titles(client.get("/search/", {"q": "bilby"})) == []


def test_a_membership_that_ends_takes_effect_on_the_next_search(readers, published_meeting, today):
    client = client_as(readers["member"])
    assert titles(client.get("/search/", {"q": SECRET.lower()})) == ["Confidential annex"]

    seat = readers["member"].person.memberships.get()
    seat.end_date = today - datetime.timedelta(days=1)
    seat.save()

    assert titles(client.get("/search/", {"q": SECRET.lower()})) == []


def test_what_the_index_task_writes_after_the_commit_shows_in_the_next_search(
    readers, body, django_capture_on_commit_callbacks
):
    """The index is written by a task after the record's own commit."""
    recorded = decision(body, title="Kookaburra funding", text="Agreed.")  # not yet indexed
    anonymous = client_as(readers["anonymous"])
    assert titles(anonymous.get("/search/", {"q": "kookaburra"})) == []

    with django_capture_on_commit_callbacks(execute=True):
        search_index_update([["decision", recorded.pk]])

    found = titles(anonymous.get("/search/", {"q": "kookaburra"}))
    assert [title.endswith("Kookaburra funding") for title in found] == [True]


@pytest.mark.parametrize("reader", READERS)
def test_a_decision_of_a_meeting_not_yet_held_is_found_by_the_bodys_members_alone(
    reader, readers, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coming = MeetingFactory(
            body=body, start=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
        )
        decision(body, title="Wombat strategy", text="Agreed early.", meeting=coming)

    found = titles(client_as(readers[reader]).get("/search/", {"q": "wombat"}))

    assert any("Wombat strategy" in title for title in found) == (reader in MAY_SEE_RESTRICTED)
