import datetime

import pytest

from meetings import services
from meetings.models import AgendaItem, AgendaVersion, Attendance, AttendanceStatus, Meeting, Paper
from tests.admin_forms import loaded_history_token
from tests.meetings.conftest import member_login
from tests.meetings.factories import MeetingFactory, PaperFactory, local
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def meeting_form(body, **fields):
    return {
        "body": body.pk,
        "title": "KSCB Executive",
        "start": "2012-04-18 10:00",
        "end": "2012-04-18 12:00",
        "venue": "Sessions House",
        "online_link": "",
        "status": "scheduled",
        "notes": "",
        **fields,
    }


def item_form(**fields):
    return {
        "title": "",
        "parent": "",
        "purpose": "discussion",
        "presenter": "",
        "minutes_allocated": "",
        "description": "",
        **fields,
    }


def add_item(client, meeting, **fields):
    return client.post(f"/admin/agenda_item/new/?meeting={meeting.pk}", item_form(**fields))


def drag(client, item, position):
    """What the agenda list's drag handle sends when an item is dropped at `position`."""
    return client.post(f"/admin/agenda_item/reorder/{item.pk}/?position={position}")


def numbers(meeting):
    return [(i.number, i.title) for i in AgendaItem.objects.filter(meeting=meeting)]


@pytest.fixture
def admin_client(client, business_unit_user):
    client.force_login(business_unit_user)
    return client


def test_business_unit_builds_and_reorders_an_agenda_as_a_list(admin_client, business_unit_user):
    body = BodyFactory()
    response = admin_client.post("/admin/meeting/new/", meeting_form(body))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    for title in (
        "Minutes and matters arising including the action log",
        "Ofsted improvement plan progress",
        "QEF quarterly report",
    ):
        assert add_item(admin_client, meeting, title=title).status_code == 302
    assert meeting.start == local(2012, 4, 18, 10)
    assert numbers(meeting) == [
        ("1", "Minutes and matters arising including the action log"),
        ("2", "Ofsted improvement plan progress"),
        ("3", "QEF quarterly report"),
    ]
    assert meeting.history.first().history_user == business_unit_user
    minutes, plan, qef = AgendaItem.objects.filter(meeting=meeting)
    editor = admin_client.get(f"/admin/meeting/edit/{meeting.pk}/").content.decode()
    for item in (minutes, plan, qef):
        assert f"/admin/agenda_item/edit/{item.pk}/" in editor
    assert f"/admin/agenda_item/new/?meeting={meeting.pk}" in editor

    # Drag QEF to the top, make the plan a sub-item of it, and move the venue.
    assert drag(admin_client, qef, 0).status_code == 200
    response = admin_client.post(
        f"/admin/agenda_item/edit/{plan.pk}/",
        item_form(
            title=plan.title,
            parent=qef.pk,
            loaded_history_token=loaded_history_token(plan),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = admin_client.post(
        f"/admin/meeting/edit/{meeting.pk}/",
        meeting_form(
            body, venue="Oakwood House", loaded_history_token=loaded_history_token(meeting)
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert numbers(meeting) == [
        ("1", "QEF quarterly report"),
        ("1.1", "Ofsted improvement plan progress"),
        ("2", "Minutes and matters arising including the action log"),
    ]
    meeting.refresh_from_db()
    assert meeting.venue == "Oakwood House" and meeting.ical_sequence == 1


def test_removing_an_item_with_papers_is_refused(admin_client):
    meeting = MeetingFactory()
    AgendaItem.objects.create(meeting=meeting, title="Minutes", sort_order=0)
    with_paper = AgendaItem.objects.create(meeting=meeting, title="QEF report", sort_order=1)
    PaperFactory(agenda_item=with_paper, title="QEF Q3")
    response = admin_client.post(f"/admin/agenda_item/delete/{with_paper.pk}/")
    assert response.status_code == 200
    assert "has the paper “QEF Q3”: move the paper to another item" in response.content.decode()
    assert AgendaItem.objects.filter(pk=with_paper.pk).exists()


def test_a_parent_from_another_meeting_is_not_offered(admin_client):
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, title="Minutes", sort_order=0)
    elsewhere = AgendaItem.objects.create(meeting=MeetingFactory(), title="Other", sort_order=0)
    response = admin_client.post(
        f"/admin/agenda_item/edit/{item.pk}/",
        item_form(
            title=item.title,
            parent=elsewhere.pk,
            loaded_history_token=loaded_history_token(item),
        ),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    item.refresh_from_db()
    assert item.parent is None


def test_publish_agenda_from_the_admin(admin_client, business_unit_user):
    meeting = MeetingFactory()
    AgendaItem.objects.create(meeting=meeting, title="KSCB Business Plan 2012/13", sort_order=0)
    listing = admin_client.get("/admin/meeting/").content.decode()
    assert f"/admin/meeting/publish/{meeting.pk}/" in listing
    edit = admin_client.get(f"/admin/meeting/edit/{meeting.pk}/").content.decode()
    assert f"/admin/meeting/publish/{meeting.pk}/" in edit
    preview = admin_client.get(f"/admin/meeting/publish/{meeting.pk}/").content.decode()
    assert "This agenda has not been published" in preview
    assert "KSCB Business Plan 2012/13" in preview
    response = admin_client.post(
        f"/admin/meeting/publish/{meeting.pk}/", {"change_note": "Issued with papers"}
    )
    assert response.status_code == 302
    version = AgendaVersion.objects.get()
    assert (version.number, version.change_note, version.published_by) == (
        1,
        "Issued with papers",
        business_unit_user,
    )
    response = admin_client.post(f"/admin/meeting/publish/{meeting.pk}/", {"change_note": ""})
    assert response.status_code == 200
    assert "Nothing has changed since version 1" in response.content.decode()
    assert AgendaVersion.objects.count() == 1


def test_members_cannot_reach_the_admin_or_publish(client):
    body = BodyFactory()
    meeting = MeetingFactory(body=body)
    AgendaItem.objects.create(meeting=meeting, title="Minutes", sort_order=0)
    client.force_login(member_login(body, username="member"))
    response = client.post(f"/admin/meeting/publish/{meeting.pk}/", {"change_note": ""})
    assert response.status_code in (302, 403)
    assert not AgendaVersion.objects.exists()


def test_attendance_recorded_in_the_admin(admin_client):
    body = BodyFactory()
    membership = MembershipFactory(body=body)
    meeting = MeetingFactory(body=body, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    form = {
        "meeting": meeting.pk,
        "person": membership.person.pk,
        "status": AttendanceStatus.DEPUTY,
        "deputy": "",
        "note": "",
    }
    response = admin_client.post("/admin/attendance/new/", form)
    assert response.status_code == 200
    assert "Name the deputy who attended" in response.content.decode()
    deputy = PersonFactory()
    response = admin_client.post("/admin/attendance/new/", {**form, "deputy": deputy.pk})
    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert attendance.membership == membership and attendance.deputy == deputy


def test_papers_are_added_and_versions_only_listed(admin_client):
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="QEF report", sort_order=0)
    without_file = {
        "meeting": item.meeting_id,
        "agenda_item": item.pk,
        "title": "QEF quarterly report",
        "sort_order": 1,
    }
    assert admin_client.post("/admin/paper/new/", without_file).status_code == 200
    assert not Paper.objects.exists()

    response = admin_client.post(
        "/admin/paper/new/", {**without_file, "file": upload(make_pdf(pages=1))}
    )
    assert response.status_code == 302
    assert Paper.objects.get().agenda_item == item
    assert admin_client.get("/admin/paperversion/").status_code == 200
    assert admin_client.get("/admin/paperversion/new/").status_code == 302  # refused


def test_admin_menu_has_the_meetings_group(admin_client):
    page = admin_client.get("/admin/").content.decode()
    for url in ("/admin/meeting/", "/admin/meetingseries/", "/admin/attendance/", "/admin/paper/"):
        assert url in page


def test_history_view_shows_who_changed_a_meeting(admin_client, business_unit_user):
    meeting = MeetingFactory()
    services.meeting_update(
        actor=business_unit_user,
        meeting=meeting,
        start=meeting.start + datetime.timedelta(hours=1),
        end=meeting.end + datetime.timedelta(hours=1),
        reason="Room clash",
    )
    page = admin_client.get(f"/admin/meeting/history/{meeting.pk}/").content.decode()
    assert "Room clash" in page
