"""A member reads a restricted paper in the PDF.js reader under the site's own Content
Security Policy (not bypassed here: the viewer and its worker must load from our static
files), highlights a line with the mouse, adds a note on another page at the keyboard, and
finds both after reloading; another highlights passages with the keyboard alone; and axe
checks the reader and the member's lists of notes with notes on them."""

import datetime

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import User
from django.utils import timezone

from meetings import services
from meetings.models import PaperNote
from meetings.notes.services import note_create
from meetings.papers import services as paper_services
from membership.models import Role
from tests.e2e.conftest import TIMEOUT_MS, axe_violations, screenshot, sign_in
from tests.meetings.paper_factories import make_pdf, pdf_of_lines, upload
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAPER = "Child K chronology (confidential)"


def restricted_paper(data: bytes):
    """A paper of a restricted item on a published agenda, which "member" may read."""
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
        file=upload(data),
    )
    services.agenda_publish(actor=clerk, meeting=meeting, change_note="Agenda and papers")
    return meeting, paper


@pytest.fixture
def paper():
    return restricted_paper(make_pdf(pages=2, text="Chronology of agency contacts"))


@pytest.fixture
def lined_paper():
    return restricted_paper(
        pdf_of_lines(
            [
                [
                    "Chronology of agency contacts",
                    "The school reported the absence on 3 March.",
                    "Police were told on 9 March.",
                    "The school nurse was not told.",
                ],
                ["Chronology of agency contacts", "The health visitor saw the family."],
            ]
        )
    )


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


def reader_url(paper) -> str:
    return f"/papers/{paper.pk}/v{paper.versions.get().number}/read/"


# Any pointer event in the page fails the keyboard journey: Enter on a button is a click
# with no pointer, which is what a keyboard user makes.
RECORD_POINTER = """
window.pointerEvents = [];
for (const kind of ["pointerdown", "mousedown", "mouseup", "pointermove"]) {
  window.addEventListener(kind, (event) => window.pointerEvents.push(kind), true);
}
"""


def test_a_keyboard_user_highlights_passages_and_is_told_each_step(
    browser, live_server, lined_paper
):
    meeting, paper = lined_paper
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_POINTER)
    page = context.new_page()
    status = page.locator("#reader-status")
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("member")
        page.get_by_label("Password").fill("demo")
        page.keyboard.press("Enter")
        page.wait_for_url("**/my/")
        page.goto(reader_url(paper))
        expect(page.locator("#paper-reader[data-ready=true]")).to_be_attached()
        expect(status).to_have_attribute("role", "status")

        # From the reader's links, Tab reaches the finder: the page to look on, then the words.
        page.get_by_role("link", name="All my notes").focus()
        page.keyboard.press("Tab")
        expect(page.get_by_label("Look on")).to_be_focused()
        page.keyboard.press("Tab")
        passage = page.get_by_label("Passage to highlight")
        expect(passage).to_be_focused()

        # Words that are not on the page: said, shown by the field, and nothing saved.
        page.keyboard.type("attendance gap")
        page.keyboard.press("Enter")
        expect(status).to_contain_text('"attendance gap" is not on any page')
        expect(passage).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#passage-error")).to_be_visible()
        expect(page.locator("#highlight-form")).to_be_hidden()

        # A passage across lines by its first and last words, typed in another case with
        # other spacing; the note field takes the focus, described by what was found.
        passage.press("Control+a")
        page.keyboard.type("the  school REPORTED")
        page.keyboard.press("Tab")
        expect(page.get_by_label("Up to these last words (optional)")).to_be_focused()
        page.keyboard.type("9 march.")
        page.keyboard.press("Enter")
        note = page.get_by_label("Note (optional)")
        expect(note).to_be_focused()
        expect(passage).not_to_have_attribute("aria-invalid", "true")
        expect(status).to_contain_text("Found on page 1")
        quote = page.locator("#highlight-quote")
        expect(quote).to_contain_text("The school reported the absence on 3 March.")
        expect(quote).to_contain_text("Police were told on 9 March.")
        expect(quote).not_to_contain_text("nurse")
        expect(page.locator('.reader-page[data-page="1"] .note-pending')).to_have_count(2)
        page.keyboard.type("Two contacts six days apart")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Save highlight")).to_be_focused()
        page.keyboard.press("Enter")
        expect(status).to_have_text("Your note on page 1 is saved.")
        expect(passage).to_be_focused()
        expect(passage).to_have_value("")
        expect(page.locator(".note-pending")).to_have_count(0)
        expect(page.locator('.reader-page[data-page="1"] .note-highlight')).to_have_count(2)

        # Words on both pages: finding them again moves to the next place; Escape lets the
        # highlight go and gives the focus back.
        page.keyboard.type("chronology of agency contacts")
        page.keyboard.press("Enter")
        expect(status).to_contain_text("Found on page 1")
        expect(status).to_contain_text("there 2 times: this is number 1")
        page.keyboard.press("Escape")
        expect(status).to_have_text("The highlight is not saved.")
        expect(page.locator("#highlight-form")).to_be_hidden()
        expect(passage).to_be_focused()
        page.keyboard.press("Enter")
        expect(status).to_contain_text("Found on page 2")
        expect(status).to_contain_text("number 2")
        expect(page.locator('.reader-page[data-page="2"] .note-pending')).to_have_count(1)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(status).to_have_text("Your note on page 2 is saved.")

        # Only on the page asked for.
        page.keyboard.press("Shift+Tab")
        expect(page.get_by_label("Look on")).to_be_focused()
        page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Look on")).to_have_value("1")
        page.keyboard.press("Tab")
        page.keyboard.type("health visitor")
        page.keyboard.press("Enter")
        expect(status).to_contain_text('"health visitor" is not on page 1')

        assert page.evaluate("window.pointerEvents") == []
        page.reload()
        expect(page.locator("#paper-reader[data-ready=true]")).to_be_attached()
        expect(page.locator("#note-list > li")).to_have_count(2)
        expect(page.get_by_label("Note on page 1")).to_have_value("Two contacts six days apart")
        screenshot(page, "member-paper-notes-keyboard")
    finally:
        context.close()
    first, second = PaperNote.objects.order_by("page")
    assert (first.page, len(first.rects), second.page, second.text) == (1, 2, 2, "")
    assert "reported the absence" in first.quote and "9 March" in first.quote
    assert "nurse" not in first.quote
    assert second.quote.startswith("Chronology of agency contacts")


def test_the_reader_and_the_lists_of_notes_have_no_accessibility_violations(page, paper):
    """axe, WCAG 2.2 A and AA as elsewhere (test_accessibility.py), on the reader with a
    highlight and a page note drawn, then with the finder's error and a found highlight
    waiting for its note, and on the member's lists of notes."""
    _meeting, paper = paper
    member = User.objects.get(username="member")
    version = paper.versions.get()
    note_create(
        actor=member,
        paper_version=version,
        page=1,
        rects=[[72, 716, 300, 732]],
        quote="Chronology of agency contacts",
        text="Check the dates against the police log",
    )
    note_create(actor=member, paper_version=version, page=2, text="Ask the school")
    sign_in(page, "member")
    page.goto(reader_url(paper))
    expect(page.locator("#paper-reader[data-ready=true]")).to_be_attached()
    expect(page.locator(".note-highlight")).to_have_count(1)
    assert axe_violations(page) == []

    page.get_by_label("Passage to highlight").fill("not in this paper")
    page.get_by_label("Passage to highlight").press("Enter")
    expect(page.locator("#passage-error")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Passage to highlight").fill("agency contacts page 2")
    page.get_by_label("Passage to highlight").press("Enter")
    expect(page.get_by_label("Note (optional)")).to_be_focused()
    assert axe_violations(page) == []

    for path in ("/my/notes/", "/my/"):
        response = page.goto(path)
        assert response.status == 200 and page.url.endswith(path)
        expect(page.get_by_text("Check the dates against the police log")).to_be_visible()
        assert axe_violations(page) == []
