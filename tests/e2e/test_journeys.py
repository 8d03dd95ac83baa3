"""The journeys that the business unit, members and chairs take every week, in a real
browser."""

import datetime
import io
import re

import pikepdf
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from django.contrib.auth.models import Group
from django.utils import timezone

from cms.models import ProgressReportPage
from governance.models import Decision, Minutes, MinutesStatus
from meetings import services
from meetings.models import Attendance, AttendanceStatus, Meeting, Paper
from meetings.papers import services as paper_services
from membership.access import CHAIRS_GROUP
from membership.models import Role
from tests.e2e.conftest import new_page, screenshot, sign_in
from tests.groups import business_unit_group
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESTRICTED_PAPER = "Child K chronology (confidential)"
PUBLIC_PAPER = "Improvement plan RAG report"


def member(body, username, role=Role.MEMBER, name=None):
    user = UserFactory(username=username)
    names = dict(zip(("given_name", "family_name"), name, strict=True)) if name else {}
    person = PersonFactory(user=user, **names)
    MembershipFactory(
        body=body,
        person=person,
        role=role,
        start_date=datetime.date(2011, 4, 1),
        organisation=OrganisationFactory(name=f"{username.title()} agency"),
    )
    return user


def meeting_in(body, days: int, title: str, clerk=None) -> Meeting:
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=days)
    return services.meeting_schedule(
        actor=clerk, body=body, title=title, start=start, end=start + datetime.timedelta(hours=2)
    )


@pytest.fixture
def executive():
    body = BodyFactory(name="KSCB Executive", slug="executive", short_name="EXEC")
    clerk = UserFactory(username="clerk")
    member(body, "member")
    member(body, "chair", role=Role.CHAIR)
    next_meeting = meeting_in(body, 7, "KSCB Executive", clerk)
    plan = services.agenda_item_add(
        actor=clerk, meeting=next_meeting, title="Improvement plan: monthly RAG report"
    )
    review = services.agenda_item_add(
        actor=clerk, meeting=next_meeting, title="Serious case review", is_restricted=True
    )
    paper_services.paper_create(
        actor=clerk, agenda_item=plan, title=PUBLIC_PAPER, file=upload(make_pdf(pages=2))
    )
    paper_services.paper_create(
        actor=clerk, agenda_item=review, title=RESTRICTED_PAPER, file=upload(make_pdf(pages=3))
    )
    services.agenda_publish(actor=clerk, meeting=next_meeting, change_note="Agenda and papers")
    following = meeting_in(body, 35, "KSCB Executive", clerk)
    return body, next_meeting, following


# ---------------------------------------------------------------------------
# Journey 1: the business unit runs a meeting from scheduling to the report
# ---------------------------------------------------------------------------
@pytest.fixture
def board():
    """The Executive with its chair (who approves the Board's reports) and two members,
    and the business unit manager who runs its meetings."""
    business_unit_group()  # makes the groups again if a flush took them (tests/groups.py)
    body = BodyFactory(name="KSCB Executive", slug="executive", short_name="EXEC")
    chair = member(body, "chair", role=Role.CHAIR, name=("Roger", "Gough"))
    chair.groups.add(Group.objects.get(name=CHAIRS_GROUP))
    member(body, "member", name=("Sally", "Allum"))
    manager = UserFactory(username="manager")
    manager.groups.add(business_unit_group())
    return body


def choose(page, field: str, button: str, text: str) -> None:
    """Pick a record with a field's searchable chooser: open it, search for `text`, and take
    the first result whose title contains it (titles carry dates the test does not spell
    out)."""
    page.locator(f"#{field}-chooser").get_by_role("button", name=button).click()
    modal = page.locator(".modal")
    modal.locator("input[name='q']").fill(text)
    modal.locator("a[data-chooser-modal-choice]", has_text=text).first.click()
    expect(page.locator(f"#{field}-chooser")).to_contain_text(text)


def admin_menu(page, group: str, item: str) -> None:
    """Follow the admin's sidebar: open a group of the menu, then one of its pages."""
    page.get_by_role("button", name=group, exact=True).click()
    page.get_by_role("list", name=group).get_by_role("link", name=item, exact=True).click()


def expect_message(page, text) -> None:
    """The admin's message after a save."""
    expect(page.locator(".messages").get_by_text(text)).to_be_visible()


def fill_date(field, value: str) -> None:
    """Type into one of the admin's date fields. Its picker opens a moment after the field
    takes focus, and covers the fields below it until the field loses focus again."""
    field.fill(value)
    picker = field.page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    field.evaluate("field => field.blur()")
    expect(picker).to_have_count(0)


def test_the_business_unit_runs_a_meeting_from_scheduling_to_the_published_report(
    browser, live_server, page, board
):
    sign_in(page, "manager")
    # The meeting took place this morning: attendance and minutes are recorded after it
    # starts, and the journey follows it through in one sitting.
    start = (timezone.localtime() - datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    end = start + datetime.timedelta(hours=2)

    # Schedule it, with its agenda.
    page.goto("/admin/")
    admin_menu(page, "Meetings", "Meetings")
    page.get_by_role("link", name="Add meeting").click()
    page.locator("#id_body").select_option(label="KSCB Executive")
    page.locator("#id_title").fill("KSCB Executive")
    fill_date(page.locator("#id_start"), f"{start:%Y-%m-%d %H:%M}")
    fill_date(page.locator("#id_end"), f"{end:%Y-%m-%d %H:%M}")
    page.locator("#id_venue").fill("Committee Room 1, Sessions House, Maidstone")
    page.locator("#id_status").select_option("confirmed")
    page.get_by_role("button", name="Create", exact=True).click()
    expect_message(page, re.compile("Meeting .* created"))
    meeting = Meeting.objects.get(body=board)
    page.goto(f"/admin/meeting/edit/{meeting.pk}/")
    for title, restricted in [
        ("Improvement plan: monthly RAG report", False),
        ("Serious case review", True),
    ]:
        page.get_by_role("link", name="Add agenda item").click()
        page.locator("#id_title").fill(title)
        page.locator("#id_purpose").select_option("decision")
        if restricted:
            page.locator("#id_is_restricted").check()
        page.get_by_role("button", name="Create", exact=True).click()
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()  # on the agenda
    assert meeting.agenda_items.filter(is_restricted=True).count() == 1

    # Table a restricted paper under the restricted item, from that item on the agenda: the
    # paper's form opens with its meeting and item chosen.
    page.get_by_role("link", name=re.compile(r"Add a paper to item .*Serious case review")).click()
    expect(page.locator("#id_agenda_item-chooser")).to_contain_text("Serious case review")
    page.locator("#id_title").fill(RESTRICTED_PAPER)
    page.locator("#id_is_restricted").check()
    page.locator("#id_file").set_input_files(
        files=[{"name": "chronology.pdf", "mimeType": "application/pdf", "buffer": make_pdf(3)}]
    )
    page.get_by_role("button", name="Create", exact=True).click()
    expect_message(page, f"Paper '{RESTRICTED_PAPER}' created")
    paper = Paper.objects.get(title=RESTRICTED_PAPER)
    assert paper.restricted and paper.versions.get().page_count == 3

    # Publish the agenda.
    page.goto(f"/admin/meeting/edit/{meeting.pk}/")
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Publish agenda").click()
    page.get_by_label("What changed").fill("First publication")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Agenda version 1 of")).to_be_visible()

    # Record attendance.
    for person, status in [("Roger Gough", "present"), ("Sally Allum", "apologies")]:
        admin_menu(page, "Meetings", "Attendance")
        page.get_by_role("link", name="Add attendance").click()
        choose(page, "id_meeting", "Choose a meeting", "KSCB Executive")
        choose(page, "id_person", "Choose a person", person)
        page.locator("#id_status").select_option(status)
        page.get_by_role("button", name="Create", exact=True).click()
        expect_message(page, re.compile("Attendance .* created"))

    # Draft the minutes on the meeting's page, and circulate them.
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("link", name=RESTRICTED_PAPER, exact=True)).to_be_visible()
    page.get_by_role("link", name="Start the minutes").click()
    page.get_by_role("button", name="Start the minutes from the published agenda").click()
    expect(page.get_by_text("The minutes have been started")).to_be_visible()
    minutes_text = {
        "1": "The Executive noted the RAG report and agreed the revised targets.",
        "2": "The Executive considered the chronology and agreed the review's terms.",
    }
    for number, text in minutes_text.items():
        page.get_by_label(f"Minute of item {number}").fill(text)
        page.get_by_role("button", name=f"Save item {number}").click()
        expect(page.get_by_text(f"Item {number} saved.")).to_be_visible()
    page.get_by_role("button", name="Send to the chair for review").click()
    expect(page.get_by_text("sent to the chair for review")).to_be_visible()
    page.get_by_role("button", name="Circulate to those who attended").click()
    expect(page.get_by_text("circulated to those who attended")).to_be_visible()
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.CIRCULATED

    # Write a progress report and send it to the chair, who approves and so publishes it.
    page.goto("/admin/pages/")
    page.get_by_role("link", name="Reports", exact=True).first.click()
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Progress report", exact=True).click()
    page.locator("#id_title").fill("Progress report after the inspection")
    page.locator("#id_board").select_option(label="KSCB Executive")
    fill_date(page.locator("#id_period_start"), f"{start.date() - datetime.timedelta(days=90)}")
    fill_date(page.locator("#id_period_end"), f"{start.date()}")
    fill_date(page.locator("#id_as_of"), f"{start.date()}")
    page.locator("#id_author_name").fill("Pauline Dawson")
    foreword = page.locator("[data-contentpath='foreword'] [contenteditable='true']")
    foreword.click()
    page.keyboard.type("The Executive has met every month since the inspection.")
    # The rich-text editor copies its text into the form a moment after typing stops.
    expect(page.locator("input[name='foreword']")).to_have_value(re.compile("met every month"))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Report approval").click()
    expect_message(page, re.compile("submitted"))
    report = ProgressReportPage.objects.get()
    assert not report.live
    assert "met every month" in report.get_latest_revision_as_object().foreword

    chair = new_page(browser, live_server.url)
    sign_in(chair, "chair")
    chair.goto(f"/admin/pages/{report.pk}/edit/")
    chair.get_by_role("button", name="More actions").click()
    chair.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect_message(chair, re.compile("has been updated"))
    expect(chair.get_by_text("do not have permission")).to_have_count(0)
    chair.context.close()
    report = ProgressReportPage.objects.get()
    assert report.live
    assert "met every month" in report.foreword

    page.goto("/reports/")
    page.get_by_role("link", name="Progress report after the inspection", exact=True).click()
    expect(page.get_by_text("The Executive has met every month")).to_be_visible()
    pdf_link = page.get_by_role("link", name=re.compile("Download this report as a PDF"))
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf.body())).pages) >= 1
    expect(pdf_link).to_be_visible()
    screenshot(page, "business-unit-report")


# ---------------------------------------------------------------------------
# Journey 2: a member
# ---------------------------------------------------------------------------
def test_a_member_reads_papers_downloads_the_pack_sends_apologies_and_subscribes(page, executive):
    body, next_meeting, following = executive
    sign_in(page, "member")

    page.goto("/my/")
    assert page.get_by_role("heading", name="Papers you have not opened yet").is_visible()
    page.get_by_role("link", name=RESTRICTED_PAPER, exact=True).wait_for()
    page.get_by_role("link", name="KSCB Executive").first.click()
    assert page.url.endswith(next_meeting.get_absolute_url())

    paper_url = page.get_by_role("link", name=RESTRICTED_PAPER, exact=True).get_attribute("href")
    paper = page.request.get(paper_url)
    assert paper.status == 200 and paper.headers["content-type"] == "application/pdf"
    assert paper.headers["cache-control"].startswith("private")
    pack_url = page.get_by_role("link", name="Download the papers pack (PDF)").get_attribute("href")
    pack = pikepdf.open(io.BytesIO(page.request.get(pack_url).body()))
    assert len(pack.pages) >= 2 + 3
    screenshot(page, "member-meeting-page")

    page.goto("/my/")
    assert page.get_by_role("link", name=RESTRICTED_PAPER, exact=True).count() == 0  # opened now
    page.goto(following.get_absolute_url())
    page.get_by_label("Note").fill("On leave that week")
    page.get_by_role("button", name="Send my apologies").click()
    page.get_by_text("Recorded: Apologies").wait_for()
    assert Attendance.objects.get(meeting=following).status == AttendanceStatus.APOLOGIES

    page.goto("/my/")
    page.get_by_role("button", name="Create my calendar address").click()
    feed_url = page.get_by_label("Your calendar address").input_value()
    feed = page.request.get(feed_url)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert feed.text().count("BEGIN:VEVENT") == 2
    screenshot(page, "member-my-page")


def test_a_chair_opens_the_console_before_the_meeting_and_only_for_their_body(page, executive):
    """Logging itself, at a meeting under way, is the console's own journey
    (tests/e2e/test_console.py); before the meeting the chair is told to wait."""
    body, next_meeting, _following = executive
    other = BodyFactory(name="Policy and Practice Subgroup", slug="policy-and-practice")
    elsewhere = meeting_in(other, 14, "Policy and Practice Subgroup")
    sign_in(page, "chair")

    page.goto(f"/meetings/{next_meeting.pk}/log/")
    expect(page.get_by_text("nothing can be logged, except by the business unit")).to_be_visible()
    screenshot(page, "chair-console-before-the-meeting")
    assert not Decision.objects.exists()

    refused = page.goto(f"/meetings/{elsewhere.pk}/log/")
    assert refused.status == 403
    assert "Policy and Practice Subgroup" in page.content()
