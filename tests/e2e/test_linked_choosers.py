"""In a real browser, a chooser opened after another field of the form is chosen lists only
what fits it (Wagtail's linked fields): a paper's agenda items are its meeting's, a
challenge's agency leads are the agency's people."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_journeys import choose
from tests.groups import business_unit_group
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, local
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WELCOME = "Welcome, introductions and apologies"


@pytest.fixture
def clerk(page):
    business_unit_group()
    UserFactory(username="clerk").groups.add(business_unit_group())
    sign_in(page, "clerk")
    return page


def test_a_papers_item_chooser_lists_the_chosen_meetings_items(clerk):
    page = clerk
    for name, day in (("Safeguarding Board", 18), ("Executive Group", 25)):
        meeting = MeetingFactory(body=BodyFactory(name=name), start=local(2012, 4, day, 14))
        AgendaItemFactory(meeting=meeting, number="1", title=WELCOME, sort_order=0)

    page.goto("/admin/paper/new/")
    choose(page, "id_meeting", "Choose a meeting", "Executive Group")
    page.locator("#id_agenda_item-chooser").get_by_role(
        "button", name="Choose an agenda item"
    ).click()

    choices = page.locator(".modal a[data-chooser-modal-choice]")
    expect(choices).to_have_count(1)
    expect(choices).to_contain_text(f"25 April 2012, Executive Group: 1 {WELCOME}")
    choices.click()
    expect(page.locator("#id_agenda_item-chooser")).to_contain_text("Executive Group")


def test_a_challenges_agency_lead_chooser_lists_the_agencys_people(clerk):
    page = clerk
    police, health = OrganisationFactory(name="Kent Police"), OrganisationFactory(name="NHS")
    MembershipFactory(
        person=PersonFactory(given_name="Paul", family_name="Brandon"), organisation=police
    )
    MembershipFactory(
        person=PersonFactory(given_name="Jo", family_name="Nurse"), organisation=health
    )

    page.goto("/admin/challenge/new/")
    choose(page, "id_agency", "Choose an organisation", "Kent Police")
    page.locator("#id_agency_lead-chooser").get_by_role("button", name="Choose a person").click()

    choices = page.locator(".modal a[data-chooser-modal-choice]")
    expect(choices).to_have_count(1)
    expect(choices).to_contain_text("Paul Brandon")
