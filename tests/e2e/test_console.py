"""The chair runs a meeting from the console on a tablet, with the keyboard alone: the
register, a declaration with withdrawal, a decision with a vote, an action and a challenge,
each confirmed in place under the item."""

import datetime

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from governance.models import Action, Challenge, DeclarationOfInterest, Vote
from meetings.models import Attendance, AttendanceMovement
from membership.models import Role
from tests.e2e.conftest import axe_violations, screenshot, sign_in
from tests.e2e.test_keyboard import FOCUSED
from tests.governance.factories import publish
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_TABS = 90


@pytest.fixture
def meeting():
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", quorum_count=2)
    police = OrganisationFactory(name="Kent Police")
    health = OrganisationFactory(name="NHS Kent")
    chair = PersonFactory(
        given_name="Roger", family_name="Gough", user=UserFactory(username="chair")
    )
    MembershipFactory(body=body, person=chair, role=Role.CHAIR, organisation=health)
    for given, family, agency in (("Ann", "Able", police), ("Ben", "Baker", health)):
        MembershipFactory(
            body=body,
            person=PersonFactory(given_name=given, family_name=family),
            organisation=agency,
        )
    # Kent Police's own lead, on another body.
    MembershipFactory(
        person=PersonFactory(given_name="Paul", family_name="Brandon"), organisation=police
    )
    start = timezone.now() - datetime.timedelta(minutes=30)
    meeting = MeetingFactory(body=body, start=start, end=start + datetime.timedelta(hours=2))
    AgendaItemFactory(meeting=meeting, number="1", title="Business Plan", sort_order=0)
    AgendaItemFactory(meeting=meeting, number="2", title="Any other business", sort_order=1)
    publish(meeting)
    return meeting


def tab_until(page, wanted: str) -> dict:
    """Tab until the focused control's text or label starts with `wanted`; every stop on
    the way shows where the focus is."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        said = focused["text"] or focused["label"]
        stops.append(said)
        assert focused["on_screen"], focused
        # A date field shows its focus by highlighting the part (day, month, year) in use.
        in_date = page.evaluate("document.activeElement.type") == "date"
        assert focused["outline"] or focused["ring"] or in_date, f"focus not visible: {focused}"
        if said.startswith(wanted):
            return focused
    raise AssertionError(f"{wanted!r} not reached; stops: {stops}")


def type_then_tab(page, *texts: str) -> None:
    """Type into each field in turn (a select takes the typed name), Tab between them."""
    for index, text in enumerate(texts):
        if text:
            page.keyboard.type(text)
        if index < len(texts) - 1:
            page.keyboard.press("Tab")


def submit(page, button: str, confirmed: str) -> None:
    tab_until(page, button)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#item-status")).to_contain_text(confirmed)


def no_sideways_scroll(page) -> None:
    for width in (768, 375):
        page.set_viewport_size({"width": width, "height": 1000})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width


def test_the_chair_runs_the_meeting_from_the_console_with_the_keyboard(page, meeting):
    page.set_viewport_size({"width": 768, "height": 1000})
    sign_in(page, "chair")
    page.goto(f"/meetings/{meeting.pk}/log/")

    for name in ("Roger Gough", "Ann Able", "Ben Baker"):
        tab_until(page, name)
        page.keyboard.press("Space")
        expect(page.locator("#register-status")).to_have_text(f"{name} is present.")
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 3

    page.keyboard.press("Shift+Tab")  # back to the top of the page, by reloading it
    page.reload()
    tab_until(page, "Open item 1")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#item-status")).to_contain_text("Item 1 opened")
    expect(page.locator(".item-timer")).to_contain_text("elapsed")

    tab_until(page, "Record a declaration")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    type_then_tab(page, "Ben Baker", "Trustee of a provider in the plan", "")
    page.keyboard.press("Space")
    submit(page, "Record the interest", "Ben Baker recorded, and withdrew for the item")

    tab_until(page, "Record a decision")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    type_then_tab(page, "Adopt the Business Plan", "The Executive adopted the plan.")
    page.keyboard.press("Tab")  # the type: agreed
    page.keyboard.press("Tab")  # not restricted
    page.keyboard.press("Tab")
    type_then_tab(page, "By a", "2", "0", "0")
    submit(page, "Record the decision", "carried, 2 for, 0 against, 0 abstaining")
    expect(page.locator(".console-vote")).to_contain_text("Vote carried")

    tab_until(page, "Log an action")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    type_then_tab(page, "Publish the plan on the website.", "Ann Able", "")
    # Up twice on each part of the date, in whatever order the browser shows them: the
    # second of the second month of next year.
    for part in range(3):
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        if part < 2:
            page.keyboard.press("Tab")
    for _ in range(5):  # out of the date's parts
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["label"] != "Due date:":
            break
    submit(page, "Log the action", "logged for Ann Able")

    tab_until(page, "Raise a challenge")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # raised by the chair, already chosen
    page.keyboard.press("Tab")
    type_then_tab(page, "Kent Police", "Paul", "Police data missing from the report.")
    page.keyboard.press("Tab")  # evidence: the first kind
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Supply the data by the end of May.")
    submit(page, "Raise the challenge", "raised with Kent Police")

    declaration = DeclarationOfInterest.objects.get()
    assert (declaration.person.name, declaration.withdrew) == ("Ben Baker", True)
    vote = Vote.objects.get()
    assert (vote.entitled, vote.votes_for, vote.carried) == (2, 2, True)
    assert Action.objects.get().owner.name == "Ann Able"
    assert Challenge.objects.get().agency_lead.name == "Paul Brandon"
    screenshot(page, "console-768")
    assert axe_violations(page) == []
    no_sideways_scroll(page)


def test_the_chair_records_a_member_leaving_and_returning_from_the_register(page, meeting):
    sign_in(page, "chair")
    page.goto(f"/meetings/{meeting.pk}/log/")
    for name in ("Roger Gough", "Ann Able", "Ben Baker"):
        tab_until(page, name)
        page.keyboard.press("Space")
        expect(page.locator("#register-status")).to_have_text(f"{name} is present.")
    first, second = meeting.agenda_items.order_by("sort_order")

    page.reload()
    tab_until(page, "Open item 1")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#item-status")).to_contain_text("Item 1 opened")
    tab_until(page, "Ann Able")
    page.keyboard.press("Space")
    expect(page.locator("#register-status")).to_have_text("Ann Able is no longer present.")
    page.goto(f"/meetings/{meeting.pk}/log/?item={second.pk}")
    tab_until(page, "Open item 2")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#item-status")).to_contain_text("Item 2 opened")
    tab_until(page, "Ann Able")
    page.keyboard.press("Space")
    expect(page.locator("#register-status")).to_have_text("Ann Able is present.")

    page.reload()
    ann = page.get_by_label("Ann Able", exact=False)
    expect(ann).to_be_checked()
    expect(page.locator(".console-register li", has_text="Ann Able")).to_contain_text(
        "(left at item 1, returned at item 2)"
    )
    page.goto(f"/meetings/{meeting.pk}/log/?item={first.pk}")
    expect(page.get_by_label("Ann Able", exact=False)).not_to_be_checked()
    assert [
        (m.kind, m.agenda_item.number)
        for m in AttendanceMovement.objects.order_by("at", "pk").select_related("agenda_item")
    ] == [("left", "1"), ("arrived", "2")]
