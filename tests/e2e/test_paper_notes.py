"""A member reads a restricted paper in the PDF.js reader under the site's own Content
Security Policy (not bypassed here: the viewer and its worker must load from our static
files), highlights a line with the mouse, adds a note on another page at the keyboard, and
finds both after reloading."""

import datetime

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from meetings import services
from meetings.models import PaperNote
from meetings.papers import services as paper_services
from membership.models import Role
from tests.e2e.conftest import TIMEOUT_MS, screenshot, sign_in
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAPER = "Child K chronology (confidential)"


@pytest.fixture
def paper():
    body = BodyFactory(name="KSCB Executive", slug="executive", short_name="EXEC")
    member = UserFactory(username="member")
    MembershipFactory(
        body=body,
        person=PersonFactory(user=member),
        role=Role.MEMBER,
        start_date=datetime.date(2011, 4, 1),
    )
    clerk = UserFactory(username="clerk")
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=7)
    meeting = services.meeting_schedule(
        actor=clerk,
        body=body,
        title="KSCB Executive",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    item = services.agenda_item_add(
        actor=clerk, meeting=meeting, title="Serious case review", is_restricted=True
    )
    paper = paper_services.paper_create(
        actor=clerk,
        agenda_item=item,
        title=PAPER,
        file=upload(make_pdf(pages=2, text="Chronology of agency contacts")),
    )
    services.agenda_publish(actor=clerk, meeting=meeting, change_note="Agenda and papers")
    return meeting, paper


def test_a_member_highlights_and_notes_a_paper_and_finds_both_after_reloading(
    browser, live_server, paper
):
    meeting, paper = paper
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    try:
        sign_in(page, "member")
        page.goto(meeting.get_absolute_url())
        page.get_by_role("link", name=f"Read and annotate {PAPER}").click()
        expect(page.locator("#paper-reader[data-ready=true]")).to_be_attached()
        expect(page.locator(".reader-page")).to_have_count(2)

        # The mouse: drag across the first line of text on page 1, then note the highlight.
        line = page.locator('.reader-page[data-page="1"] .textLayer span').first
        box = line.bounding_box()
        page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] - 1, box["y"] + box["height"] / 2, steps=5)
        page.mouse.up()
        page.get_by_label("Note (optional)").fill("Check the dates against the police log")
        page.get_by_role("button", name="Save highlight").click()
        expect(page.locator("#reader-status")).to_have_text("Your note on page 1 is saved.")

        # The keyboard: a note on page 2 without a pointer.
        page.get_by_label("Page", exact=True).focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.type("Ask the school about the attendance gap")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#reader-status")).to_have_text("Your note on page 2 is saved.")

        page.reload()
        expect(page.locator("#paper-reader[data-ready=true]")).to_be_attached()
        notes = page.locator("#note-list > li")
        expect(notes).to_have_count(2)
        expect(notes.nth(0)).to_contain_text("Chronology")
        expect(page.get_by_label("Note on page 1")).to_have_value(
            "Check the dates against the police log"
        )
        expect(page.get_by_label("Note on page 2")).to_have_value(
            "Ask the school about the attendance gap"
        )
        expect(page.locator('.reader-page[data-page="1"] .note-highlight')).not_to_have_count(0)
        screenshot(page, "member-paper-notes")
        assert refused == []
        highlight, page_note = PaperNote.objects.order_by("page")
        assert highlight.rects and "Chronology" in highlight.quote
        assert (page_note.page, page_note.rects) == (2, [])
    finally:
        context.close()
