"""The portal leads a member: sign-in lands on their own page, which shows their meetings,
actions, the reports awaiting their approval and their settings; the header and body pages
lead to reports, meetings and calendar feeds; quorum is forecast, not judged, before a
meeting begins."""

import datetime

import pytest

from django.utils import timezone

from meetings.models import AttendanceStatus
from membership.models import Role
from tests.cms.factories import board_body, chair_login, report
from tests.governance.factories import action, business_unit, member_of
from tests.meetings.factories import AttendanceFactory, MeetingFactory
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_lands_on_my_page_unless_the_address_asks_for_another(client):
    user = UserFactory(username="reader")
    user.set_password("a long enough password")
    user.save()

    landed = client.post(
        "/accounts/login/", {"username": "reader", "password": "a long enough password"}
    )
    client.logout()
    asked = client.post(
        "/accounts/login/?next=/decisions/",
        {"username": "reader", "password": "a long enough password", "next": "/decisions/"},
    )

    assert landed.status_code == 302 and landed["Location"] == "/my/"
    assert asked["Location"] == "/decisions/"


def test_my_page_lists_open_actions_and_links_to_updates_and_email_choices(client):
    body = BodyFactory(name="Quality Assurance Subgroup")
    user = member_of(body)
    person = user.person
    due_soon = action(body, owner=person, description="Audit the neglect pathway")
    action(body, owner=PersonFactory(), description="Someone else's action")

    client.force_login(user)
    html = client.get("/my/")
    page = html.content.decode()

    assert html.status_code == 200
    assert "My actions" in page
    assert due_soon.reference in page and "Audit the neglect pathway" in page
    assert "Someone else's action" not in page
    assert 'href="/my/actions/"' in page
    assert 'href="/my/notifications/"' in page


def test_my_page_shows_ten_actions_and_says_how_many_there_are(client):
    body = BodyFactory()
    user = member_of(body)
    for number in range(12):
        action(body, owner=user.person, description=f"Action number {number}")
    client.force_login(user)

    page = client.get("/my/").content.decode()

    assert "Your 10 soonest due of 12 open actions." in page


def test_the_chair_finds_the_report_awaiting_their_approval_on_my_page(client):
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    chair = chair_login(board)
    page = report(board, title="Progress report (September 2012)")
    page.get_workflow().start(page, user=business_unit())
    member = member_of(board)

    client.force_login(chair)
    chairs_page = client.get("/my/").content.decode()
    client.force_login(member)
    members_page = client.get("/my/").content.decode()

    assert "Reports awaiting your approval" in chairs_page
    assert f'href="/admin/pages/{page.pk}/edit/"' in chairs_page
    assert "Reports awaiting your approval" not in members_page


def test_the_header_leads_to_reports_my_page_and_for_chairs_the_admin(client):
    board = board_body()
    chair = chair_login(board)
    member = member_of(BodyFactory())

    anonymous = client.get("/decisions/").content.decode()
    client.force_login(member)
    members = client.get("/decisions/").content.decode()
    client.force_login(chair)
    chairs = client.get("/decisions/").content.decode()

    assert 'href="/reports/">Reports</a>' in anonymous
    assert ">My page</a>" in members and ">Admin</a>" not in members
    assert ">Admin</a>" in chairs


def test_a_body_page_links_to_its_meetings_and_calendar_feed(client):
    body = BodyFactory(name="Learning and Improvement Subgroup", slug="learning")

    page = client.get(body.get_absolute_url()).content.decode()

    assert 'href="/meetings/?body=learning"' in page
    assert 'href="/bodies/learning/meetings.ics"' in page
    assert 'href="webcal://testserver/bodies/learning/meetings.ics"' in page


def test_my_calendar_address_opens_as_webcal_and_can_be_copied(client):
    user = member_of(BodyFactory())
    client.force_login(user)
    client.post("/my/calendar/")

    page = client.get("/my/").content.decode()

    assert 'href="webcal://testserver/calendar/' in page
    assert 'data-copy="feed-url"' in page
    assert "js/copy-address.js" in page


def _meeting_with_apologies(start):
    body = BodyFactory(quorum_count=3)
    meeting = MeetingFactory(body=body, start=start, end=start + datetime.timedelta(hours=2))
    members = [MembershipFactory(body=body, role=Role.MEMBER) for _ in range(4)]
    AttendanceFactory(meeting=meeting, person=members[0].person, status=AttendanceStatus.APOLOGIES)
    AttendanceFactory(
        meeting=meeting,
        person=members[1].person,
        status=AttendanceStatus.DEPUTY,
        deputy=PersonFactory(),
    )
    return meeting


def test_before_a_meeting_quorum_is_expected_from_apologies_not_judged(client):
    coming = _meeting_with_apologies(timezone.now() + datetime.timedelta(days=3))

    page = client.get(coming.get_absolute_url()).content.decode()

    assert "Expected to be quorate" in page
    assert "3 members expected, 1 sent apologies" in page
    assert "Not quorate" not in page


def test_once_a_meeting_has_begun_quorum_is_judged_from_attendance(client):
    begun = _meeting_with_apologies(timezone.now() - datetime.timedelta(minutes=30))

    page = client.get(begun.get_absolute_url()).content.decode()

    assert "Not quorate" in page
    assert "1 member present or represented; missing 2 more members" in page
    assert "Expected to be quorate" not in page
