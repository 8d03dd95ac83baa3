"""The annual report's journey: the business unit drafts it from the template in one step,
writes two sections and submits it; the chair, told by email and on their page, approves it
in another browser; the published report's PDF opens, its cover naming the approval."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from cms.models import AnnualReportPage
from core.dates import long_date
from governance.models.periods import financial_year
from membership.access import CHAIRS_GROUP
from membership.models import Person, Role, default_partnership
from tests.e2e.conftest import new_page, sign_in
from tests.groups import business_unit_group
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def kscb():
    business_unit_group()
    board = BodyFactory(name="Kent Safeguarding Children Board", slug="board", short_name="KSCB")
    partnership = default_partnership()
    partnership.board = board
    partnership.save()
    chair = UserFactory(username="chair")
    chair.groups.add(Group.objects.get(name=CHAIRS_GROUP))
    MembershipFactory(
        body=board,
        person=PersonFactory(user=chair, email="chair@example.org"),
        role=Role.CHAIR,
        start_date="2011-04-01",
    )
    manager = UserFactory(username="manager")
    manager.groups.add(business_unit_group())
    PersonFactory(user=manager, email="manager@example.org")
    return board


def test_an_annual_report_from_template_to_approved_pdf(page, browser, live_server, kscb):
    year = financial_year(timezone.localdate()) - 1
    title = f"Annual report {year}/{(year + 1) % 100:02d}"

    sign_in(page, "manager")
    page.goto("/admin/")
    page.get_by_role("link", name="Board reports").first.click()
    page.get_by_role("link", name="New annual report").first.click()
    expect(page.get_by_label("Financial year")).to_have_value(str(year))
    page.get_by_role("button", name="Draft the report").click()
    expect(page.locator(".messages").get_by_text("is drafted")).to_be_visible()

    body = page.locator(".w-field--block_field[data-contentpath='body']")
    # The first two sections' prose blocks: replace each prompt with the board's words.
    for number, words in enumerate(
        ["The Board is chaired independently.", "Every agency attended."]
    ):
        prose = body.locator("[contenteditable='true']").nth(number)
        prose.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(words)
    expect(body).to_contain_text("Every agency attended.")
    # Leave the editor, so that it hands its text to the form before the submit.
    page.locator("#id_title").focus()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Report approval").click()
    expect(page.locator(".messages").get_by_text(re.compile("submitted"))).to_be_visible()
    report = AnnualReportPage.objects.get()
    draft = report.get_latest_revision_as_object()
    assert "The Board is chaired independently." in str(draft.body)
    assert "Every agency attended." in str(draft.body)

    to_chair = [message for message in mail.outbox if "chair@example.org" in message.to[0]]
    assert to_chair and to_chair[0].subject == f"For your approval: {title}"
    assert f"/admin/pages/{report.pk}/edit/" in to_chair[0].body

    chair = new_page(browser, live_server.url)
    sign_in(chair, "chair")
    chair.goto("/my/")
    expect(chair.get_by_role("heading", name="Reports awaiting your approval")).to_be_visible()
    chair.get_by_role("link", name=title).click()
    chair.get_by_role("button", name="More actions").click()
    chair.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(chair.locator(".messages").get_by_text(re.compile("You approved"))).to_be_visible()
    chair.context.close()

    report = AnnualReportPage.objects.get()
    assert report.live
    assert any(m.subject == f"Approved and published: {title}" for m in mail.outbox)

    page.goto(report.url)
    expect(page.get_by_text("The Board is chaired independently.")).to_be_visible()
    pdf = page.request.get(f"{report.url}pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages]
    text = "".join(pages)
    assert title in text
    assert "Every agency attended." in text
    # The cover says who approved it, as whom, and when it was published: the chair's one
    # click approved and published it on the same day.
    cover = " ".join(pages[0].split())
    day = long_date(timezone.localdate(report.last_published_at))
    chair_name = Person.objects.get(user__username="chair").name
    assert f"Approved by {chair_name}, Chair, Kent Safeguarding Children Board, on {day}" in cover
    assert f"Published {day}" in cover
