"""The governance demo on top of the membership demo's bodies, people and logins (built here
as that demo makes them: the same slugs, emails and organisation names)."""

import pytest

from demo.board.governance import HEALTH, PEOPLE, SCS, DemoNotReady, load_governance_demo
from governance.models import (
    Action,
    Challenge,
    ChallengeStatus,
    Decision,
    EscalationLevel,
    ImprovementPlan,
    Matter,
    RagState,
    Risk,
)
from governance.selectors import plan_get_month, plan_latest_month
from membership.models import Body
from tests.groups import business_unit_group
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory, UserFactory

from .factories import AgendaItemFactory, D, MeetingFactory, at

pytestmark = pytest.mark.django_db

BODIES = {
    "board": "KSCB",
    "executive": "EXEC",
    "improvement-board": "SIB",
    "serious-case-review": "SCR",
    "learning-and-development": "LD",
    "policy-and-practice": "PP",
    "quality-and-effectiveness": "QE",
    "health-safeguarding": "HSG",
    "education-safeguarding": "ESG",
    "trafficking-and-sexual-exploitation": "TSE",
}


@pytest.fixture
def membership_demo():
    manager = UserFactory(username="manager")
    manager.groups.add(business_unit_group())
    for slug, code in BODIES.items():
        BodyFactory(slug=slug, short_name=code, name=f"{code} body")
    for given, family in PEOPLE.values():
        PersonFactory(
            given_name=given, family_name=family, email=f"{given}.{family}@example.org".lower()
        )
    for name in (SCS, HEALTH):
        OrganisationFactory(name=name)
    return manager


def _counts():
    return [m.objects.count() for m in (Decision, Action, Challenge, Risk, ImprovementPlan, Matter)]


def test_the_demo_needs_the_membership_demo():
    with pytest.raises(DemoNotReady) as refused:
        load_governance_demo()
    assert "Load the membership demo first" in str(refused.value)


def test_the_demo_tells_the_seed_reports_story_and_loads_once(membership_demo):
    load_governance_demo()
    first = _counts()
    load_governance_demo()

    assert _counts() == first
    references = dict(Decision.objects.values_list("title", "reference"))
    assert (
        references["Revised eligibility criteria for universal, targeted and specialist services"]
        == "KSCB/2011/001"
    )
    assert references["Independent review of the KSCB"] == "KSCB/2011/002"
    assert references["KSCB priorities for 2012/13"] == "KSCB/2012/001"
    assert references["KSCB Business Plan 2012/13"] == "EXEC/2012/001"
    assert Decision.objects.get(reference="KSCB/2011/002").decided_on == D(2011, 7, 15)

    data = Challenge.objects.get(body__slug="quality-and-effectiveness")
    assert (data.status, data.escalation_level) == (
        ChallengeStatus.ESCALATED,
        EscalationLevel.EXECUTIVE,
    )
    assert "46%" in Challenge.objects.get(body__slug="board").issue

    risks = {r.title: r for r in Risk.objects.all()}
    assert set(risks) == {
        "Performance management and quality assurance",
        "Project management and business planning",
    }
    assert risks["Performance management and quality assurance"].score == 15
    assert risks["Project management and business planning"].reviews.count() == 2

    programme = Action.objects.get(description__startswith="Recruit an Interim Programme Manager")
    assert (programme.status, programme.closed_on) == ("done", D(2012, 2, 6))

    plan = ImprovementPlan.objects.get(title="Multi-agency Improvement Plan")
    month = plan_latest_month(plan, D(2012, 6, 1))
    counts = {rag.state: n for rag, n in plan_get_month(plan.pk, month, D(2012, 6, 1)).counts}
    assert month == D(2012, 3, 1)
    assert all(counts[state] > 0 for state in RagState.values), counts
    assert ImprovementPlan.objects.get(title="KSCB Business Plan 2012/13").priorities.count() == 3


def test_the_demo_attaches_to_the_meetings_demo_when_it_is_there(membership_demo):
    executive, subgroup = (
        Body.objects.get(slug="executive"),
        Body.objects.get(slug="quality-and-effectiveness"),
    )
    item5 = AgendaItemFactory(
        meeting=MeetingFactory(body=executive, start=at(D(2012, 4, 18))),
        number="5",
        title="KSCB Business Plan 2012/13",
    )
    draft = AgendaItemFactory(
        meeting=MeetingFactory(body=subgroup, start=at(D(2012, 3, 7))), title="Draft Business Plan"
    )

    load_governance_demo()
    load_governance_demo()

    endorsed = Decision.objects.get(reference="EXEC/2012/001")
    assert (endorsed.meeting, endorsed.agenda_item) == (item5.meeting, item5)
    matter = Matter.objects.get()
    assert [(r.from_item, r.to_item) for r in matter.referrals.all()] == [(draft, item5)]


def test_the_demo_pages_open_for_the_manager(client, membership_demo):
    load_governance_demo()
    client.force_login(membership_demo)
    plan = ImprovementPlan.objects.get(title="Multi-agency Improvement Plan")

    for url in [
        "/decisions/",
        "/actions/?status=all",
        "/challenges/",
        "/risks/",
        f"/plans/{plan.pk}/",
        "/plans/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Programmed" in page and "Completed" in page and "Suspended" in page
