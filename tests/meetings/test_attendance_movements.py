"""Arrivals and departures during a meeting: each is kept, in agenda order, so someone who
leaves and comes back is out of the room only in between; the single arrival and departure
of older records become movements."""

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings import services
from meetings.models import Attendance, AttendanceMovement, AttendanceStatus, Movement
from meetings.presence import movements_told, presence_at
from meetings.selectors import movements_prefetch
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, local
from tests.membership.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(business_unit_user):
    """A body of four, quorate with three, at a meeting of five items; everyone ticked
    present before the first item is opened."""
    body = BodyFactory(name="KSCB Executive", quorum_count=3)
    people = [MembershipFactory(body=body).person for _ in range(4)]
    meeting = MeetingFactory(body=body, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    items = [AgendaItemFactory(meeting=meeting, sort_order=n, number=str(n + 1)) for n in range(5)]
    for person in people:
        services.attendance_register(
            actor=business_unit_user, meeting=meeting, person=person, present=True
        )
    return meeting, items, people


def _register(actor, meeting, person, item, *, present):
    services.attendance_register(
        actor=actor, meeting=meeting, person=person, present=present, item=item
    )


def _present(meeting, items, person) -> list[bool]:
    return [
        any(
            a.person_id == person.pk
            for a in presence_at(meeting, item, withdrawn_ids=set()).present
        )
        for item in items
    ]


def test_someone_who_leaves_and_returns_is_out_only_in_between(business_unit_user, meeting):
    meeting, items, people = meeting
    services.agenda_item_open(actor=business_unit_user, item=items[0])

    _register(business_unit_user, meeting, people[0], items[1], present=False)
    _register(business_unit_user, meeting, people[0], items[3], present=True)
    _register(business_unit_user, meeting, people[0], items[4], present=False)

    assert _present(meeting, items, people[0]) == [True, False, False, True, False]
    assert _present(meeting, items, people[1]) == [True] * 5
    attendance = Attendance.objects.prefetch_related(movements_prefetch()).get(person=people[0])
    assert movements_told(attendance) == [
        "left at item 2",
        "returned at item 4",
        "left at item 5",
    ]


def test_the_quorum_at_each_item_follows_who_is_in_the_room(business_unit_user, meeting):
    meeting, items, people = meeting
    services.agenda_item_open(actor=business_unit_user, item=items[0])
    for person in people[:2]:
        _register(business_unit_user, meeting, person, items[2], present=False)
        _register(business_unit_user, meeting, person, items[3], present=True)

    met = [presence_at(meeting, item, withdrawn_ids=set()).quorum.met for item in items]

    assert met == [True, True, False, True, True]


def test_a_movement_logged_late_at_an_earlier_item_takes_its_place_in_the_agenda(
    business_unit_user, meeting
):
    meeting, items, people = meeting
    services.agenda_item_open(actor=business_unit_user, item=items[0])
    late = people[0]
    _register(business_unit_user, meeting, late, items[0], present=False)
    _register(business_unit_user, meeting, late, items[3], present=True)
    # The chair, back at item 2, records that they came in then and left again.
    _register(business_unit_user, meeting, late, items[1], present=True)
    _register(business_unit_user, meeting, late, items[1], present=False)

    assert _present(meeting, items, late) == [False, False, False, True, True]
    attendance = Attendance.objects.prefetch_related(movements_prefetch()).get(person=late)
    assert movements_told(attendance) == [
        "left at item 1",
        "returned at item 2",
        "left at item 2",
        "returned at item 4",
    ]


def test_a_late_arrival_is_out_of_the_room_until_the_item_they_arrive_at(
    business_unit_user, meeting
):
    meeting, items, _ = meeting
    services.agenda_item_open(actor=business_unit_user, item=items[0])
    latecomer = MembershipFactory(body=meeting.body).person

    _register(business_unit_user, meeting, latecomer, items[2], present=True)

    assert _present(meeting, items, latecomer) == [False, False, True, True, True]
    assert Attendance.objects.get(person=latecomer).status == AttendanceStatus.PRESENT


def test_an_item_of_another_meeting_is_refused_and_nothing_is_saved(business_unit_user, meeting):
    meeting, items, people = meeting
    services.agenda_item_open(actor=business_unit_user, item=items[0])
    elsewhere = AgendaItemFactory()

    with pytest.raises(ValidationError) as refused:
        _register(business_unit_user, meeting, people[0], elsewhere, present=False)
    with pytest.raises(ValidationError) as no_item:
        _register(business_unit_user, meeting, people[0], None, present=False)

    assert refused.value.messages == ["Choose an item on this meeting's agenda."]
    assert no_item.value.messages == ["Choose the item during which they left."]
    assert not AttendanceMovement.objects.exists()
    movement = AttendanceMovement(
        attendance=Attendance.objects.get(person=people[0]),
        kind=Movement.LEFT,
        agenda_item=elsewhere,
        at=meeting.start,
    )
    with pytest.raises(ValidationError) as invalid:
        movement.full_clean()
    assert invalid.value.message_dict == {
        "agenda_item": ["This item is on another meeting's agenda."]
    }


def test_before_any_item_is_opened_an_untick_marks_absent_with_no_movement(
    business_unit_user, meeting
):
    meeting, items, people = meeting

    _register(business_unit_user, meeting, people[0], items[0], present=False)

    assert Attendance.objects.get(person=people[0]).status == AttendanceStatus.ABSENT
    assert not AttendanceMovement.objects.exists()


# ---------------------------------------------------------------------------
# The single arrival and departure of older records
# ---------------------------------------------------------------------------
BEFORE = [("meetings", "0008_paper_notes")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Inside the test's transaction, as in membership's migration test: checking foreign keys
# at once leaves no deferred check pending when the next migration alters the table.
def test_a_single_arrival_and_departure_become_movements_with_history():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    body = BodyFactory()
    late, gone, throughout = (MembershipFactory(body=body).person for _ in range(3))
    meeting = MeetingFactory(body=body, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    items = [AgendaItemFactory(meeting=meeting, sort_order=n, number=str(n + 1)) for n in range(3)]
    old = _migrate(BEFORE)
    OldAttendance = old.get_model("meetings", "Attendance")
    OldAttendance.objects.create(
        meeting_id=meeting.pk,
        person_id=late.pk,
        status="present",
        arrived_at_item_id=items[1].pk,
        arrived_at=local(2012, 1, 18, 10, 20),
        left_at_item_id=items[2].pk,
    )
    OldAttendance.objects.create(
        meeting_id=meeting.pk, person_id=gone.pk, status="present", left_at_item_id=items[1].pk
    )
    OldAttendance.objects.create(meeting_id=meeting.pk, person_id=throughout.pk, status="present")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    told = {
        attendance.person_id: movements_told(attendance)
        for attendance in Attendance.objects.prefetch_related(movements_prefetch())
    }
    assert told == {
        late.pk: ["arrived at item 2", "left at item 3"],
        gone.pk: ["left at item 2"],
        throughout.pk: [],
    }
    arrival = AttendanceMovement.objects.get(kind=Movement.ARRIVED)
    assert arrival.at == local(2012, 1, 18, 10, 20)
    assert AttendanceMovement.objects.get(attendance__person=gone).at == meeting.start
    (history,) = arrival.history.all()
    assert history.history_change_reason == "Taken over from the single arrival and departure"
