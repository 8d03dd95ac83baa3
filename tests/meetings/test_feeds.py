import datetime
import re

import icalendar
import pytest

from meetings import services
from meetings.models import CalendarFeedToken, MeetingStatus
from tests.meetings.conftest import member_login
from tests.meetings.factories import MeetingFactory, local
from tests.membership.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def assert_rfc5545(calendar):
    """What RFC 5545 requires of a calendar and its events (3.6, 3.6.1, 3.7)."""
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    for event in events(calendar):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event, required
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        assert event.decoded("DTSTAMP").tzinfo is not None


def test_meeting_feed_has_what_rfc_5545_requires(client, business_unit_user):
    meeting = MeetingFactory(
        title="KSCB Executive",
        start=local(2012, 4, 18, 10),
        end=local(2012, 4, 18, 12),
        venue="Sessions House, Maidstone",
        status=MeetingStatus.CONFIRMED,
    )
    services.agenda_item_add(actor=business_unit_user, meeting=meeting, title="KSCB Business Plan")
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    calendar = parse(client.get(f"/meetings/{meeting.pk}.ics"))
    assert_rfc5545(calendar)
    [event] = events(calendar)
    assert str(event["UID"]) == f"{meeting.uid}@tabled"
    assert event.decoded("DTSTART") == datetime.datetime(2012, 4, 18, 9, tzinfo=datetime.UTC)
    assert event.decoded("DTEND") == datetime.datetime(2012, 4, 18, 11, tzinfo=datetime.UTC)
    assert str(event["SUMMARY"]) == "KSCB Executive"
    assert str(event["LOCATION"]) == "Sessions House, Maidstone"
    assert str(event["URL"]) == f"http://testserver/meetings/{meeting.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 1  # the agenda was published
    description = str(event["DESCRIPTION"])
    assert "1. KSCB Business Plan" in description
    assert f"http://testserver/meetings/{meeting.pk}/" in description


def test_a_moved_then_cancelled_meeting_grows_its_sequence_and_says_cancelled(
    client, business_unit_user
):
    meeting = MeetingFactory()
    first = events(parse(client.get(f"/meetings/{meeting.pk}.ics")))[0]
    assert first["SEQUENCE"] == 0 and str(first["STATUS"]) == "TENTATIVE"
    later = meeting.start + datetime.timedelta(days=7)
    services.meeting_update(
        actor=business_unit_user,
        meeting=meeting,
        start=later,
        end=later + datetime.timedelta(hours=2),
    )
    moved = events(parse(client.get(f"/meetings/{meeting.pk}.ics")))[0]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == later.replace(microsecond=0)
    assert str(moved["UID"]) == str(first["UID"])
    services.meeting_cancel(actor=business_unit_user, meeting=meeting)
    cancelled = events(parse(client.get(f"/meetings/{meeting.pk}.ics")))[0]
    assert cancelled["SEQUENCE"] == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")


def test_body_feed_lists_the_body_s_meetings_only(client):
    body = BodyFactory(slug="executive")
    mine = [MeetingFactory(body=body) for _ in range(3)]
    MeetingFactory()
    calendar = parse(client.get("/bodies/executive/meetings.ics"))
    assert_rfc5545(calendar)
    assert {str(e["UID"]) for e in events(calendar)} == {f"{m.uid}@tabled" for m in mine}
    assert client.get("/bodies/no-such-body/meetings.ics").status_code == 404


def test_personal_feed_has_the_member_s_meetings_and_its_address_can_be_reset(client):
    board = BodyFactory(name="Board")
    executive = BodyFactory(name="Executive")
    user = member_login(board, username="member")
    MembershipFactory(
        body=executive,
        person=user.person,
        start_date=datetime.date(2011, 4, 1),
        end_date=datetime.date(2011, 12, 31),
    )
    board_meeting = MeetingFactory(body=board)
    while_on_executive = MeetingFactory(
        body=executive, start=local(2011, 10, 19, 10), end=local(2011, 10, 19, 12)
    )
    MeetingFactory(body=executive, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    MeetingFactory(body=BodyFactory())
    client.force_login(user)
    page = client.get("/my/").content.decode()
    assert "Create my calendar address" in page
    client.post("/my/calendar/")
    token = CalendarFeedToken.objects.get(person=user.person)
    page = client.get("/my/").content.decode()
    assert f"/calendar/{token.token}.ics" in page
    client.logout()
    calendar = parse(client.get(f"/calendar/{token.token}.ics"))
    assert_rfc5545(calendar)
    assert {str(e["UID"]) for e in events(calendar)} == {
        f"{board_meeting.uid}@tabled",
        f"{while_on_executive.uid}@tabled",
    }
    # Reset: the old address stops working, the new one works.
    client.force_login(user)
    response = client.post("/my/calendar/", follow=True)
    assert "Your calendar address has been reset" in response.content.decode()
    client.logout()
    assert client.get(f"/calendar/{token.token}.ics").status_code == 404
    token.refresh_from_db()
    assert client.get(f"/calendar/{token.token}.ics").status_code == 200
    # The history records the reset, never the secret.
    record = token.history.first()
    assert record.history_change_reason == "Calendar feed address reset"
    assert not hasattr(record, "token")


def test_personal_feed_hides_restricted_items_once_the_term_has_ended(client, business_unit_user):
    body = BodyFactory()
    person = member_login(BodyFactory(), username="leaver").person
    MembershipFactory(
        body=body,
        person=person,
        start_date=datetime.date(2011, 4, 1),
        end_date=datetime.date(2012, 3, 31),
    )
    meeting = MeetingFactory(body=body, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    services.agenda_item_add(
        actor=business_unit_user, meeting=meeting, title="Confidential case", is_restricted=True
    )
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    token = services.calendar_token_reset(actor=None, person=person)
    feed = client.get(f"/calendar/{token.token}.ics").content.decode()
    assert f"{meeting.uid}@tabled" in feed
    assert "Confidential case" not in feed
    assert "1. Restricted item" in feed


def test_the_online_joining_link_is_in_members_feeds_only(client):
    body = BodyFactory(slug="executive")
    user = member_login(body, username="member")
    meeting = MeetingFactory(
        body=body, venue="Sessions House", online_link="https://meet.example.org/kscb-exec"
    )

    public = client.get(f"/meetings/{meeting.pk}.ics").content.decode()
    client.force_login(user)
    member = client.get(f"/meetings/{meeting.pk}.ics").content.decode()

    assert "Sessions House" in public and "meet.example.org" not in public
    assert "meet.example.org" in member


INJECTED = "Board\r\nX-INJECT:1"


def assert_only_content_lines(payload: bytes):
    """Every line is a property (NAME:value or NAME;params:value) or the folded rest of one
    (RFC 5545 3.1), and no control character other than the line ends is left in it."""
    lines = payload.decode().split("\r\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert line.startswith(" ") or re.match(r"^[A-Z][A-Z0-9-]*[;:]", line), line
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line), line


def assert_nothing_injected(calendar):
    for component in calendar.walk():
        assert not any(name.startswith("X-INJECT") for name in component), component.name


def test_line_breaks_and_control_characters_in_any_text_give_a_valid_calendar(
    client, business_unit_user
):
    body = BodyFactory(name="Executive\r\nX-INJECT:2", slug="executive")
    user = member_login(body, username="member")
    meeting = MeetingFactory(
        body=body,
        title=INJECTED,
        venue="Sessions House\x0b\r\nX-INJECT:3\x1b",
        online_link="https://meet.example.org/kscb-exec",
        notes="First line.\r\nX-INJECT:4\x07",
    )
    services.agenda_item_add(
        actor=business_unit_user, meeting=meeting, title="Budget\nX-INJECT:5\x7f"
    )
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    token = services.calendar_token_reset(actor=None, person=user.person)

    for address in (
        f"/meetings/{meeting.pk}.ics",
        "/bodies/executive/meetings.ics",
        f"/calendar/{token.token}.ics",
    ):
        response = client.get(address)
        assert_only_content_lines(response.content)
        calendar = parse(response)
        assert_nothing_injected(calendar)
        [event] = events(calendar)
        assert str(event["SUMMARY"]) == "Board X-INJECT:1", address
        assert str(event["LOCATION"]).startswith("Sessions House X-INJECT:3"), address
        assert "1. Budget X-INJECT:5" in str(event["DESCRIPTION"]), address
    assert str(calendar["X-WR-CALNAME"]) == "My board meetings"
    calendar = parse(client.get("/bodies/executive/meetings.ics"))
    assert str(calendar["X-WR-CALNAME"]) == "Executive X-INJECT:2 meetings"


def test_the_personal_feed_names_no_restricted_item_and_points_to_the_meeting_page(
    client, business_unit_user
):
    body = BodyFactory(slug="executive")
    user = member_login(body, username="member")
    meeting = MeetingFactory(body=body, online_link="https://meet.example.org/kscb-exec")
    services.agenda_item_add(actor=business_unit_user, meeting=meeting, title="Budget 2012-13")
    services.agenda_item_add(
        actor=business_unit_user,
        meeting=meeting,
        title="Serious case review: Child K",
        is_restricted=True,
    )
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    token = services.calendar_token_reset(actor=None, person=user.person)

    [event] = events(parse(client.get(f"/calendar/{token.token}.ics")))

    description = str(event["DESCRIPTION"])
    assert "1. Budget 2012-13" in description
    assert "2. Restricted item" in description
    assert "Child K" not in client.get(f"/calendar/{token.token}.ics").content.decode()
    assert f"http://testserver/meetings/{meeting.pk}/" in description
    assert "Restricted items are named on the meeting page" in description
    # The member's own feed still carries the joining link, as their meeting page does.
    assert "meet.example.org" in str(event["LOCATION"])
    # Signed in, the member is told so, and still downloads the full entry for one meeting.
    client.force_login(user)
    assert "appear there as “Restricted item”" in client.get("/my/").content.decode()
    assert "Child K" in client.get(f"/meetings/{meeting.pk}.ics").content.decode()
