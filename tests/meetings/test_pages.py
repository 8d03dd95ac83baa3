import datetime

import pytest

from django.utils import timezone

from meetings import services
from tests.meetings.conftest import member_login
from tests.meetings.factories import MeetingFactory, local
from tests.membership.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_meetings_index_splits_upcoming_and_past_and_filters(client):
    board = BodyFactory(name="Kent Safeguarding Children Board", slug="board")
    executive = BodyFactory(name="KSCB Executive", slug="executive")
    MeetingFactory(
        body=board, title="Board (March 2012)", start=local(2012, 3, 16), end=local(2012, 3, 16, 13)
    )
    MeetingFactory(
        body=executive,
        title="Executive (April 2012)",
        start=local(2012, 4, 18),
        end=local(2012, 4, 18, 12),
    )
    soon = timezone.now() + datetime.timedelta(days=10)
    MeetingFactory(
        body=board, title="Board (next)", start=soon, end=soon + datetime.timedelta(hours=3)
    )
    page = client.get("/meetings/").content.decode()
    upcoming, past = page.split('id="past-heading"')
    assert "Board (next)" in upcoming and "Board (March 2012)" not in upcoming
    assert "Board (March 2012)" in past and "Executive (April 2012)" in past
    assert "16 March 2012, 10:00" in past
    page = client.get("/meetings/?body=executive&year=2012").content.decode()
    assert "Executive (April 2012)" in page and "Board (March 2012)" not in page
    assert "/bodies/executive/meetings.ics" in page
    page = client.get("/meetings/?year=2011").content.decode()
    assert "No past meetings." in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("body=no-such-body", "There is no board or group with that name"),
        ("year=twenty-twelve", "Enter a year as four digits, for example 2012."),
        ("year=12", "Enter a year from 1990 onwards"),
    ],
)
def test_bad_filters_get_a_clear_message(client, query, message):
    MeetingFactory()
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page


def test_meeting_page_shows_details_and_links(client, scene):
    page = client.get(scene.meeting.get_absolute_url()).content.decode()
    assert f"/meetings/{scene.meeting.pk}.ics" in page
    assert f"/meetings/{scene.meeting.pk}/agenda/versions/" in page
    assert "Sessions House, Maidstone" in page
    assert "<caption>Agenda items in order</caption>" in page
    assert client.get("/meetings/999999/").status_code == 404


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "Say which version to compare from"),
        ("a=one&b=2", 400, "Version numbers are whole numbers"),
        ("a=0&b=1", 400, "Version numbers start at 1."),
        ("a=1&b=7", 404, "This agenda has no published version 7"),
        ("a=5&b=7", 404, "no published version 5 or 7"),
    ],
)
def test_bad_or_unknown_versions_to_compare(client, scene, query, status, message):
    response = client.get(f"/meetings/{scene.meeting.pk}/agenda/compare/?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_versions_list_and_a_single_version(client, scene, business_unit_user):
    services.agenda_item_add(actor=business_unit_user, meeting=scene.meeting, title="AOB")
    services.agenda_publish(actor=business_unit_user, meeting=scene.meeting, change_note="AOB")
    page = client.get(f"/meetings/{scene.meeting.pk}/agenda/versions/").content.decode()
    assert "Version 2" in page and "Version 1" in page and "First issue" in page
    assert "Compare with version 1" in page
    page = client.get(f"/meetings/{scene.meeting.pk}/agenda/versions/1/").content.decode()
    assert "AOB" not in page.split("<table")[1]
    assert client.get(f"/meetings/{scene.meeting.pk}/agenda/versions/3/").status_code == 404
    compared = client.get(f"/meetings/{scene.meeting.pk}/agenda/compare/?a=1&b=2").content.decode()
    assert "Items added" in compared and "3. AOB" in compared


def test_my_page_needs_sign_in_and_a_linked_member(client):
    response = client.get("/my/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory(username="nobody"))
    page = client.get("/my/").content.decode()
    assert "not linked to a member" in page


def test_my_page_lists_next_meetings_agenda_status_and_apologies(client, business_unit_user):
    body = BodyFactory(name="Improvement Board")
    user = member_login(body, username="member")
    soon = timezone.now() + datetime.timedelta(days=5)
    published = MeetingFactory(
        body=body,
        title="Improvement Board (soon)",
        start=soon,
        end=soon + datetime.timedelta(hours=2),
    )
    later = MeetingFactory(
        body=body,
        title="Improvement Board (later)",
        start=soon + datetime.timedelta(days=30),
        end=soon + datetime.timedelta(days=30, hours=2),
    )
    MeetingFactory(title="Someone else's meeting")
    services.agenda_item_add(actor=business_unit_user, meeting=published, title="Minutes")
    services.agenda_publish(actor=business_unit_user, meeting=published)
    services.apologies_send(actor=user, meeting=later)
    client.force_login(user)
    page = client.get("/my/").content.decode()
    assert "Improvement Board (soon)" in page and "Improvement Board (later)" in page
    assert "Someone else" not in page
    assert "Published (version 1" in page and "Not yet published" in page
    assert "My apologies" in page and f"{later}" in page
    assert '<a href="/my/" aria-current="page">My page</a>' in page


def test_nav_links(client):
    page = client.get("/meetings/").content.decode()
    assert '<a href="/meetings/" aria-current="page">Meetings</a>' in page
    assert ">My page<" not in page
