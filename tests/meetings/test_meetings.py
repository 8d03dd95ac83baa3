import datetime

import pytest

from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import Meeting, MeetingStatus
from tests.meetings.factories import MeetingFactory, local
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_that_ends_before_it_starts_is_refused_and_nothing_saved(business_unit_user):
    with pytest.raises(ValidationError) as refusal:
        services.meeting_schedule(
            actor=business_unit_user,
            body=BodyFactory(),
            start=local(2012, 4, 18, 12),
            end=local(2012, 4, 18, 10),
        )
    assert "must end after it starts" in " ".join(refusal.value.message_dict["end"])
    assert not Meeting.objects.exists()


def test_the_database_holds_the_rule_too(business_unit_user):
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory()
    meeting.end = meeting.start - datetime.timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_meeting_admin_refuses_end_before_start_with_a_message(client, business_unit_user):
    body = BodyFactory()
    client.force_login(business_unit_user)
    response = client.post(
        "/admin/meeting/new/",
        {
            "body": body.pk,
            "title": "Board",
            "start": "2012-04-18 12:00",
            "end": "2012-04-18 10:00",
            "venue": "",
            "online_link": "",
            "status": MeetingStatus.SCHEDULED,
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts: pick a later end time." in (
        response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_schedule_defaults_the_title_and_keeps_a_stable_uid(business_unit_user):
    body = BodyFactory(name="Improvement Board")
    meeting = services.meeting_schedule(
        actor=business_unit_user,
        body=body,
        start=local(2011, 9, 13, 14),
        end=local(2011, 9, 13, 16),
    )
    uid = meeting.uid
    assert meeting.title == "Improvement Board"
    assert str(meeting) == "Improvement Board, 13 September 2011"
    services.meeting_update(actor=business_unit_user, meeting=meeting, venue="Oakwood House")
    meeting.refresh_from_db()
    assert meeting.uid == uid


def test_only_changes_a_calendar_shows_raise_the_sequence(business_unit_user):
    meeting = MeetingFactory()
    services.meeting_update(actor=business_unit_user, meeting=meeting, notes="Car parking")
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 0
    for change in (
        {"venue": "Oakwood House"},
        {"status": MeetingStatus.CONFIRMED},
        {"start": meeting.start - datetime.timedelta(hours=1)},
        {"title": "Extraordinary meeting"},
    ):
        before = meeting.ical_sequence
        services.meeting_update(actor=business_unit_user, meeting=meeting, **change)
        meeting.refresh_from_db()
        assert meeting.ical_sequence == before + 1


def test_meeting_update_refuses_fields_it_does_not_own(business_unit_user):
    with pytest.raises(ValueError, match="ical_sequence"):
        services.meeting_update(actor=business_unit_user, meeting=MeetingFactory(), ical_sequence=9)
