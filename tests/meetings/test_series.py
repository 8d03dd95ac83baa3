import datetime

import pytest

from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import Meeting, MeetingSeries, MeetingStatus, Recurrence, Weekday, WeekOfMonth
from tests.admin_forms import loaded_history_token
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db


def executive_series(actor, body, **overrides):
    """ "Executive: monthly, third Wednesday, 10:00–12:00, April 2012 to March 2013"."""
    values = {
        "actor": actor,
        "body": body,
        "title": "KSCB Executive",
        "recurrence": Recurrence.NTH_WEEKDAY,
        "weekday": Weekday.WEDNESDAY,
        "week_of_month": WeekOfMonth.THIRD,
        "start_time": datetime.time(10),
        "end_time": datetime.time(12),
        "first_date": datetime.date(2012, 4, 1),
        "last_date": datetime.date(2013, 3, 31),
        "venue": "Sessions House",
    }
    return services.meeting_series_create(**{**values, **overrides})


def local_starts(series):
    return [m.local_start for m in series.meetings.order_by("start")]


def test_series_makes_every_third_wednesday_in_one_step(business_unit_user):
    body = BodyFactory(name="KSCB Executive")
    series = executive_series(business_unit_user, body)
    starts = local_starts(series)
    assert len(starts) == 12
    assert [s.date() for s in starts[:3]] == [
        datetime.date(2012, 4, 18),
        datetime.date(2012, 5, 16),
        datetime.date(2012, 6, 20),
    ]
    assert starts[-1].date() == datetime.date(2013, 3, 20)
    assert all(s.weekday() == Weekday.WEDNESDAY and s.hour == 10 for s in starts)
    # 10:00 local on both sides of the clocks changing.
    assert {s.utcoffset() for s in starts} == {datetime.timedelta(hours=1), datetime.timedelta(0)}
    meeting = series.meetings.first()
    assert (meeting.body, meeting.title, meeting.venue, meeting.status) == (
        body,
        "KSCB Executive",
        "Sessions House",
        MeetingStatus.SCHEDULED,
    )
    assert meeting.history.first().history_user == business_unit_user
    assert series.describe() == "every month on the third Wednesday, 10:00–12:00"


def test_bimonthly_every_n_weeks_and_day_of_month_series(business_unit_user):
    body = BodyFactory()
    board = executive_series(
        business_unit_user,
        body,
        title="Board",
        interval=2,
        weekday=Weekday.FRIDAY,
        first_date=datetime.date(2011, 5, 1),
        last_date=datetime.date(2012, 3, 31),
    )
    assert [s.date() for s in local_starts(board)] == [
        datetime.date(2011, 5, 20),
        datetime.date(2011, 7, 15),
        datetime.date(2011, 9, 16),
        datetime.date(2011, 11, 18),
        datetime.date(2012, 1, 20),
        datetime.date(2012, 3, 16),
    ]
    fortnightly = executive_series(
        business_unit_user,
        body,
        title="Task group",
        recurrence=Recurrence.EVERY_N_WEEKS,
        interval=2,
        first_date=datetime.date(2012, 1, 5),
        last_date=datetime.date(2012, 2, 29),
    )
    assert [s.date() for s in local_starts(fortnightly)] == [
        datetime.date(2012, 1, 5),
        datetime.date(2012, 1, 19),
        datetime.date(2012, 2, 2),
        datetime.date(2012, 2, 16),
    ]
    monthly = executive_series(
        business_unit_user,
        body,
        title="Audit group",
        recurrence=Recurrence.MONTHLY_ON_DAY,
        day_of_month=15,
        first_date=datetime.date(2012, 1, 20),
        last_date=datetime.date(2012, 4, 30),
    )
    assert [s.date() for s in local_starts(monthly)] == [
        datetime.date(2012, 2, 15),
        datetime.date(2012, 3, 15),
        datetime.date(2012, 4, 15),
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"end_time": datetime.time(9)}, "end_time", "end after they start"),
        ({"last_date": datetime.date(2012, 3, 1)}, "last_date", "before the first"),
        ({"weekday": None}, "weekday", "Choose the weekday"),
        (
            {"recurrence": Recurrence.MONTHLY_ON_DAY, "day_of_month": 31},
            "day_of_month",
            "from 1 to 28",
        ),
        ({"last_date": datetime.date(2030, 1, 1)}, "last_date", "more than 120 meetings"),
        (
            {"first_date": datetime.date(2012, 4, 19), "last_date": datetime.date(2012, 5, 1)},
            "last_date",
            "No meeting falls",
        ),
    ],
)
def test_bad_series_is_refused_with_a_message_and_nothing_saved(
    business_unit_user, overrides, field, words
):
    with pytest.raises(ValidationError) as refusal:
        executive_series(business_unit_user, BodyFactory(), **overrides)
    assert words in " ".join(refusal.value.message_dict[field])
    assert not MeetingSeries.objects.exists()
    assert not Meeting.objects.exists()


def test_moving_one_meeting_of_a_series_leaves_the_others_alone(business_unit_user):
    series = executive_series(business_unit_user, BodyFactory())
    meetings = list(series.meetings.order_by("start"))
    before = {m.pk: (m.start, m.end, m.ical_sequence) for m in meetings}
    moved = meetings[3]
    new_start = moved.start + datetime.timedelta(days=1, hours=4)
    services.meeting_update(
        actor=business_unit_user,
        meeting=moved,
        start=new_start,
        end=new_start + datetime.timedelta(hours=2),
        venue="Oakwood House",
        reason="Room clash",
    )
    moved.refresh_from_db()
    assert moved.start == new_start and moved.venue == "Oakwood House"
    assert moved.ical_sequence == 1
    assert moved.history.first().history_change_reason == "Room clash"
    for other in Meeting.objects.exclude(pk=moved.pk):
        assert (other.start, other.end, other.ical_sequence) == before[other.pk]
        assert other.venue == "Sessions House"
    assert moved.series == series


def test_cancelling_one_meeting_of_a_series_leaves_the_others_alone(business_unit_user):
    series = executive_series(business_unit_user, BodyFactory())
    august = series.meetings.get(start__month=8)
    services.meeting_cancel(actor=business_unit_user, meeting=august, reason="No business")
    august.refresh_from_db()
    assert august.status == MeetingStatus.CANCELLED
    assert august.ical_sequence == 1
    assert (
        series.meetings.exclude(pk=august.pk).filter(status=MeetingStatus.SCHEDULED).count() == 11
    )
    # Cancelling again changes nothing; a held meeting cannot be cancelled.
    services.meeting_cancel(actor=business_unit_user, meeting=august)
    august.refresh_from_db()
    assert august.ical_sequence == 1
    held = series.meetings.get(start__month=4)
    services.meeting_update(actor=business_unit_user, meeting=held, status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="has been held"):
        services.meeting_cancel(actor=business_unit_user, meeting=held)


def test_series_created_in_the_admin_makes_its_meetings(client, business_unit_user):
    body = BodyFactory(name="KSCB Executive")
    client.force_login(business_unit_user)
    response = client.post(
        "/admin/meetingseries/new/",
        {
            "body": body.pk,
            "title": "KSCB Executive",
            "recurrence": Recurrence.NTH_WEEKDAY,
            "interval": 1,
            "weekday": Weekday.WEDNESDAY,
            "week_of_month": WeekOfMonth.THIRD,
            "day_of_month": "",
            "start_time": "10:00",
            "end_time": "12:00",
            "first_date": "2012-04-01",
            "last_date": "2013-03-31",
            "venue": "Sessions House",
            "online_link": "",
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.meetings.count() == 12
    assert series.history.first().history_user == business_unit_user

    # Afterwards the series is only renamed: its meetings stay as they are.
    response = client.post(
        f"/admin/meetingseries/edit/{series.pk}/",
        {"title": "Executive", "loaded_history_token": loaded_history_token(series)},
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "Executive"
    assert series.meetings.count() == 12


def test_series_with_end_before_start_is_refused_in_the_admin(client, business_unit_user):
    client.force_login(business_unit_user)
    response = client.post(
        "/admin/meetingseries/new/",
        {
            "body": BodyFactory().pk,
            "title": "Executive",
            "recurrence": Recurrence.NTH_WEEKDAY,
            "interval": 1,
            "weekday": Weekday.WEDNESDAY,
            "week_of_month": WeekOfMonth.THIRD,
            "start_time": "12:00",
            "end_time": "10:00",
            "first_date": "2012-04-01",
            "last_date": "2013-03-31",
        },
    )
    assert response.status_code == 200
    assert "Meetings must end after they start" in response.content.decode()
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()
