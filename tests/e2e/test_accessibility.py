"""axe-core finds no WCAG 2.2 A or AA violation on the public and member pages."""

import pytest

from governance import services as governance_services
from governance.models import DecisionType
from tests.e2e.conftest import axe_violations, sign_in
from tests.e2e.test_journeys import executive  # noqa: F401 - the shared scene

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


def check(page, paths, urls):
    found = {}
    for path in paths:
        page.goto(path.format(**urls))
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
