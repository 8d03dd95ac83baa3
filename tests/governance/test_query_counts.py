"""Every list and detail page reads in a fixed number of queries: measured with a few rows,
then again after 20 more, and the counts must match."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import services
from governance.models import RagState
from tests.membership.factories import PersonFactory

from .factories import (
    AgendaItemFactory,
    BodySettingsFactory,
    D,
    MeetingFactory,
    action,
    at,
    business_unit,
    challenge,
    decision,
    improvement_action,
    member_of,
    plan,
    risk,
)

pytestmark = pytest.mark.django_db

MORE = 21


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _assert_constant(client, url, add_rows):
    client.get(url)  # warm caches that are not per request (content types, sites)
    before = _queries(client, url)
    add_rows()
    after = _queries(client, url)
    assert after == before, f"{url}: {before} queries with few rows, {after} with {MORE} more"


@pytest.fixture
def body():
    return BodySettingsFactory().body


@pytest.fixture(params=["business unit", "member"])
def reader(request, client, body):
    user = business_unit() if request.param == "business unit" else member_of(body)
    client.force_login(user)
    return user


def _meeting_item(body):
    meeting = MeetingFactory(body=body, start=at(D(2012, 1, 18)))
    return AgendaItemFactory(meeting=meeting, parent=AgendaItemFactory(meeting=meeting))


def add_decisions(body, count=MORE):
    item = _meeting_item(body)
    for n in range(count):
        decision(
            body,
            title=f"Decision {n}",
            agenda_item=item if n % 2 else None,
            decided_on=D(2012, 1, 18),
        )


def add_actions(body, count=MORE, **kw):
    item = _meeting_item(body)
    for n in range(count):
        logged = action(
            body,
            description=f"Action {n}",
            agenda_item=item if n % 2 else None,
            owner=PersonFactory(),
            **kw,
        )
        services.action_update(
            actor=None,
            action=logged,
            text="Progress",
            update_date=D(2012, 2, 1),
            new_status="in_progress",
        )


def add_challenges(body, count=MORE):
    for n in range(count):
        raised = challenge(body, issue=f"Challenge {n}")
        services.challenge_record_response(
            actor=None, challenge=raised, text="Answer", received_on=D(2012, 2, 1)
        )


def add_risks(body, count=MORE):
    for n in range(count):
        scored = risk(body, title=f"Risk {n}", likelihood=1 + n % 5)
        services.risk_review(
            actor=None, risk=scored, likelihood=2, impact=2, reviewed_on=D(2012, 3, 1)
        )


def test_decisions_register(client, reader, body, django_assert_num_queries):
    add_decisions(body, 2)
    _assert_constant(client, "/decisions/", lambda: add_decisions(body))
    # The session, the user, their seats, the count, the page of decisions, the body
    # filter's options, the site and the partnership answering on it.
    with django_assert_num_queries(8):
        client.get("/decisions/")
    _assert_constant(client, "/decisions/export.csv", lambda: add_decisions(body))


def test_action_log(client, reader, body):
    add_actions(body, 2)
    _assert_constant(client, "/actions/", lambda: add_actions(body))
    _assert_constant(client, "/actions/export.csv", lambda: add_actions(body))
    _assert_constant(client, "/actions/?rag=overdue", lambda: add_actions(body))


def test_action_log_of_a_body_with_its_matters_arising(client, reader, body):
    from django.utils import timezone

    MeetingFactory(body=body, start=timezone.now() + timezone.timedelta(days=7))
    add_actions(body, 2)
    _assert_constant(client, f"/actions/?body={body.slug}", lambda: add_actions(body))


def test_my_actions(client, body):
    user = member_of(body)
    client.force_login(user)

    def mine():
        for n in range(MORE):
            logged = action(body, owner=user.person, description=f"Mine {n}")
            services.action_update(
                actor=None, action=logged, text="Progress", update_date=D(2012, 2, 1)
            )

    mine()
    _assert_constant(client, "/my/actions/", mine)


def test_challenge_log(client, reader, body):
    add_challenges(body, 2)
    _assert_constant(client, "/challenges/", lambda: add_challenges(body))
    _assert_constant(client, "/challenges/export.csv", lambda: add_challenges(body))


def test_risk_register(client, reader, body):
    add_risks(body, 2)
    _assert_constant(client, "/risks/", lambda: add_risks(body))
    _assert_constant(client, "/risks/export.csv", lambda: add_risks(body))


def test_detail_pages(client, reader, body):
    the_decision = decision(body, agenda_item=_meeting_item(body), decided_on=None)
    the_action = action(body)
    the_challenge = challenge(body)
    the_risk = risk(body)

    def more_on_the_decision():
        for n in range(MORE):
            action(body, decision=the_decision, description=f"Arising {n}", owner=PersonFactory())
            services.decision_correct(
                actor=None, decision=the_decision, title=f"Title {n}", reason=f"Fix {n}"
            )
        for n in range(3):
            services.declaration_record(
                actor=None,
                agenda_item=the_decision.agenda_item,
                person=PersonFactory(),
                interest=f"Interest {n}",
            )
        for n in range(3):
            later = decision(body, title=f"Later {n}")
            earlier = decision(body, title=f"Replaced {n}")
            services.decision_supersede(
                actor=None, decision=earlier, superseded_by=later, reason="New"
            )

    def more_on_the_action():
        for n in range(MORE):
            services.action_update(
                actor=None, action=the_action, text=f"Update {n}", update_date=D(2012, 2, 1)
            )

    def more_on_the_challenge():
        for n in range(MORE):
            services.challenge_record_response(
                actor=None, challenge=the_challenge, text=f"Answer {n}", received_on=D(2012, 2, 1)
            )
            action(body, challenge=the_challenge, owner=PersonFactory())
        services.challenge_escalate(
            actor=None, challenge=the_challenge, level=2, reason="Late", escalated_on=D(2012, 2, 2)
        )

    def more_on_the_risk():
        for n in range(MORE):
            services.risk_review(
                actor=None, risk=the_risk, likelihood=1 + n % 5, impact=3, reviewed_on=D(2012, 3, 1)
            )
        services.risk_link(
            actor=None,
            risk=the_risk,
            actions=[action(body, owner=PersonFactory()) for _ in range(5)],
            challenges=[challenge(body) for _ in range(5)],
        )

    _assert_constant(client, the_decision.get_absolute_url(), more_on_the_decision)
    _assert_constant(client, the_action.get_absolute_url(), more_on_the_action)
    _assert_constant(client, the_challenge.get_absolute_url(), more_on_the_challenge)
    _assert_constant(client, the_risk.get_absolute_url(), more_on_the_risk)


def test_plan_month(client, reader, body):
    the_plan, objectives = plan(body, objectives=2)

    def more():
        for n in range(MORE):
            added = improvement_action(objectives[n % 2], number=f"1.{n}", due_date=D(2012, 2, 1))
            services.improvement_action_rate(
                actor=None,
                improvement_action=added,
                rag=RagState.AT_RISK,
                note="Monthly",
                update_date=D(2012, 3, 2),
            )

    more()
    _assert_constant(client, f"/plans/{the_plan.pk}/?month=2012-03", more)
    _assert_constant(client, "/plans/", lambda: plan(body, title="Business Plan"))


def test_matter_journey(client, reader, body):
    items = [
        AgendaItemFactory(meeting=MeetingFactory(start=at(D(2012, 1, n + 1)))) for n in range(2)
    ]
    matter = services.matter_refer(
        actor=None, from_item=items[0], to_item=items[1], title="Journey"
    ).matter

    def more():
        previous = items[-1]
        for n in range(MORE):
            following = AgendaItemFactory(meeting=MeetingFactory(start=at(D(2012, 2, n + 1))))
            services.matter_refer(actor=None, from_item=previous, to_item=following)
            decision(following.meeting.body, agenda_item=following, decided_on=None)
            previous = following

    _assert_constant(client, matter.get_absolute_url(), more)


def test_chair_console(client, body):
    client.force_login(business_unit())
    meeting = MeetingFactory(body=body, start=at(D(2012, 4, 18)))
    item = AgendaItemFactory(meeting=meeting)
    add_actions(body, 2)

    def more():
        for n in range(MORE):
            AgendaItemFactory(meeting=meeting, parent=item if n % 2 else None)
            decision(body, meeting=meeting, agenda_item=item, decided_on=None, title=f"D{n}")
            action(body, meeting=meeting, agenda_item=item, owner=PersonFactory())
            challenge(body, meeting=meeting, agenda_item=item)
            services.declaration_record(
                actor=None, agenda_item=item, person=PersonFactory(), interest="Employer"
            )
        add_actions(body, MORE)  # matters arising

    _assert_constant(client, f"/meetings/{meeting.pk}/log/", more)
