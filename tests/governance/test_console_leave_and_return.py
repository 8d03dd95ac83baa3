"""Someone who leaves the room and comes back, logged from the chair's console: each
departure and return is kept, votes and the quorum at an item are judged on who was in the
room for it, and the minutes say when people came and went."""

import io

import pytest
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.minutes_snapshots import compare
from governance.models import Minutes, Vote, VoteRecording
from meetings.models import AttendanceMovement, Movement
from tests.membership.factories import BodyFactory, PersonFactory

from .factories import (
    AgendaItemFactory,
    BodySettingsFactory,
    D,
    MeetingFactory,
    at,
    chair_of,
    member_of,
    publish,
)

pytestmark = pytest.mark.django_db

TITLES = ["Minutes", "Business Plan", "Budget", "Audit", "Any other business"]


@pytest.fixture
def room():
    """An Executive of a chair and three members, quorate with three, at a meeting of five
    items that has begun."""
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", quorum_count=3)
    meeting = MeetingFactory(body=body, start=at(D(2012, 4, 18)))
    items = [
        AgendaItemFactory(meeting=meeting, title=title, sort_order=n, number=str(n + 1))
        for n, title in enumerate(TITLES)
    ]
    publish(meeting)
    chair = chair_of(body, person=PersonFactory(given_name="Roger", family_name="Gough"))
    members = [
        member_of(body, person=PersonFactory(given_name=given, family_name=family)).person
        for given, family in (("Ann", "Able"), ("Ben", "Baker"), ("Cath", "Cole"))
    ]
    return {"body": body, "meeting": meeting, "items": items, "chair": chair, "members": members}


def _url(room, item=None):
    url = f"/meetings/{room['meeting'].pk}/log/"
    return f"{url}?item={item.pk}" if item else url


def _tick(client, room, person, *, present=True, item=None):
    data = {"form": "register", "person": person.pk, "present": "1" if present else "0"}
    if item:
        data["item"] = item.pk
    return client.post(_url(room), data)


def _open(client, room, number):
    item = room["items"][number - 1]
    assert client.post(_url(room), {"form": "open", "item": item.pk}).status_code == 302
    return item


def _decide(client, room, item, **vote):
    data = {
        "form": "decision",
        "item": item.pk,
        "decision-agenda_item": item.pk,
        "decision-title": f"Agree item {item.number}",
        "decision-text": "Agreed.",
        "decision-decision_type": "agreed",
        "decision-taken_by": "vote",
    } | {f"decision-{key}": value for key, value in vote.items()}
    return client.post(_url(room, item), data)


def _everyone_present(client, room):
    client.force_login(room["chair"])
    for person in [room["chair"].person, *room["members"]]:
        assert _tick(client, room, person).status_code == 302


def _leave_at_2_return_at_4(client, room, person):
    """The chair works through the agenda; `person` leaves during item 2 and is back for
    item 4."""
    _open(client, room, 1)
    second = _open(client, room, 2)
    assert _tick(client, room, person, present=False, item=second).status_code == 302
    _open(client, room, 3)
    fourth = _open(client, room, 4)
    assert _tick(client, room, person, item=fourth).status_code == 302


def _ticked(client, room, item, person) -> bool:
    page = client.get(_url(room, item)).content.decode()
    row = page.split(f'data-person="{person.pk}"')[0].rsplit("<label>", 1)[1]
    return "checked" in row


def test_a_member_out_of_the_room_is_not_counted_in_a_vote_until_they_return(client, room):
    _everyone_present(client, room)
    ann = room["members"][0]
    _open(client, room, 1)
    second = _open(client, room, 2)
    _tick(client, room, ann, present=False, item=second)
    third = _open(client, room, 3)

    too_many = _decide(client, room, third, votes_for=4, votes_against=0, abstentions=0)
    while_out = _decide(client, room, third, votes_for=3, votes_against=0, abstentions=0)
    fourth = _open(client, room, 4)
    _tick(client, room, ann, item=fourth)
    fifth = _open(client, room, 5)
    after_return = _decide(client, room, fifth, votes_for=4, votes_against=0, abstentions=0)

    assert too_many.status_code == 400
    assert "4 votes counted, but only 3 people are present" in too_many.content.decode()
    assert while_out.status_code == after_return.status_code == 302
    at_third, at_fifth = Vote.objects.order_by("decision__agenda_item__sort_order")
    assert (at_third.decision.agenda_item, at_third.entitled) == (third, 3)
    assert (at_fifth.decision.agenda_item, at_fifth.entitled) == (fifth, 4)
    # Each item keeps who was in the room for it, the first departure included.
    assert [_ticked(client, room, item, ann) for item in room["items"]] == [
        True,
        False,
        False,
        True,
        True,
    ]


def test_a_vote_by_name_offers_a_ballot_only_to_those_in_the_room(client, room):
    BodySettingsFactory(body=room["body"], vote_recording=VoteRecording.NAMED)
    _everyone_present(client, room)
    ann = room["members"][0]
    _leave_at_2_return_at_4(client, room, ann)
    third, fifth = room["items"][2], room["items"][4]
    ballot = f'name="decision-ballot_{ann.pk}"'

    while_out = client.get(_url(room, third)).content.decode()
    after_return = client.get(_url(room, fifth)).content.decode()
    others = {f"ballot_{p.pk}": "for" for p in [room["chair"].person, *room["members"][1:]]}
    voted = _decide(client, room, third, **others, **{f"ballot_{ann.pk}": "against"})

    assert ballot not in while_out and ballot in after_return
    assert voted.status_code == 302
    vote = Vote.objects.get()
    assert (vote.entitled, vote.votes_for, vote.votes_against) == (3, 3, 0)
    assert ann.pk not in {b.person_id for b in vote.ballots.all()}


def test_the_quorum_is_lost_while_two_are_out_and_regained_when_they_return(client, room):
    _everyone_present(client, room)
    ann, ben, _ = room["members"]
    _open(client, room, 1)
    _open(client, room, 2)
    third = _open(client, room, 3)
    for person in (ann, ben):
        _tick(client, room, person, present=False, item=third)

    refused = _decide(client, room, third, votes_for=2, votes_against=0, abstentions=0)
    fourth = _open(client, room, 4)
    for person in (ann, ben):
        _tick(client, room, person, item=fourth)
    carried = _decide(client, room, fourth, votes_for=4, votes_against=0, abstentions=0)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "not quorate for this item" in html and "1 more member" in html
    assert "Ann Able" in html and "Ben Baker" in html
    assert carried.status_code == 302
    assert Vote.objects.get().decision.agenda_item == fourth
    pages = {n: client.get(_url(room, room["items"][n - 1])).content.decode() for n in (2, 3, 4)}
    assert "Quorate</strong> at item 2" in pages[2]
    assert "Not quorate</strong> at item 3" in pages[3]
    assert "Quorate</strong> at item 4" in pages[4]


def test_the_register_and_the_minutes_tell_each_departure_and_return(client, room):
    _everyone_present(client, room)
    ann = room["members"][0]
    _leave_at_2_return_at_4(client, room, ann)
    told = "(left at item 2, returned at item 4)"

    register = client.get(_url(room, room["items"][4])).content.decode()
    started = client.post(f"/meetings/{room['meeting'].pk}/minutes/edit/", {"action": "start"})
    page = client.get(f"/meetings/{room['meeting'].pk}/minutes/").content.decode()
    pdf = client.get(f"/meetings/{room['meeting'].pk}/minutes.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    version = client.get(f"/meetings/{room['meeting'].pk}/minutes/versions/1/")

    assert told in register
    # Each line of the register names the person's role on the body.
    ann_role = ann.memberships.get(body=room["meeting"].body).role.label
    assert f"Ann Able, {ann_role}" in register
    assert started.status_code == 302
    (line,) = [li for li in page.split("<li>") if li.startswith("Ann Able")]
    assert line.startswith("Ann Able, ") and f" {told}</li>" in line
    assert told in " ".join(text.split())
    assert version.status_code == 200 and told in version.content.decode()
    (present,) = [
        entry
        for entry in Minutes.objects.get().attendance["present"]
        if entry["name"] == "Ann Able"
    ]
    assert present["movements"] == ["left at item 2", "returned at item 4"]


def test_a_late_arrival_is_minuted_as_arriving_at_the_item(client, room):
    client.force_login(room["chair"])
    for person in [room["chair"].person, *room["members"][1:]]:
        _tick(client, room, person)
    cath = room["members"][2]
    _open(client, room, 1)
    second = _open(client, room, 2)
    _tick(client, room, room["members"][0], item=second)

    client.post(f"/meetings/{room['meeting'].pk}/minutes/edit/", {"action": "start"})

    told = {e["name"]: e["movements"] for e in Minutes.objects.get().attendance["present"]}
    assert told["Ann Able"] == ["arrived at item 2"]
    assert told[cath.name] == []


def test_each_departure_and_return_is_kept_in_history_with_who_logged_it(client, room):
    _everyone_present(client, room)
    ann = room["members"][0]
    _leave_at_2_return_at_4(client, room, ann)

    movements = list(AttendanceMovement.objects.order_by("at", "pk"))

    assert [(m.kind, m.agenda_item.number) for m in movements] == [
        (Movement.LEFT, "2"),
        (Movement.ARRIVED, "4"),
    ]
    for movement, reason in zip(movements, ("Left", "Arrived"), strict=True):
        (created,) = movement.history.all()
        assert (created.history_user, created.history_change_reason) == (room["chair"], reason)
    attendance = ann.attendances.get()
    assert [h.history_change_reason for h in attendance.history.order_by("history_date")] == [
        "Present at the start",
        "Left",
        "Arrived",
    ]


def test_a_tick_for_someone_already_in_the_room_adds_no_movement(client, room):
    _everyone_present(client, room)
    ann = room["members"][0]
    second = _open(client, room, 2)

    _tick(client, room, ann, item=second)
    _tick(client, room, ann, present=False, item=second)
    _tick(client, room, ann, present=False, item=second)

    assert [m.kind for m in AttendanceMovement.objects.all()] == [Movement.LEFT]


def _count(client, url) -> int:
    client.get(url)  # the confirmation of the last post is shown (and dropped) once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_console_and_the_minutes_read_a_fixed_number_of_queries_however_many_moved(
    client, room
):
    _everyone_present(client, room)
    _leave_at_2_return_at_4(client, room, room["members"][0])
    fifth = room["items"][4]
    console = _url(room, fifth)
    minutes = f"/meetings/{room['meeting'].pk}/minutes/"
    client.post(f"/meetings/{room['meeting'].pk}/minutes/edit/", {"action": "start"})
    before = (_count(client, console), _count(client, minutes))

    for _ in range(5):
        person = member_of(room["body"]).person
        _tick(client, room, person, item=fifth)
        _tick(client, room, person, present=False, item=fifth)
        _tick(client, room, person, item=fifth)
    client.post(f"/meetings/{room['meeting'].pk}/minutes/edit/", {"action": "refresh_attendance"})
    after = (_count(client, console), _count(client, minutes))

    assert AttendanceMovement.objects.count() == 2 + 5 * 3
    assert after == before, (before, after)


def test_a_comparison_of_versions_shows_a_change_in_comings_and_goings():
    before = {"attendance": {"present": [{"name": "Ann Able", "movements": ["left at item 2"]}]}}
    after = {
        "attendance": {
            "present": [{"name": "Ann Able", "movements": ["left at item 2", "returned at item 4"]}]
        }
    }
    older = {"attendance": {"present": [{"name": "Ann Able"}]}}  # minuted before movements

    (change,) = compare(before, after, see_restricted=False).attendance
    stayed = {"attendance": {"present": [{"name": "Ann Able", "movements": []}]}}
    unchanged = compare(older, stayed, see_restricted=False)

    assert change.label == "Present"
    assert change.removed == ["Ann Able (left at item 2)"]
    assert change.added == ["Ann Able (left at item 2, returned at item 4)"]
    assert unchanged.identical
