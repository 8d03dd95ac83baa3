"""A member's journey with the keyboard alone: every control reached in Tab order, each one
showing where the focus is, no mouse and no typed addresses after the first page."""

import io
import re

import pikepdf
import pytest
from playwright.sync_api import expect

from meetings.models import Attendance, AttendanceStatus
from tests.e2e.conftest import screenshot
from tests.e2e.test_journeys import RESTRICTED_PAPER, executive  # noqa: F401 - the scene

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What a sighted keyboard user relies on: which element has the focus, what it says, and
# whether it is drawn with a visible indicator (an outline or a ring).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || "").trim(),
    label: (el.getAttribute("aria-label") || label || "").trim(),
    value: el.value || "",
    href: el.getAttribute("href") || "",
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    ring: style.boxShadow !== "none",
    on_screen: box.width > 0 && box.height > 0,
  };
}"""
MAX_TABS = 80


def tab_to(page, *, name: str = "", href: str = "", backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focus reaches the control named `name` (its text,
    label or aria-label) or linking to `href`. Every stop on the way must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        stops.append(focused["text"] or focused["label"])
        assert focused["on_screen"], f"the focus is on something not on screen: {focused}"
        assert focused["outline"] or focused["ring"], f"the focus is not visible: {focused}"
        if name and name in (focused["text"], focused["label"]):
            return focused
        if href and focused["href"].startswith(href):
            return focused
    raise AssertionError(f"{name or href!r} not reached by {key}; stops: {stops}")


def follow(page, focused: dict) -> None:
    """Press Enter on the focused link and wait for the page it leads to."""
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(focused["href"].split("#")[0]) + "(#.*)?$"))
    page.wait_for_load_state()


def open_pdf(page, focused: dict) -> bytes:
    """Press Enter on the focused link to a PDF, which the browser shows in its viewer, then
    go Back (Alt+Left, the browser's own key, which cannot be pressed inside the page) to
    the page the link was on. Returns the PDF, fetched again in the same session: what the
    browser hands its viewer is not readable from the page."""
    with page.expect_response(lambda response: response.url.endswith(focused["href"])) as got:
        page.keyboard.press("Enter")
    response = got.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.wait_for_url(response.url)
    body = page.request.get(response.url).body()
    page.go_back()
    page.wait_for_load_state()
    return body


def test_a_member_completes_their_journey_with_the_keyboard_alone(page, executive):  # noqa: F811
    body, next_meeting, following = executive
    page.goto("/accounts/login/")  # the only address typed

    tab_to(page, name="Username")
    page.keyboard.type("member")
    tab_to(page, name="Password")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out member")).to_be_visible()

    follow(page, tab_to(page, name="My page"))
    expect(page.get_by_role("heading", name="My page")).to_be_visible()
    follow(page, tab_to(page, href=next_meeting.get_absolute_url()))
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()

    paper = open_pdf(page, tab_to(page, name=RESTRICTED_PAPER))
    assert paper.startswith(b"%PDF")
    assert len(pikepdf.open(io.BytesIO(paper)).pages) == 3

    pack = open_pdf(page, tab_to(page, name="Download the papers pack (PDF)"))
    assert len(pikepdf.open(io.BytesIO(pack)).pages) >= 2 + 3

    # Back up to the site's menu, and on to the next meeting but one.
    follow(page, tab_to(page, name="My page", backwards=True))
    expect(page.get_by_role("link", name=RESTRICTED_PAPER, exact=True)).to_have_count(0)  # read now
    follow(page, tab_to(page, href=following.get_absolute_url() + "#apologies"))
    tab_to(page, name="Note to the business unit (optional)")
    page.keyboard.type("On leave that week")
    tab_to(page, name="Send my apologies")
    page.keyboard.press("Space")
    expect(page.get_by_text("Recorded: Apologies")).to_be_visible()
    assert Attendance.objects.get(meeting=following).status == AttendanceStatus.APOLOGIES

    follow(page, tab_to(page, name="My page", backwards=True))
    tab_to(page, name="Create my calendar address")
    page.keyboard.press("Enter")
    address = page.get_by_label("Your calendar address")
    expect(address).to_be_visible()
    feed = tab_to(page, name="Your calendar address")
    assert re.search(r"/calendar/[^/]+\.ics$", feed["value"])
    calendar = page.request.get(feed["value"])
    assert calendar.status == 200 and calendar.text().count("BEGIN:VEVENT") == 2
    screenshot(page, "member-keyboard-calendar")
