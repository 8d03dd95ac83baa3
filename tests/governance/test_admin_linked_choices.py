"""A decision's, action's or challenge's form in the admin narrows each choice by what is
already chosen: the body's meetings, the meeting's agenda items, the agency's people; and
refuses an item of another meeting or body however it was sent."""

import json
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Action, Decision
from membership.models import Membership, Person, default_partnership
from tests.admin_forms import admin_form, submit

from .factories import (
    AgendaItemFactory,
    BodyFactory,
    D,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    business_unit,
    challenge,
    decision,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = business_unit()
    client.force_login(user)
    return user


def widget_options(html: str, field_id: str) -> dict:
    """The options the page hands a chooser widget's script (`new Chooser(id, options)`)."""
    found = re.search(rf'new \w+\("{field_id}", (\{{.*?\}})\);', html)
    assert found, f"No chooser for {field_id}"
    return json.loads(found.group(1))


def results(client, chooser: str, **params) -> str:
    response = client.get(reverse(f"{chooser}:choose_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def chosen(chooser: str, pk: int) -> str:
    return reverse(f"{chooser}:chosen", args=[pk])


@pytest.mark.parametrize("log", ["decision", "action", "challenge"])
def test_a_logs_meeting_and_item_choosers_follow_the_chosen_body_and_meeting(client, manager, log):
    page = client.get(reverse(f"{log}:add")).content.decode()

    assert widget_options(page, "id_meeting")["linkedFields"] == {"body": "#id_body"}
    assert widget_options(page, "id_agenda_item")["linkedFields"] == {
        "meeting": "#id_meeting",
        "body": "#id_body",
    }


def test_an_agency_lead_and_an_owner_are_chosen_among_the_agencys_people(client, manager):
    challenge_form = client.get(reverse("challenge:add")).content.decode()
    action_form = client.get(reverse("action:add")).content.decode()
    plan_action_form = client.get(reverse("improvementaction:add")).content.decode()

    assert widget_options(challenge_form, "id_agency_lead")["linkedFields"] == {
        "organisation": "#id_agency"
    }
    assert widget_options(action_form, "id_owner")["linkedFields"] == {
        "organisation": "#id_organisation"
    }
    assert widget_options(plan_action_form, "id_lead")["linkedFields"] == {
        "organisation": "#id_lead_organisation"
    }
    # A person chosen for no agency (who raised it) is not narrowed.
    assert "linkedFields" not in widget_options(challenge_form, "id_raised_by")


def test_the_choosers_list_the_bodys_meetings_the_meetings_items_and_the_agencys_people(
    client, manager
):
    ours, theirs = MeetingFactory(), MeetingFactory()
    our_item, their_item = AgendaItemFactory(meeting=ours), AgendaItemFactory(meeting=theirs)
    police, health = OrganisationFactory(name="Kent Police"), OrganisationFactory()
    officer, nurse = PersonFactory(), PersonFactory()
    # Two terms for the same agency list the officer once.
    MembershipFactory(person=officer, organisation=police)
    MembershipFactory(person=officer, organisation=police, body=ours.body)
    MembershipFactory(person=nurse, organisation=health)

    meetings = results(client, "meeting_chooser", body=ours.body_id)
    items_by_meeting = results(client, "agenda_item_chooser", meeting=ours.pk)
    items_by_body = results(client, "agenda_item_chooser", body=theirs.body_id)
    people = results(client, "person_chooser", organisation=police.pk)

    assert chosen("meeting_chooser", ours.pk) in meetings
    assert chosen("meeting_chooser", theirs.pk) not in meetings
    assert chosen("agenda_item_chooser", our_item.pk) in items_by_meeting
    assert chosen("agenda_item_chooser", their_item.pk) not in items_by_meeting
    assert chosen("agenda_item_chooser", their_item.pk) in items_by_body
    assert chosen("agenda_item_chooser", our_item.pk) not in items_by_body
    assert people.count(chosen("person_chooser", officer.pk)) == 1
    assert chosen("person_chooser", nurse.pk) not in people


def test_a_decision_on_another_meetings_item_is_refused(client, manager):
    meeting = MeetingFactory()
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(body=meeting.body))
    url = reverse("decision:add")
    form = admin_form(client, url)
    form["body"], form["meeting"], form["agenda_item"] = meeting.body_id, meeting.pk, elsewhere.pk
    form["decided_on"], form["title"], form["text"] = "2012-04-18", "Plan agreed", "Agreed."

    response = submit(client, url, form)

    assert response.status_code == 200
    assert f"is on the agenda of {elsewhere.meeting}, not of {meeting}" in (
        response.content.decode()
    )
    assert not Decision.objects.exists()


def test_an_action_on_an_item_of_another_bodys_meeting_is_refused(client, manager):
    body = BodyFactory()
    elsewhere = AgendaItemFactory()
    url = reverse("action:add")
    form = admin_form(client, url)
    form["body"], form["agenda_item"], form["owner"] = body.pk, elsewhere.pk, PersonFactory().pk
    form["description"], form["raised_on"], form["due_date"] = "Report", "2012-01-18", "2012-03-01"

    response = submit(client, url, form)

    assert response.status_code == 200
    assert "a meeting of another body" in response.content.decode()
    assert not Action.objects.exists()


def test_a_challenge_edit_moving_it_to_another_meetings_item_is_refused(client, manager):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    raised = challenge(meeting.body, meeting=meeting, agenda_item=item)
    url = reverse("challenge:edit", args=[raised.pk])
    form = admin_form(client, url)
    form["agenda_item"] = AgendaItemFactory(meeting=MeetingFactory(body=meeting.body)).pk
    form["change_reason"] = "Wrong item"

    response = submit(client, url, form)

    assert response.status_code == 200
    assert "is on the agenda of" in response.content.decode()
    raised.refresh_from_db()
    assert raised.agenda_item == item


def measure(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(meeting, organisation, count: int) -> None:
    """`count` more items on the meeting and people who sat for the agency."""
    start = meeting.agenda_items.count()
    meeting.agenda_items.bulk_create(
        meeting.agenda_items.model(meeting=meeting, title=f"Item {n}", sort_order=n)
        for n in range(start, start + count)
    )
    people = Person.objects.bulk_create(
        Person(
            given_name="Given",
            family_name=f"Bulk {n}",
            email=f"bulk{n}@example.org",
            partnership=default_partnership(),
        )
        for n in range(Person.objects.count(), Person.objects.count() + count)
    )
    Membership.objects.bulk_create(
        Membership(body=meeting.body, person=p, organisation=organisation, start_date=D(2011, 4, 1))
        for p in people
    )


@pytest.mark.parametrize(
    "page",
    [
        "decision:add",
        "challenge:add",
        "action:add",
        "decision:edit",
        "challenge:edit",
        "agenda_item_chooser:choose_results?meeting={meeting}",
        "person_chooser:choose_results?organisation={agency}",
        "meeting_chooser:choose_results?body={body}",
    ],
)
def test_the_log_forms_and_choosers_read_the_same_queries_for_10_or_1000_rows(
    client, manager, page
):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    agency = OrganisationFactory()
    records = {
        "decision": decision(meeting.body, meeting=meeting, agenda_item=item),
        "challenge": challenge(meeting.body, meeting=meeting, agenda_item=item, agency=agency),
    }
    name, _, query = page.partition("?")
    args = [records[name.split(":")[0]].pk] if name.endswith(":edit") else []
    url = reverse(name, args=args)
    if query:
        url += "?" + query.format(meeting=meeting.pk, agency=agency.pk, body=meeting.body_id)
    grow(meeting, agency, 10)
    few = measure(client, url)

    grow(meeting, agency, 990)
    many = measure(client, url)

    assert many == few
