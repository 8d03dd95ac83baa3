"""The console at a meeting in progress: the register, votes judged on who is in the room at
the item, logging refused before the meeting begins, and the agency lead list."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import (
    Ballot,
    Challenge,
    Decision,
    Minutes,
    MinutesStatus,
    Vote,
    VoteRecording,
)
from membership.models import Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

from .factories import (
    AgendaItemFactory,
    BodySettingsFactory,
    D,
    MeetingFactory,
    at,
    business_unit,
    chair_of,
    decision,
    member_of,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    """An Executive of a chair and three members, quorate with three, at a meeting that has
    begun, with everyone ticked on the register before the first item."""
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", quorum_count=3)
    meeting = MeetingFactory(body=body, start=at(D(2012, 4, 18)))
    items = [
        AgendaItemFactory(meeting=meeting, title=title, sort_order=n, number=str(n + 1))
        for n, title in enumerate(["Minutes", "Business Plan", "Budget"])
    ]
    publish(meeting)
    chair = chair_of(body)
    members = [member_of(body).person for _ in range(3)]
    return {"body": body, "meeting": meeting, "items": items, "chair": chair, "members": members}


def _url(room, item=None):
    url = f"/meetings/{room['meeting'].pk}/log/"
    return f"{url}?item={item.pk}" if item else url


def _tick(client, room, person, present=True, item=None, **headers):
    data = {"form": "register", "person": person.pk, "present": "1" if present else "0"}
    if item:
        data["item"] = item.pk
    return client.post(_url(room), data, **headers)


def _open(client, room, item):
    return client.post(_url(room), {"form": "open", "item": item.pk})


def _everyone_present(client, room):
    client.force_login(room["chair"])
    for person in [room["chair"].person, *room["members"]]:
        assert _tick(client, room, person).status_code == 302


def _decide(client, room, item, **vote):
    data = {
        "form": "decision",
        "item": item.pk,
        "decision-agenda_item": item.pk,
        "decision-title": "Adopt the Business Plan",
        "decision-text": "The Executive adopted the plan.",
        "decision-decision_type": "agreed",
        "decision-taken_by": "vote",
    } | {f"decision-{key}": value for key, value in vote.items()}
    return client.post(_url(room, item), data)


def test_a_vote_is_carried_then_refused_when_departures_leave_the_item_inquorate(client, room):
    _everyone_present(client, room)
    first, second, _ = room["items"]
    _open(client, room, first)

    carried = _decide(client, room, first, votes_for=3, votes_against=1, abstentions=0)
    _open(client, room, second)
    gone = room["members"][:2]
    for person in gone:
        _tick(client, room, person, present=False, item=second)
    refused = _decide(client, room, second, votes_for=2, votes_against=0, abstentions=0)

    assert carried.status_code == 302
    vote = Vote.objects.get()
    assert (vote.carried, vote.entitled, vote.was_quorate) == (True, 4, True)
    assert vote.history.first().history_user == room["chair"]
    page = client.get(carried["Location"]).content.decode()
    assert "Vote carried: 3 for, 1 against, 0 abstaining" in page
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "not quorate for this item" in html and "1 more member" in html
    assert all(person.name in html for person in gone)
    assert Decision.objects.count() == 1
    # Back at the first item they were still in the room.
    assert "Quorate</strong> at item 1" in client.get(_url(room, first)).content.decode()
    assert "Not quorate</strong> at item 2" in client.get(_url(room, second)).content.decode()


def test_a_withdrawal_for_an_interest_can_leave_the_item_inquorate(client, room):
    _everyone_present(client, room)
    _, second, third = room["items"]
    _tick(client, room, room["members"][2], present=False)  # sent away before the start
    withdrawing = room["members"][0]

    declared = client.post(
        _url(room, second),
        {
            "form": "declaration",
            "item": second.pk,
            "declaration-agenda_item": second.pk,
            "declaration-person": withdrawing.pk,
            "declaration-interest": "Employed by a provider named in the plan",
            "declaration-withdrew": "on",
        },
    )
    confirmed = client.get(declared["Location"]).content.decode()
    refused = _decide(client, room, second, votes_for=2, votes_against=0, abstentions=0)
    elsewhere = _decide(client, room, third, votes_for=2, votes_against=1, abstentions=0)

    assert declared.status_code == 302
    assert "withdrew for the item" in confirmed
    assert refused.status_code == 400
    assert f"{withdrawing.name} (withdrew)" in refused.content.decode()
    assert elsewhere.status_code == 302
    assert Decision.objects.get().agenda_item == third


def test_counts_above_those_entitled_are_refused(client, room):
    _everyone_present(client, room)
    item = room["items"][0]

    refused = _decide(client, room, item, votes_for=3, votes_against=2, abstentions=0)

    assert refused.status_code == 400
    assert "5 votes counted, but only 4 people are present and entitled" in (
        refused.content.decode()
    )
    assert not Decision.objects.exists() and not Vote.objects.exists()


def test_the_chairs_casting_vote_decides_a_tie_only_where_the_body_allows(client, room):
    _everyone_present(client, room)
    item = room["items"][0]

    tied = _decide(client, room, item, votes_for=2, votes_against=2, casting_vote="against")
    BodySettingsFactory(body=room["body"], chair_has_casting_vote=False)
    no_casting = _decide(client, room, item, votes_for=2, votes_against=2, abstentions=0)

    assert tied.status_code == no_casting.status_code == 302
    first, second = Vote.objects.order_by("pk")
    assert (first.casting_vote, first.carried) == ("against", False)
    assert (second.casting_vote, second.carried) == ("", False)
    page = client.get(_url(room, item)).content.decode()
    assert "chair&#x27;s casting vote against" in page or "chair's casting vote against" in page
    assert "Chair&#x27;s casting vote" not in page  # the form no longer offers it


def test_a_vote_by_name_keeps_each_ballot_of_those_in_the_room(client, room):
    BodySettingsFactory(body=room["body"], vote_recording=VoteRecording.NAMED)
    _everyone_present(client, room)
    item = room["items"][0]
    stranger = PersonFactory()
    a, b, c = room["members"]
    chair = room["chair"].person

    page = client.get(_url(room, item)).content.decode()
    voted = _decide(
        client,
        room,
        item,
        **{
            f"ballot_{chair.pk}": "for",
            f"ballot_{a.pk}": "for",
            f"ballot_{b.pk}": "against",
            f"ballot_{c.pk}": "abstain",
            f"ballot_{stranger.pk}": "for",  # not on the form: ignored
        },
    )

    assert f'name="decision-ballot_{a.pk}"' in page and "decision-votes_for" not in page
    assert voted.status_code == 302
    vote = Vote.objects.get()
    assert (vote.recording, vote.votes_for, vote.votes_against, vote.abstentions) == (
        VoteRecording.NAMED,
        2,
        1,
        1,
    )
    assert vote.carried
    assert {(b.person_id, b.choice) for b in Ballot.objects.all()} == {
        (chair.pk, "for"),
        (a.pk, "for"),
        (b.pk, "against"),
        (c.pk, "abstain"),
    }


def test_the_register_saves_each_tick_for_the_script(client, room):
    client.force_login(room["chair"])
    person = room["members"][0]

    ticked = _tick(client, room, person, HTTP_ACCEPT="application/json")

    assert ticked.status_code == 200
    assert ticked.json() == {"message": f"{person.name} is present."}
    assert room["meeting"].attendances.get(person=person).status == "present"


@pytest.fixture
def tomorrow(room):
    meeting = room["meeting"]
    meeting.start = timezone.now() + datetime.timedelta(days=1)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    return room


def test_nothing_is_logged_before_the_meeting_begins_except_by_the_business_unit(client, tomorrow):
    room = tomorrow
    item = room["items"][0]
    post = {
        "form": "decision",
        "item": item.pk,
        "decision-agenda_item": item.pk,
        "decision-title": "Adopt the plan",
        "decision-text": "Agreed.",
        "decision-decision_type": "agreed",
    }
    client.force_login(room["chair"])

    refused = client.post(_url(room, item), post)
    page = client.get(refused["Location"]).content.decode()
    ticked = _tick(client, room, room["members"][0], HTTP_ACCEPT="application/json")
    client.force_login(business_unit())
    allowed = client.post(_url(room, item), post)

    assert refused.status_code == 302
    assert "nothing can be logged at it before then. Nothing was saved." in page
    assert ticked.status_code == 403 and not room["meeting"].attendances.exists()
    assert allowed.status_code == 302
    assert Decision.objects.get().title == "Adopt the plan"


def test_quorum_is_expected_before_the_start_and_judged_after(client, tomorrow):
    room = tomorrow
    client.force_login(room["chair"])

    before = client.get(_url(room)).content.decode()
    meeting = room["meeting"]
    meeting.start = at(D(2012, 4, 18))
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    _tick(client, room, room["chair"].person)
    after = client.get(_url(room)).content.decode()

    assert "Expected to be quorate" in before and "Quorate</strong>" not in before
    assert "Not quorate</strong> at item 1" in after and "2 more members" in after


def test_a_challenges_agency_lead_is_one_of_the_agencys_people(client, room):
    client.force_login(room["chair"])
    police, health = OrganisationFactory(name="Kent Police"), OrganisationFactory(name="NHS")
    officer = MembershipFactory(organisation=police).person
    nurse = MembershipFactory(organisation=health).person
    item = room["items"][1]
    post = {
        "form": "challenge",
        "item": item.pk,
        "challenge-agenda_item": item.pk,
        "challenge-raised_by": room["chair"].person.pk,
        "challenge-agency": police.pk,
        "challenge-agency_lead": nurse.pk,
        "challenge-issue": "Health data missing.",
        "challenge-evidence_kind": "data_set",
        "challenge-ask": "Supply the data.",
    }

    page = client.get(_url(room, item)).content.decode()
    refused = client.post(_url(room, item), post)
    raised = client.post(_url(room, item), post | {"challenge-agency_lead": officer.pk})

    assert f'value="{officer.pk}" data-agencies="{police.pk}"' in page
    assert 'data-narrowed-by="challenge-agency"' in page
    assert refused.status_code == 400
    assert "Choose one of the chosen agency" in refused.content.decode()
    assert raised.status_code == 302
    assert Challenge.objects.get().agency_lead == officer


def test_the_console_is_refused_to_others_and_hidden_from_other_partnerships(client, room):
    url = _url(room)
    anonymous = client.get(url)
    client.force_login(member_of(room["body"], role=Role.VICE_CHAIR))
    member = client.get(url)
    client.force_login(chair_of(BodyFactory(name="Serious Case Review Subgroup")))
    other_chair = client.post(url, {"form": "register", "person": room["members"][0].pk})
    client.force_login(manager_of(second_partnership()))
    elsewhere = client.get(url, HTTP_HOST=ADULTS_HOST)

    assert anonymous.status_code == 302
    assert member.status_code == other_chair.status_code == 403
    assert elsewhere.status_code == 404
    assert not room["meeting"].attendances.exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_console_page_reads_a_fixed_number_of_queries(client, room):
    _everyone_present(client, room)
    item = room["items"][0]
    url = _url(room, item)
    _decide(client, room, item, votes_for=3, votes_against=0, abstentions=0)
    client.get(url)
    before = _count(client, url)

    for _ in range(5):
        person = member_of(room["body"]).person
        _tick(client, room, person)
        _decide(client, room, item, votes_for=3, votes_against=1, abstentions=0)
    BodySettingsFactory(body=room["body"], vote_recording=VoteRecording.NAMED)
    after = _count(client, url)

    # More members, decisions and votes cost nothing; the body's settings and the ballots
    # (with their voters) are three reads.
    assert after <= before + 3, (before, after)
    assert before <= 36


def test_a_decision_reaches_the_public_once_held_and_is_subject_to_the_minutes(client, room):
    meeting = room["meeting"]
    meeting.start = timezone.now() - datetime.timedelta(hours=1)
    meeting.end = timezone.now() + datetime.timedelta(hours=1)
    meeting.save()
    _everyone_present(client, room)
    item = room["items"][0]
    _decide(client, room, item, votes_for=3, votes_against=0, abstentions=0)
    taken = Decision.objects.get()
    member = member_of(room["body"])

    def seen(user):
        client.logout()
        if user:
            client.force_login(user)
        register = client.get("/decisions/").content.decode()
        page = client.get(taken.get_absolute_url())
        return taken.reference in register, page.status_code, page.content.decode()

    in_register, status, _ = seen(None)
    assert (in_register, status) == (False, 404)
    in_register, status, page = seen(member)
    assert (in_register, status) == (True, 200) and "Meeting not yet held" in page

    meeting.end = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    in_register, status, page = seen(None)
    assert (in_register, status) == (True, 200)
    assert "Subject to the minutes" in page and "Meeting not yet held" not in page

    later = MeetingFactory(body=room["body"], start=at(D(2012, 5, 18)))
    Minutes.objects.create(
        meeting=meeting,
        status=MinutesStatus.APPROVED,
        agenda_version=1,
        drafted_at=timezone.now(),
        approval_decision=decision(room["body"], meeting=later, title="Minutes approved"),
        approved_at_meeting=later,
        approved_on=later.date,
    )
    _, _, page = seen(None)
    assert "Subject to the minutes" not in page
