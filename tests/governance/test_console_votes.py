"""Votes and the register at the meeting console: who may vote is who is in the room and
entitled at the item, the quorum is judged at that moment, and the chair has a casting vote
on a tie where the body allows it."""

import datetime

import pytest

from django.utils import timezone

from governance.models import (
    Ballot,
    BodyGovernanceSettings,
    Decision,
    DecisionType,
    Vote,
    VoteRecording,
)
from meetings.models import Attendance, AttendanceStatus
from membership.models import Role
from tests.meetings.factories import AttendanceFactory
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory

from .factories import (
    AgendaItemFactory,
    D,
    MeetingFactory,
    at,
    business_unit,
    chair_of,
    member_of,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """A held meeting of a body with a quorum of 3: its chair and four members present, and
    a lay adviser who may not vote."""
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", quorum_count=3)
    meeting = MeetingFactory(body=body, start=at(D(2012, 4, 18)))
    items = [
        AgendaItemFactory(meeting=meeting, title=title, sort_order=order, number=str(order + 1))
        for order, title in enumerate(
            ["Minutes and matters arising", "Business plan", "Budget", "Any other business"]
        )
    ]
    publish(meeting)
    chair = chair_of(body)
    members = [member_of(body) for _ in range(4)]
    adviser = member_of(body, role=Role.ADVISER)
    for user in (chair, *members, adviser):
        AttendanceFactory(meeting=meeting, person=user.person, status=AttendanceStatus.PRESENT)
    return {
        "body": body,
        "meeting": meeting,
        "items": items,
        "chair": chair,
        "members": members,
        "adviser": adviser,
        "url": f"/meetings/{meeting.pk}/log/",
    }


def _decide(client, scene, item, **vote):
    data = {
        "form": "decision",
        "decision-agenda_item": item.pk,
        "decision-title": "Business plan 2012/13",
        "decision-text": "The Executive approved the plan.",
        "decision-decision_type": "approved",
    }
    if vote:
        data["decision-vote"] = "taken"
        data.update({f"decision-{name}": value for name, value in vote.items()})
    return client.post(f"{scene['url']}?item={item.pk}", data)


def _move(client, scene, item, person, movement):
    return client.post(
        f"{scene['url']}?item={item.pk}",
        {"form": "movement", "movement-person": person.pk, "movement-movement": movement},
    )


def test_a_vote_counts_those_in_the_room_who_may_vote(client, scene):
    client.force_login(scene["chair"])
    item = scene["items"][1]

    response = _decide(client, scene, item, votes_for=4, votes_against=1, abstentions=0)

    assert response.status_code == 302
    assert response["Location"].endswith(f"?item={item.pk}#saved")
    vote = Vote.objects.get()
    assert (vote.entitled, vote.carried, vote.was_quorate) == (5, True, True)
    assert vote.decision.decision_type == DecisionType.APPROVED
    shown = client.get(response["Location"]).content.decode()
    assert "the vote was carried, 4 for, 1 against, 0 abstaining" in shown
    assert "Vote: carried, 4 for, 1 against, 0 abstaining" in shown


def test_more_votes_than_people_entitled_are_refused_and_nothing_is_saved(client, scene):
    client.force_login(scene["chair"])

    # Six cast where five may vote: the adviser has no vote.
    response = _decide(client, scene, scene["items"][1], votes_for=5, votes_against=1)

    assert response.status_code == 400
    assert "only 5 people are in the room and entitled to vote" in response.content.decode()
    assert not Decision.objects.exists() and not Vote.objects.exists()


def test_departures_take_the_meeting_below_quorum_from_the_item_they_left_during(client, scene):
    client.force_login(scene["chair"])
    first, second, third = scene["items"][:3]
    for user in scene["members"][:3]:
        assert _move(client, scene, third, user.person, "left").status_code == 302

    at_third = _decide(client, scene, third, votes_for=2)
    before_they_left = _decide(client, scene, second, votes_for=4, votes_against=1)

    assert at_third.status_code == 400
    assert "not quorate for this item" in at_third.content.decode()
    assert "missing 1 more member" in at_third.content.decode()
    assert before_they_left.status_code == 302
    assert Vote.objects.get().entitled == 5
    left = Attendance.objects.get(person=scene["members"][0].person)
    assert left.left_during == third and left.left_at is not None


def test_a_late_arrival_votes_from_the_item_they_arrived_during(client, scene):
    latecomer = member_of(scene["body"])
    client.force_login(scene["chair"])
    second, third = scene["items"][1:3]

    arrived = _move(client, scene, third, latecomer.person, "arrived")
    too_many_before = _decide(client, scene, second, votes_for=6)
    counted_after = _decide(client, scene, third, votes_for=6)

    assert arrived.status_code == 302
    assert too_many_before.status_code == 400
    assert counted_after.status_code == 302
    assert Vote.objects.get().entitled == 6


def test_withdrawals_for_an_interest_are_not_counted_at_that_item(client, scene):
    client.force_login(scene["chair"])
    budget = scene["items"][2]
    for user in scene["members"][:3]:
        client.post(
            f"{scene['url']}?item={budget.pk}",
            {
                "form": "declaration",
                "declaration-agenda_item": budget.pk,
                "declaration-person": user.person.pk,
                "declaration-interest": "Employed by a provider funded by the budget",
                "declaration-withdrew": "on",
            },
        )

    refused = _decide(client, scene, budget, votes_for=2)
    page = client.get(f"{scene['url']}?item={budget.pk}").content.decode()

    assert refused.status_code == 400
    assert "not quorate for this item" in refused.content.decode()
    assert "3 withdrawn for this item" in page and "Not quorate" in page


def test_the_chairs_casting_vote_decides_a_tie(client, scene):
    client.force_login(scene["chair"])
    second, third = scene["items"][1:3]

    carried = _decide(client, scene, second, votes_for=2, votes_against=2, casting_vote="for")
    falls = _decide(client, scene, third, votes_for=2, votes_against=2)

    assert carried.status_code == falls.status_code == 302
    with_casting, without = Vote.objects.order_by("pk")
    assert (with_casting.carried, with_casting.casting_vote) == (True, "for")
    assert without.carried is False
    # A lost vote rejects the motion.
    assert without.decision.decision_type == DecisionType.REJECTED


def test_a_casting_vote_is_refused_without_a_tie_or_where_the_body_has_none(client, scene):
    client.force_login(scene["chair"])
    item = scene["items"][1]

    not_tied = _decide(client, scene, item, votes_for=3, votes_against=1, casting_vote="for")
    BodyGovernanceSettings.objects.create(body=scene["body"], chair_has_casting_vote=False)
    form = client.get(f"{scene['url']}?item={item.pk}").content.decode()

    assert not_tied.status_code == 400
    assert "only when the votes are tied" in not_tied.content.decode()
    assert "casting vote" not in form.split('id="decision"')[1].split("</form>")[0]
    assert not Vote.objects.exists()


def test_a_body_that_records_votes_by_name_keeps_each_ballot(client, scene):
    BodyGovernanceSettings.objects.create(body=scene["body"], vote_recording=VoteRecording.NAMED)
    client.force_login(scene["chair"])
    item = scene["items"][1]
    one, two, three = (user.person for user in scene["members"][:3])
    outsider = PersonFactory()

    stranger = _decide(client, scene, item, **{f"ballot_{outsider.pk}": "for"})
    response = _decide(
        client,
        scene,
        item,
        **{f"ballot_{one.pk}": "for", f"ballot_{two.pk}": "for", f"ballot_{three.pk}": "against"},
    )

    assert stranger.status_code == 400
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.recording, vote.votes_for, vote.votes_against, vote.abstentions) == (
        VoteRecording.NAMED,
        2,
        1,
        0,
    )
    assert {(b.person, b.choice) for b in Ballot.objects.all()} == {
        (one, "for"),
        (two, "for"),
        (three, "against"),
    }


def test_nothing_is_logged_before_the_meeting_begins_except_by_the_business_unit(client):
    body = BodyFactory(name="Quality Assurance Subgroup", short_name="QA")
    coming = MeetingFactory(body=body, start=timezone.now() + datetime.timedelta(days=2))
    item = AgendaItemFactory(meeting=coming, sort_order=0, number="1")
    publish(coming)
    url = f"/meetings/{coming.pk}/log/?item={item.pk}"
    decision = {
        "form": "decision",
        "decision-agenda_item": item.pk,
        "decision-title": "Terms of reference",
        "decision-text": "Agreed in advance.",
        "decision-decision_type": "agreed",
    }

    client.force_login(chair_of(body))
    page = client.get(url).content.decode()
    refused = client.post(url, decision)
    client.force_login(business_unit())
    allowed = client.post(url, decision)

    assert "nothing can be logged or registered here, except by the business unit" in page
    assert 'id="decision"' not in page
    assert refused.status_code == 403
    assert allowed.status_code == 302
    assert Decision.objects.count() == 1


def test_the_register_is_saved_as_ticked(client, scene):
    meeting = scene["meeting"]
    Attendance.objects.filter(meeting=meeting).delete()
    client.force_login(scene["chair"])
    members = [user.person for user in scene["members"]]

    ticked = client.post(
        scene["url"],
        {
            "form": "register",
            f"register-person_{members[0].pk}": "present",
            f"register-person_{members[1].pk}": "apologies",
        },
        headers={"X-Requested-With": "fetch"},
    )

    assert ticked.status_code == 200
    assert ticked.json()["message"].startswith("Register saved: 1 of 6 members present")
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("person", "status")) == {
        members[0].pk: "present",
        members[1].pk: "apologies",
    }


def test_a_challenges_agency_lead_is_one_of_the_agencys_people(client, scene):
    health = OrganisationFactory(name="NHS Kent and Medway")
    police = OrganisationFactory(name="Kent Police")
    nurse = member_of(BodyFactory(), organisation=health).person
    officer = member_of(BodyFactory(), organisation=police).person
    client.force_login(scene["chair"])
    item = scene["items"][1]

    page = client.get(f"{scene['url']}?item={item.pk}").content.decode()
    wrong = client.post(
        f"{scene['url']}?item={item.pk}",
        {
            "form": "challenge",
            "challenge-agenda_item": item.pk,
            "challenge-raised_by": scene["chair"].person.pk,
            "challenge-agency": health.pk,
            "challenge-agency_lead": officer.pk,
            "challenge-issue": "Health data missing.",
            "challenge-evidence_kind": "data_set",
            "challenge-ask": "Supply it.",
        },
    )

    assert f'value="{nurse.pk}" data-agencies="{health.pk}"' in page
    assert wrong.status_code == 400
    assert "is not recorded with NHS Kent and Medway" in wrong.content.decode()


# The console reads the meeting, its items, register, presence at the item and everything
# logged once each; each of its forms' lists (items, people, agencies) is one query more.
CONSOLE_QUERIES = 47


def test_the_console_costs_the_same_queries_for_a_short_or_long_agenda(
    client, scene, django_assert_max_num_queries
):
    client.force_login(scene["chair"])
    item = scene["items"][1]
    url = f"{scene['url']}?item={item.pk}"
    with django_assert_max_num_queries(CONSOLE_QUERIES) as few:
        client.get(url)
    for order in range(4, 40):
        AgendaItemFactory(meeting=scene["meeting"], sort_order=order, number=str(order + 1))
    for _ in range(10):
        member_of(scene["body"])
    with django_assert_max_num_queries(CONSOLE_QUERIES) as many:
        client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)
