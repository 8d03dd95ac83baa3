import datetime

import pytest

from django.utils import timezone

from demo.board.meetings import load_meetings_demo
from meetings.models import AgendaVersion, Attendance, AttendanceStatus, Meeting, MeetingStatus
from membership.models import Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

SLUGS = {
    "board": "Kent Safeguarding Children Board",
    "executive": "KSCB Executive",
    "improvement-board": "Safeguarding Improvement Board",
}


@pytest.fixture
def demo_bodies():
    """The three bodies of the membership demo that have meetings, each with a chair, five
    agency members and a named deputy."""
    sectors = [
        SectorFactory(name=name, slug=name.lower())
        for name in ("Health", "Police", "Education", "Probation", "Voluntary")
    ]
    bodies = {}
    for slug, name in SLUGS.items():
        body = BodyFactory(slug=slug, name=name)
        MembershipFactory(body=body, role=Role.INDEPENDENT_CHAIR, organisation=None)
        organisations = [OrganisationFactory(sector=sector) for sector in sectors]
        for organisation in organisations:
            MembershipFactory(body=body, organisation=organisation)
        MembershipFactory(body=body, role=Role.DEPUTY, organisation=organisations[0])
        bodies[slug] = body
    return bodies


def test_demo_loads_the_2011_12_cycle_and_is_safe_to_run_twice(business_unit_user, demo_bodies):
    loaded = load_meetings_demo(actor=business_unit_user)
    # The 2011/12 cycle, and three coming meetings of the Board and the Executive.
    assert loaded == {"board": 6 + 3, "executive": 13 + 3, "improvement-board": 12}
    board = Meeting.objects.filter(body=demo_bodies["board"]).order_by("start")
    assert [m.date for m in board][:2] == [datetime.date(2011, 5, 20), datetime.date(2011, 7, 15)]
    executive = Meeting.objects.filter(body=demo_bodies["executive"], start__year__lte=2012)
    august = executive.get(start__month=8)
    assert august.status == MeetingStatus.CANCELLED
    assert not august.agenda_items.exists()
    held = executive.exclude(pk=august.pk)
    assert all(m.status == MeetingStatus.HELD for m in held)
    april = executive.get(start__year=2012, start__month=4)
    titles = list(april.agenda_items.values_list("title", flat=True))
    assert "KSCB Business Plan 2012/13" in titles
    assert "Minutes and matters arising including the action log" in titles
    assert april.agenda_items.filter(is_restricted=True).exists()
    # Every meeting that went ahead has a published agenda; some have a second version.
    assert AgendaVersion.objects.filter(number=1).count() == 30 + 2
    assert AgendaVersion.objects.filter(number=2).exists()
    assert Attendance.objects.filter(status=AttendanceStatus.APOLOGIES).exists()
    assert Attendance.objects.filter(status=AttendanceStatus.DEPUTY).exists()
    counts = (Meeting.objects.count(), AgendaVersion.objects.count(), Attendance.objects.count())

    assert load_meetings_demo(actor=business_unit_user) == {
        "board": 0,
        "executive": 0,
        "improvement-board": 0,
    }
    assert (
        Meeting.objects.count(),
        AgendaVersion.objects.count(),
        Attendance.objects.count(),
    ) == counts


def test_demo_skips_missing_bodies(business_unit_user):
    assert load_meetings_demo(actor=business_unit_user) == {
        "board": 0,
        "executive": 0,
        "improvement-board": 0,
    }
    assert not Meeting.objects.exists()


def test_demo_pages_render(client, business_unit_user, demo_bodies):
    load_meetings_demo(actor=business_unit_user)
    meeting = (
        Meeting.objects.filter(body=demo_bodies["board"], start__year=2012).order_by("start").last()
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Multi-agency audit of thresholds" in page
    assert "Serious case reviews: progress and action plans" not in page
    assert "Quorate" in page or "Attendance" in page
    response = client.get("/meetings/?body=executive&year=2011")
    assert response.status_code == 200
    assert "Cancelled" in response.content.decode()


def test_demo_has_coming_meetings_with_the_next_agenda_published(business_unit_user, demo_bodies):
    load_meetings_demo(actor=business_unit_user)

    for slug in ("board", "executive"):
        coming = list(
            Meeting.objects.filter(body=demo_bodies[slug], start__gt=timezone.now()).order_by(
                "start"
            )
        )
        assert len(coming) == 3
        assert coming[0].agenda_versions.exists()
        assert coming[0].status == MeetingStatus.CONFIRMED
        assert not coming[1].agenda_versions.exists()
