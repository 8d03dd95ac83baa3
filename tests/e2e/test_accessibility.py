"""axe-core finds no WCAG 2.2 A or AA violation on the public and member pages."""

import datetime

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from governance import services as governance_services
from governance.models import DecisionType, Threshold
from governance.services.resolutions import resolution_circulate
from meetings import services
from tests.cms.factories import report as cms_report
from tests.e2e.conftest import axe_violations, sign_in
from tests.e2e.test_journeys import executive, meeting_in  # noqa: F401 - the shared scene
from tests.governance.factories import action as make_action
from tests.governance.factories import decision as make_decision
from tests.meetings.paper_factories import make_pdf, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_PAGES = [
    "/",
    "/bodies/",
    "/bodies/executive/",
    "/meetings/",
    "{meeting}",
    "{meeting}agenda/versions/",
    "/decisions/",
    "{decision}",
    "/accounts/login/",
    "/search/?q=business+plan",
    "/search/?q=business&year=last+year",
]
MEMBER_PAGES = [
    "/my/",
    "{meeting}",
    "/actions/",
    "/challenges/",
    "/risks/",
    "/my/actions/",
]


@pytest.fixture
def urls(executive):  # noqa: F811
    body, meeting, _following = executive
    decision = governance_services.decision_record(
        actor=None,
        body=body,
        meeting=meeting,
        decided_on=meeting.date,
        title="Business Plan 2012/13",
        text="The Executive endorsed the Business Plan.",
        decision_type=DecisionType.ENDORSED,
    )
    return {"meeting": meeting.get_absolute_url(), "decision": decision.get_absolute_url()}


def check(page, paths, urls, *, shown_as_asked=False):
    """axe on each page; with `shown_as_asked`, each must also be the page asked for (not a
    refusal, an error or a redirect to sign in, which would pass without testing it)."""
    found = {}
    for path in paths:
        url = path.format(**urls)
        response = page.goto(url)
        if shown_as_asked:
            assert response.status == 200 and page.url.endswith(url), (url, page.url)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_public_pages_have_no_accessibility_violations(page, urls):
    check(page, PUBLIC_PAGES, urls)


def test_member_pages_have_no_accessibility_violations(page, urls):
    sign_in(page, "member")
    check(page, MEMBER_PAGES, urls)


def test_the_checker_reports_a_page_that_breaks_the_rules(page):
    page.set_content('<html lang="en-GB"><title>t</title><main><img src="chart.png"></main>')

    assert "image-alt" in {violation["rule"] for violation in axe_violations(page)}


# ---------------------------------------------------------------------------
# The admin screens the business unit uses most
# ---------------------------------------------------------------------------
@pytest.fixture
def admin_urls(executive, business_unit_user):  # noqa: F811
    body, meeting, _following = executive
    held = meeting_in(body, -7, "KSCB Executive", business_unit_user)
    item = services.agenda_item_add(actor=business_unit_user, meeting=held, title="Business Plan")
    services.agenda_publish(actor=business_unit_user, meeting=held, change_note="")
    governance_services.minutes_draft(actor=business_unit_user, meeting=held)
    decision = make_decision(body, meeting=held, agenda_item=item)
    action = make_action(body, meeting=held)
    report = cms_report(body)
    return {
        "meeting": meeting.pk,
        "held": held.pk,
        "decision": decision.pk,
        "action": action.pk,
        "report": report.pk,
        "body": body.pk,
    }


ADMIN_PAGES = [
    "/admin/",
    "/admin/meeting/",
    "/admin/meeting/new/",
    "/admin/meeting/edit/{meeting}/",
    "/admin/meeting/publish/{meeting}/",
    "/admin/paper/",
    "/admin/paper/new/",
    "/admin/attendance/",
    "/admin/decision/",
    "/admin/decision/edit/{decision}/",
    "/admin/action/",
    "/admin/action/edit/{action}/",
    "/admin/minutes/",
    "/meetings/{held}/minutes/edit/",
    "/admin/pages/{report}/edit/",
    "/admin/person/",
    "/admin/body/",
    "/admin/body/edit/{body}/",
]


def test_the_business_units_admin_screens_have_no_accessibility_violations(page, admin_urls):
    """Wagtail's own markup passes too, with one repair of ours: its rich-text editor has
    no accessible name (Wagtail issue 14205), which static/js/admin-rich-text-labels.js
    gives it. No rule or element is excluded."""
    sign_in(page, "manager")
    check(page, ADMIN_PAGES, admin_urls, shown_as_asked=True)

    # The editor is drawn by script: it is there, and named after its field.
    page.goto(f"/admin/pages/{admin_urls['report']}/edit/")
    expect(page.get_by_role("textbox", name="Foreword")).to_be_visible()

    # The screens as they are in use: a new item of the agenda, the menu opened.
    page.goto(f"/admin/meeting/edit/{admin_urls['meeting']}/")
    page.get_by_role("link", name="Add agenda item").click()
    expect(page.locator("#id_title")).to_be_visible()
    page.get_by_role("button", name="Meetings", exact=True).click()
    expect(page.get_by_role("list", name="Meetings")).to_be_visible()
    assert axe_violations(page) == []


def test_written_resolution_pages_have_no_violations_and_fit_a_phone(page, executive):  # noqa: F811
    body, _meeting, _following = executive
    member_person = body.memberships.get(person__user__username="member").person
    resolution, tokens = resolution_circulate(
        actor=None,
        body=body,
        title="Adopt the escalation protocol",
        text="The Executive adopts the multi-agency escalation protocol.",
        deadline=timezone.now() + datetime.timedelta(days=5),
        threshold=Threshold.TWO_THIRDS,
        papers=[("Escalation protocol", upload(make_pdf(pages=1)))],
    )
    chair_pages = [
        "/bodies/executive/resolutions/",
        "/bodies/executive/resolutions/new/",
        f"/resolutions/{resolution.pk}/",
    ]
    sign_in(page, "chair")
    check(page, chair_pages, {}, shown_as_asked=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(chair_pages[1])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the circulate form"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.clear_cookies()
    sign_in(page, "member")
    vote_link = f"/resolutions/vote/{tokens[member_person.pk]}/"
    check(page, [vote_link, "/my/"], {}, shown_as_asked=True)
    page.set_viewport_size({"width": 375, "height": 800})
    for path in [*chair_pages[:1], chair_pages[2], vote_link]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    # The keyboard alone records the vote.
    page.goto(vote_link)
    page.get_by_label("Against").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Record my vote").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("you voted against")
    assert axe_violations(page) == []
