import datetime

import pytest
import time_machine

from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import selectors, services
from meetings.models import Attendance, AttendanceStatus, MeetingStatus
from membership.models import Role
from tests.meetings.conftest import member_login
from tests.meetings.factories import MeetingFactory, local
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive():
    """An Executive whose quorum is three members including health and police."""
    health = SectorFactory(name="Health", slug="health")
    police = SectorFactory(name="Police", slug="police")
    education = SectorFactory(name="Education", slug="education")
    body = BodyFactory(name="KSCB Executive", quorum_count=3)
    body.quorum_sectors.set([health, police])
    body.save()
    members = {
        name: MembershipFactory(
            body=body, organisation=OrganisationFactory(sector=sector), person=PersonFactory()
        )
        for name, sector in (
            ("health", health),
            ("police", police),
            ("education", education),
            ("education2", education),
        )
    }
    members["clerk"] = MembershipFactory(body=body, role=Role.CLERK)
    meeting = MeetingFactory(body=body, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    return body, meeting, members


def record(actor, meeting, membership, status, **kwargs):
    return services.attendance_record(
        actor=actor, meeting=meeting, person=membership.person, status=status, **kwargs
    )


def test_quorum_needs_the_count_and_every_required_sector(business_unit_user, executive):
    body, meeting, members = executive
    record(business_unit_user, meeting, members["education"], AttendanceStatus.PRESENT)
    record(business_unit_user, meeting, members["education2"], AttendanceStatus.PRESENT_ONLINE)
    record(business_unit_user, meeting, members["clerk"], AttendanceStatus.PRESENT)
    quorum = selectors.meeting_quorum(meeting)
    assert not quorum.met
    assert quorum.present_count == 2  # the clerk does not count
    assert quorum.missing == [
        "1 more member",
        "a Health representative",
        "a Police representative",
    ]
    deputy = PersonFactory()
    record(
        business_unit_user,
        meeting,
        members["police"],
        AttendanceStatus.DEPUTY,
        deputy=deputy,
    )
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.present_count == 3
    assert quorum.missing == ["a Health representative"]
    record(business_unit_user, meeting, members["health"], AttendanceStatus.APOLOGIES)
    assert not selectors.meeting_quorum(meeting).met
    record(business_unit_user, meeting, members["health"], AttendanceStatus.PRESENT)
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.met and quorum.missing == []


def test_quorum_without_required_sectors_counts_members_only(business_unit_user, executive):
    body, meeting, members = executive
    body.quorum_sectors.set([])
    body.save()
    for name in ("education", "education2"):
        record(business_unit_user, meeting, members[name], AttendanceStatus.PRESENT)
    assert selectors.meeting_quorum(meeting).missing == ["1 more member"]
    record(business_unit_user, meeting, members["police"], AttendanceStatus.PRESENT)
    assert selectors.meeting_quorum(meeting).met
    body.quorum_count = None
    body.save()
    quorum = selectors.meeting_quorum(meeting)
    assert not quorum.has_rule and quorum.met


def test_quorum_shows_on_the_meeting_page(client, business_unit_user, executive):
    body, meeting, members = executive
    record(business_unit_user, meeting, members["education"], AttendanceStatus.PRESENT)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Not quorate" in page
    assert "missing 2 more members, a Health representative, a Police representative" in page


def test_deputy_must_be_named_and_guests_need_the_box_ticked(business_unit_user, executive):
    body, meeting, members = executive
    with pytest.raises(ValidationError) as refusal:
        record(business_unit_user, meeting, members["health"], AttendanceStatus.DEPUTY)
    assert "Name the deputy" in refusal.value.message_dict["deputy"][0]
    visitor = PersonFactory(given_name="Alan", family_name="Simpson")
    with pytest.raises(ValidationError) as refusal:
        services.attendance_record(
            actor=business_unit_user,
            meeting=meeting,
            person=visitor,
            status=AttendanceStatus.PRESENT,
        )
    assert "Tick “guest”" in refusal.value.message_dict["person"][0]
    guest = services.attendance_record(
        actor=business_unit_user,
        meeting=meeting,
        person=visitor,
        status=AttendanceStatus.PRESENT,
        is_guest=True,
    )
    assert guest.membership is None
    assert not Attendance.objects.filter(person=members["health"].person).exists()


def test_presence_is_recorded_only_once_the_meeting_starts(business_unit_user, executive):
    body, meeting, members = executive
    with time_machine.travel(meeting.start - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refusal:
            record(business_unit_user, meeting, members["health"], AttendanceStatus.PRESENT)
        assert "starts at 10:00 on 18 January 2012" in refusal.value.message_dict["status"][0]
        record(business_unit_user, meeting, members["health"], AttendanceStatus.APOLOGIES)


# ---------------------------------------------------------------------------
# Members sending their own apologies
# ---------------------------------------------------------------------------
@pytest.fixture
def upcoming():
    body = BodyFactory(name="Improvement Board")
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = MeetingFactory(body=body, start=start, end=start + datetime.timedelta(hours=2))
    member = member_login(body, username="member")
    colleague = PersonFactory(given_name="Deputy", family_name="Director")
    MembershipFactory(
        person=colleague,
        body=BodyFactory(),
        organisation=member.person.memberships.get().organisation,
    )
    return meeting, member, colleague


def test_member_sends_apologies_with_a_deputy_from_the_meeting_page(client, upcoming):
    meeting, member, colleague = upcoming
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Send my apologies" in page
    assert "Deputy Director" in page  # a colleague from the same agency is offered
    response = client.post(
        f"/meetings/{meeting.pk}/apologies/", {"deputy": colleague.pk, "note": "On leave"}
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting, person=member.person)
    assert attendance.status == AttendanceStatus.DEPUTY
    assert attendance.deputy == colleague
    assert attendance.history.first().history_user == member
    assert attendance.history.first().history_change_reason.startswith("Apologies sent")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Represented by deputy</strong>, with Deputy Director attending" in page
    # Changing their mind: apologies without a deputy.
    client.post(f"/meetings/{meeting.pk}/apologies/", {"deputy": "", "note": ""})
    attendance.refresh_from_db()
    assert (attendance.status, attendance.deputy) == (AttendanceStatus.APOLOGIES, None)


def test_apologies_after_the_start_are_refused_clearly(client, upcoming):
    meeting, member, _colleague = upcoming
    client.force_login(member)
    with time_machine.travel(meeting.start + datetime.timedelta(minutes=5)):
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Send my apologies" not in page
        assert "apologies can no longer be sent here" in page
        response = client.post(f"/meetings/{meeting.pk}/apologies/", {"deputy": ""})
    assert response.status_code == 400
    assert "apologies can no longer be sent here" in response.content.decode()
    assert not Attendance.objects.exists()
    with (
        time_machine.travel(meeting.start + datetime.timedelta(minutes=5)),
        pytest.raises(ValidationError, match="started at"),
    ):
        services.apologies_send(actor=member, meeting=meeting)


def test_only_members_of_the_body_send_apologies(client, upcoming):
    meeting, _member, _colleague = upcoming
    outsider = member_login(BodyFactory(), username="outsider")
    client.force_login(outsider)
    assert "Send my apologies" not in client.get(meeting.get_absolute_url()).content.decode()
    response = client.post(f"/meetings/{meeting.pk}/apologies/", {"deputy": ""})
    assert response.status_code == 400
    assert "You are not a member of Improvement Board" in response.content.decode()
    assert not Attendance.objects.exists()


def test_no_apologies_for_a_cancelled_meeting_or_a_deputy_outside_the_list(client, upcoming):
    meeting, member, _colleague = upcoming
    client.force_login(member)
    stranger = PersonFactory()
    response = client.post(f"/meetings/{meeting.pk}/apologies/", {"deputy": stranger.pk})
    assert response.status_code == 400
    assert "Choose a deputy from the list" in response.content.decode()
    services.meeting_cancel(actor=None, meeting=meeting)
    response = client.post(f"/meetings/{meeting.pk}/apologies/", {"deputy": ""})
    assert "no apologies are needed" in response.content.decode()
    assert not Attendance.objects.exists()


def test_anonymous_apologies_go_to_sign_in(client, upcoming):
    meeting, _member, _colleague = upcoming
    response = client.post(f"/meetings/{meeting.pk}/apologies/", {"deputy": ""})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_cancelled_status_is_shown_and_stops_apologies(client, upcoming):
    meeting, member, _colleague = upcoming
    services.meeting_update(actor=None, meeting=meeting, status=MeetingStatus.CANCELLED)
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "This meeting has been cancelled." in page
    assert "Send my apologies" not in page
