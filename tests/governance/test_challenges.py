import pytest

from django.core.exceptions import ValidationError

from governance import services
from governance.models import Assessment, ChallengeStatus, EscalationLevel
from governance.selectors import challenge_list_visible
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory

from .factories import D, business_unit, chair_of, challenge, member_of, unannounced_item

pytestmark = pytest.mark.django_db


def test_a_challenge_with_a_response_date_awaits_the_response():
    raised = challenge(BodyFactory(short_name="QE"), response_due=D(2012, 2, 29))

    assert raised.status == ChallengeStatus.AWAITING_RESPONSE
    assert raised.reference == "QE/2012/C001"
    assert challenge(BodyFactory(), response_due=None).status == ChallengeStatus.OPEN


def test_the_whole_life_of_a_challenge():
    """Scenario 2: a challenge on the quarterly data set, an insufficient response, an
    escalation, and closure only with an outcome and impact."""
    body = BodyFactory()
    health = OrganisationFactory(name="NHS Kent and Medway")
    raised = challenge(body, agency=health, raised_on=D(2012, 1, 25), response_due=D(2012, 2, 29))

    services.challenge_record_response(
        actor=None,
        challenge=raised,
        text="Data will follow next quarter.",
        received_on=D(2012, 2, 20),
    )
    raised.refresh_from_db()
    assert raised.status == ChallengeStatus.RESPONDED

    services.challenge_assess(
        actor=None,
        challenge=raised,
        assessment=Assessment.ESCALATE,
        note="No date or named lead for the data.",
        assessed_on=D(2012, 3, 1),
        escalate_to=EscalationLevel.EXECUTIVE,
        escalated_to="KSCB Executive",
        response_due=D(2012, 3, 30),
    )
    raised.refresh_from_db()
    assert raised.status == ChallengeStatus.ESCALATED
    assert raised.escalation_level == EscalationLevel.EXECUTIVE
    assert raised.response_due == D(2012, 3, 30)

    services.challenge_record_response(
        actor=None,
        challenge=raised,
        text="Analyst appointed; data supplied.",
        received_on=D(2012, 3, 20),
    )
    services.challenge_assess(
        actor=None, challenge=raised, assessment=Assessment.SATISFIED, assessed_on=D(2012, 3, 21)
    )
    with pytest.raises(ValidationError) as refused:
        services.challenge_close(
            actor=None, challenge=raised, outcome="", impact="", closed_on=D(2012, 3, 21)
        )
    assert "Record the outcome before closing" in str(refused.value)
    assert "Record the impact before closing" in str(refused.value)

    services.challenge_close(
        actor=None,
        challenge=raised,
        outcome="Health data now supplied each quarter.",
        impact="The quarter 4 QEF report covers all statutory agencies.",
        closed_on=D(2012, 4, 2),
    )
    raised.refresh_from_db()
    assert raised.status == ChallengeStatus.CLOSED
    assert raised.closed_on == D(2012, 4, 2)
    assert [e.level for e in raised.escalations.all()] == [EscalationLevel.EXECUTIVE]
    reasons = list(raised.history.values_list("history_change_reason", flat=True))
    assert "Closed on 2 April 2012" in reasons and "Escalated to executive" in reasons


def test_escalation_only_goes_up_the_ladder():
    raised = challenge(BodyFactory())
    services.challenge_escalate(
        actor=None,
        challenge=raised,
        level=EscalationLevel.BOARD,
        reason="No answer",
        escalated_on=D(2012, 3, 1),
    )

    with pytest.raises(ValidationError) as same:
        services.challenge_escalate(
            actor=None,
            challenge=raised,
            level=EscalationLevel.BOARD,
            reason="Again",
            escalated_on=D(2012, 3, 2),
        )
    with pytest.raises(ValidationError) as down:
        services.challenge_escalate(
            actor=None,
            challenge=raised,
            level=EscalationLevel.SUBGROUP_CHAIR,
            reason="x",
            escalated_on=D(2012, 3, 2),
        )
    services.challenge_escalate(
        actor=None,
        challenge=raised,
        level=EscalationLevel.REGULATOR,
        reason="Chief executive did not reply",
        escalated_on=D(2012, 4, 2),
    )

    assert "already escalated to board: choose a higher level" in str(same.value)
    assert "choose a higher level" in str(down.value)
    assert [e.get_level_display() for e in raised.escalations.all()] == ["Board", "Regulator"]


def test_further_assurance_needs_a_new_date_and_waits_again():
    raised = challenge(BodyFactory())
    services.challenge_record_response(
        actor=None, challenge=raised, text="Partial", received_on=D(2012, 2, 1)
    )

    with pytest.raises(ValidationError) as refused:
        services.challenge_assess(
            actor=None,
            challenge=raised,
            assessment=Assessment.FURTHER_ASSURANCE,
            assessed_on=D(2012, 2, 2),
        )
    services.challenge_assess(
        actor=None,
        challenge=raised,
        assessment=Assessment.FURTHER_ASSURANCE,
        assessed_on=D(2012, 2, 2),
        response_due=D(2012, 3, 1),
    )

    raised.refresh_from_db()
    assert "further assurance" in str(refused.value)
    assert raised.status == ChallengeStatus.AWAITING_RESPONSE and raised.response_due == D(
        2012, 3, 1
    )


def test_there_is_nothing_to_assess_before_a_response():
    with pytest.raises(ValidationError) as refused:
        services.challenge_assess(
            actor=None,
            challenge=challenge(BodyFactory()),
            assessment=Assessment.SATISFIED,
            assessed_on=D(2012, 2, 2),
        )
    assert "record the agency's response first" in str(refused.value)


def test_a_closed_challenge_stays_closed():
    raised = challenge(BodyFactory())
    services.challenge_close(
        actor=None, challenge=raised, outcome="o", impact="i", closed_on=D(2012, 3, 1)
    )

    with pytest.raises(ValidationError) as refused:
        services.challenge_record_response(
            actor=None, challenge=raised, text="Late", received_on=D(2012, 3, 2)
        )

    assert "was closed on 1 March 2012" in str(refused.value)


def test_overdue_responses_are_flagged():
    body = BodyFactory()
    late = challenge(body, response_due=D(2012, 2, 29))
    answered = challenge(body, response_due=D(2012, 2, 29))
    services.challenge_record_response(
        actor=None, challenge=answered, text="Here", received_on=D(2012, 2, 28)
    )
    not_yet_due = challenge(body, response_due=D(2012, 3, 31))
    user = business_unit()

    listed = {c.pk: c.response_overdue for c in challenge_list_visible(user, on=D(2012, 3, 1))}
    overdue_only = challenge_list_visible(user, on=D(2012, 3, 1), overdue_only=True)

    assert listed == {late.pk: True, answered.pk: False, not_yet_due.pk: False}
    assert [c.pk for c in overdue_only] == [late.pk]


def test_the_chair_moves_a_challenge_on_from_its_page(client):
    body = BodyFactory()
    raised = challenge(body)
    client.force_login(chair_of(body))

    closing_without_outcome = client.post(
        raised.get_absolute_url(), {"step": "close", "close-closed_on": "2012-03-01"}
    )
    responded = client.post(
        raised.get_absolute_url(),
        {
            "step": "response",
            "response-received_on": "2012-02-20",
            "response-text": "Data attached",
        },
    )

    assert closing_without_outcome.status_code == 400
    page = closing_without_outcome.content.decode()
    assert (
        "Record the outcome before closing" in page and "Record the impact before closing" in page
    )
    assert responded.status_code == 302
    raised.refresh_from_db()
    assert raised.status == ChallengeStatus.RESPONDED
    timeline = client.get(raised.get_absolute_url()).context["challenge"].timeline
    assert [entry.kind for entry in timeline] == ["raised", "response"]


def test_a_member_cannot_move_a_challenge_on(client):
    body = BodyFactory()
    raised = challenge(body)
    client.force_login(member_of(body))

    page = client.get(raised.get_absolute_url())
    response = client.post(
        raised.get_absolute_url(),
        {"step": "response", "response-received_on": "2012-02-20", "response-text": "x"},
    )

    assert page.status_code == 200 and page.context["forms"] == {}
    assert response.status_code == 403
    raised.refresh_from_db()
    assert raised.status == ChallengeStatus.AWAITING_RESPONSE


def test_the_challenge_log_filters_and_exports(client):
    body = BodyFactory(slug="qe")
    health = OrganisationFactory(name="NHS Kent and Medway")
    challenge(body, agency=health, issue="Re-referral rates in East Kent at 46%")
    challenge(BodyFactory(), issue="Missing agency data", raised_by=PersonFactory())
    client.force_login(member_of(body))

    by_agency = client.get("/challenges/", {"agency": health.pk})
    by_words = client.get("/challenges/", {"q": "re-referral"})
    overdue = client.get("/challenges/", {"overdue": "on"})
    export = client.get("/challenges/export.csv", {"body": "qe"}).content.decode("utf-8-sig")
    bad = client.get("/challenges/", {"status": "lost"})

    assert [c.issue for c in by_agency.context["challenges"]] == [
        "Re-referral rates in East Kent at 46%"
    ]
    assert len(by_words.context["challenges"]) == 1
    assert len(overdue.context["challenges"]) == 2  # both were due in February 2012
    assert "Re-referral" in export and "Missing agency data" not in export
    assert bad.status_code == 400 and "Choose a status from the list" in bad.content.decode()


def test_a_challenge_names_its_item_only_to_the_business_unit_until_the_agenda_lists_it(client):
    body = BodyFactory()
    item = unannounced_item(body)
    raised = challenge(body, meeting=item.meeting, agenda_item=item, issue="Late challenge")
    readers = {"member": member_of(body), "chair": chair_of(body), "clerk": business_unit()}
    pages = {}
    for name, reader in readers.items():
        client.force_login(reader)
        pages[name] = client.get(raised.get_absolute_url()).content.decode()

    assert all("Late challenge" in page for page in pages.values())
    assert "Unannounced item" not in pages["member"]
    assert "Unannounced item" not in pages["chair"]
    assert "Unannounced item" in pages["clerk"]
