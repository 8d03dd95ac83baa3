"""The journeys that members and chairs take every week, in a real browser."""

import datetime
import io

import pikepdf
import pytest

from django.utils import timezone

from governance.models import Action, Challenge, Decision
from meetings import paper_services, services
from meetings.models import Attendance, AttendanceStatus, Meeting
from membership.models import Role
from tests.e2e.conftest import screenshot, sign_in
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


def member(body, username, role=Role.MEMBER):
    user = UserFactory(username=username)
    person = PersonFactory(user=user)
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


def test_a_member_reads_papers_downloads_the_pack_sends_apologies_and_subscribes(page, executive):
    body, next_meeting, following = executive
    sign_in(page, "member")

    page.goto("/my/")
    assert page.get_by_role("heading", name="Papers you have not opened yet").is_visible()
    page.get_by_role("link", name=RESTRICTED_PAPER).wait_for()
    page.get_by_role("link", name="KSCB Executive").first.click()
    assert page.url.endswith(next_meeting.get_absolute_url())

    paper_url = page.get_by_role("link", name=RESTRICTED_PAPER).get_attribute("href")
    paper = page.request.get(paper_url)
    assert paper.status == 200 and paper.headers["content-type"] == "application/pdf"
    assert paper.headers["cache-control"].startswith("private")
    pack_url = page.get_by_role("link", name="Download the papers pack (PDF)").get_attribute("href")
    pack = pikepdf.open(io.BytesIO(page.request.get(pack_url).body()))
    assert len(pack.pages) >= 2 + 3
    screenshot(page, "member-meeting-page")

    page.goto("/my/")
    assert page.get_by_role("link", name=RESTRICTED_PAPER).count() == 0  # opened now
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


def test_a_chair_logs_a_decision_an_action_and_a_challenge_and_only_for_their_body(page, executive):
    body, next_meeting, _following = executive
    other = BodyFactory(name="Policy and Practice Subgroup", slug="policy-and-practice")
    elsewhere = meeting_in(other, 14, "Policy and Practice Subgroup")
    owner = PersonFactory(given_name="Andrew", family_name="Ireland")
    agency = OrganisationFactory(name="NHS Kent and Medway")
    sign_in(page, "chair")

    page.goto(f"/meetings/{next_meeting.pk}/log/")
    decision = page.locator("form#decision")
    decision.get_by_label("Title").fill("Business Plan 2012/13")
    decision.get_by_label("Decision").fill("The Executive endorsed the Business Plan.")
    decision.get_by_label("Type").select_option("endorsed")
    decision.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision EXEC/").first.wait_for()

    action = page.locator("form#action")
    action.get_by_label("Description").fill("Circulate the Business Plan to all partners.")
    action.get_by_label("Owner").select_option(label=owner.name)
    action.get_by_label("Due date").fill("2027-01-31")
    action.get_by_role("button", name="Log the action").click()
    page.get_by_text("logged for Andrew Ireland").wait_for()

    challenge = page.locator("form#challenge")
    challenge.get_by_label("Agency challenged").select_option(label=agency.name)
    challenge.get_by_label("Issue").fill("Mental-health waiting times for children.")
    challenge.locator("#id_challenge-evidence_kind").select_option(index=1)
    challenge.get_by_label("What was asked").fill("A recovery plan by the next meeting.")
    challenge.get_by_role("button", name="Raise the challenge").click()
    page.get_by_text("raised with NHS Kent and Medway").wait_for()
    screenshot(page, "chair-console")

    assert Decision.objects.get().reference.startswith("EXEC/")
    assert Action.objects.get().owner == owner
    assert Challenge.objects.get().agency == agency

    refused = page.goto(f"/meetings/{elsewhere.pk}/log/")
    assert refused.status == 403
    assert "Policy and Practice Subgroup" in page.content()
