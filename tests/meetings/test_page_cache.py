"""The meeting and body pages keep rendered parts between edits (membership.page_cache).
Whoever filled the cache first, each reader sees exactly what they saw before there was a
cache: restricted items and papers only for members of the body and the business unit, the
draft only for the business unit, their own attendance only for themselves; and an edit
through a service shows on the next request."""

import datetime
import itertools

import pytest
import time_machine

from django.core.cache import cache
from django.utils import timezone

from meetings import services
from meetings.models import AttendanceStatus, Paper
from membership import page_cache
from membership import services as membership_services
from membership.models import Membership
from tests.conftest import count_cache_reads
from tests.meetings.conftest import (
    PUBLIC_PAPER,
    PUBLIC_RESTRICTED_PAPER,
    PUBLIC_TITLE,
    RESTRICTED_PAPER,
    RESTRICTED_TITLE,
)
from tests.meetings.factories import AttendanceFactory, MeetingFactory, PaperVersionFactory
from tests.membership.factories import PersonFactory

pytestmark = pytest.mark.django_db

RESTRICTED = (RESTRICTED_TITLE, RESTRICTED_PAPER, PUBLIC_RESTRICTED_PAPER)
SEES_RESTRICTED = {
    "anonymous": False,
    "other_member": False,
    "member": True,
    "chair": True,
    "business_unit": True,
}
DRAFT_ONLY = "Draft item not published yet"


def page_as(client, scene, viewer, url) -> str:
    client.logout()
    if viewer != "anonymous":
        client.force_login(getattr(scene, viewer))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_sees(page: str, viewer: str) -> None:
    for title in RESTRICTED:
        assert (title in page) is SEES_RESTRICTED[viewer], (viewer, title)
    assert PUBLIC_TITLE in page and PUBLIC_PAPER in page
    assert (DRAFT_ONLY in page) is (viewer == "business_unit"), viewer


@pytest.mark.parametrize(
    "order", list(itertools.permutations(SEES_RESTRICTED, 2)), ids=lambda pair: "-then-".join(pair)
)
def test_the_meeting_page_shows_each_reader_their_own_audience_whoever_filled_the_cache(
    client, scene, order
):
    services.agenda_item_add(actor=scene.business_unit, meeting=scene.meeting, title=DRAFT_ONLY)
    url = scene.meeting.get_absolute_url()
    first, second = order
    assert_sees(page_as(client, scene, first, url), first)
    # The second reader's parts may now come from the cache the first one filled.
    assert_sees(page_as(client, scene, second, url), second)
    assert_sees(page_as(client, scene, first, url), first)


def test_the_meeting_page_is_served_from_the_cache_once_filled(client, scene):
    url = scene.meeting.get_absolute_url()
    page_as(client, scene, "anonymous", url)
    kept = len(cache._cache)  # LocMemCache's own store: the suite's cache backend
    assert kept > 0
    page_as(client, scene, "anonymous", url)
    assert len(cache._cache) == kept, "the second request found what the first one kept"


def test_an_agenda_edit_through_the_service_shows_on_the_next_request(client, scene):
    url = scene.meeting.get_absolute_url()
    for viewer in SEES_RESTRICTED:
        assert "Renamed at the last minute" not in page_as(client, scene, viewer, url)
    services.agenda_item_update(
        actor=scene.business_unit, item=scene.public_item, title="Renamed at the last minute"
    )
    services.agenda_publish(actor=scene.business_unit, meeting=scene.meeting)
    for viewer in SEES_RESTRICTED:
        assert "Renamed at the last minute" in page_as(client, scene, viewer, url), viewer


def test_an_item_made_restricted_leaves_the_public_page_on_the_next_request(client, scene):
    url = scene.meeting.get_absolute_url()
    assert PUBLIC_TITLE in page_as(client, scene, "anonymous", url)
    services.agenda_item_update(
        actor=scene.business_unit, item=scene.public_item, is_restricted=True
    )
    services.agenda_publish(actor=scene.business_unit, meeting=scene.meeting)
    assert PUBLIC_TITLE not in page_as(client, scene, "anonymous", url)
    assert PUBLIC_TITLE in page_as(client, scene, "member", url)


def test_a_membership_that_ends_takes_effect_on_the_next_request_despite_the_cache(client, scene):
    url = scene.meeting.get_absolute_url()
    assert_sees(page_as(client, scene, "member", url), "member")
    membership = Membership.objects.get(person__user=scene.member, body=scene.body)
    membership_services.membership_end(
        actor=scene.business_unit,
        membership=membership,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = page_as(client, scene, "member", url)
    for title in RESTRICTED:
        assert title not in page


def test_each_member_sees_their_own_attendance_and_their_own_form(client, scene):
    """The apologies panel and its CSRF token are rendered for each reader, never kept."""
    url = scene.meeting.get_absolute_url()
    member_person = scene.member.person
    AttendanceFactory(
        meeting=scene.meeting,
        person=member_person,
        status=AttendanceStatus.APOLOGIES,
        deputy=PersonFactory(given_name="Deputy", family_name="Dawg"),
    )
    mine = page_as(client, scene, "member", url)
    assert "Recorded: <strong>Apologies" in mine and "with Deputy Dawg attending in your" in mine
    chairs = page_as(client, scene, "chair", url)
    assert "Recorded: <strong>" not in chairs and "with Deputy Dawg attending" not in chairs
    assert "Send my apologies" in chairs and "Update my apologies" not in chairs
    assert "csrfmiddlewaretoken" in chairs
    # Each signed-in client gets its own token in the form, never the first reader's.
    token = chairs.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in page_as(client, scene, "member", url)


def test_attendance_notes_reach_only_the_business_unit_whoever_filled_the_cache(client, scene):
    AttendanceFactory(
        meeting=scene.meeting,
        person=scene.member.person,
        status=AttendanceStatus.APOLOGIES,
        note="NOTE-FOR-THE-BUSINESS-UNIT",
    )
    url = scene.meeting.get_absolute_url()
    for viewer in ("member", "business_unit", "anonymous", "business_unit", "member"):
        page = page_as(client, scene, viewer, url)
        assert ("NOTE-FOR-THE-BUSINESS-UNIT" in page) is (viewer == "business_unit"), viewer


def test_a_meeting_rescheduled_through_the_service_shows_on_the_next_request(client, scene):
    later = MeetingFactory(body=scene.body, title="Before the change")
    url = later.get_absolute_url()
    assert "Before the change" in page_as(client, scene, "member", url)
    services.meeting_update(actor=scene.business_unit, meeting=later, title="After the change")
    page = page_as(client, scene, "member", url)
    assert "After the change" in page and "Before the change" not in page


@pytest.mark.parametrize("first", ["business_unit", "member", "anonymous"])
def test_the_body_page_shows_the_representation_panel_to_the_business_unit_only(
    client, scene, first
):
    url = scene.body.get_absolute_url()
    order = [
        first,
        *(viewer for viewer in ("business_unit", "member", "anonymous") if viewer != first),
    ]
    for viewer in order + order:
        page = page_as(client, scene, viewer, url)
        assert ('id="compliance-heading"' in page) is (viewer == "business_unit"), viewer


def test_a_new_member_shows_on_the_body_page_on_the_next_request(client, scene):
    url = scene.body.get_absolute_url()
    assert "Newcomer" not in page_as(client, scene, "anonymous", url)
    membership_services.membership_start(
        actor=scene.business_unit,
        body=scene.body,
        person=PersonFactory(given_name="Nadia", family_name="Newcomer"),
        start_date=timezone.localdate(),
    )
    assert "Newcomer" in page_as(client, scene, "anonymous", url)


@pytest.mark.parametrize("first", ["member", "anonymous", "other_member", "business_unit"])
def test_through_redis_as_in_production_no_reader_gets_another_audiences_parts(
    client, scene, redis_pages, first
):
    services.agenda_item_add(actor=scene.business_unit, meeting=scene.meeting, title=DRAFT_ONLY)
    url = scene.meeting.get_absolute_url()
    others = [viewer for viewer in SEES_RESTRICTED if viewer != first]
    for viewer in [first, *others, first]:
        assert_sees(page_as(client, scene, viewer, url), viewer)
    services.agenda_item_update(
        actor=scene.business_unit, item=scene.public_item, title="Renamed at the last minute"
    )
    services.agenda_publish(actor=scene.business_unit, meeting=scene.meeting)
    assert "Renamed at the last minute" in page_as(client, scene, first, url)


def my_page(client, scene, viewer) -> str:
    return page_as(client, scene, viewer, "/my/")


@pytest.mark.parametrize("first", ["member", "chair", "other_member", "business_unit"])
def test_my_meetings_shows_each_reader_only_their_own_whoever_filled_the_cache(
    client, scene, redis_pages, first
):
    MeetingFactory(body=scene.other_body, title="Learning subgroup workshop")
    PaperVersionFactory(paper=Paper.objects.get(title=PUBLIC_RESTRICTED_PAPER), number=1)
    AttendanceFactory(
        meeting=scene.meeting, person=scene.member.person, status=AttendanceStatus.APOLOGIES
    )
    order = [
        first,
        *(v for v in ("member", "chair", "other_member", "business_unit") if v != first),
    ]
    for viewer in order + order:
        page = my_page(client, scene, viewer)
        if viewer == "business_unit":
            assert "Your login is not linked to a member" in page
            assert "KSCB Executive" not in page and "Learning subgroup" not in page
            continue
        sits_on_executive = viewer in ("member", "chair")
        assert (scene.meeting.get_absolute_url() in page) is sits_on_executive, viewer
        assert ("Learning subgroup workshop" in page) is (viewer == "other_member"), viewer
        # Only the member sent apologies; only those who may open it see the restricted paper.
        assert ("You have not sent apologies" in page) is (viewer != "member"), viewer
        assert (PUBLIC_RESTRICTED_PAPER in page) is sits_on_executive, viewer


def test_apologies_sent_show_on_my_meetings_on_the_next_request(client, scene):
    before = my_page(client, scene, "member")
    assert "You have not sent apologies" in before
    response = client.post(
        scene.meeting.get_absolute_url() + "apologies/", {"deputy": ""}, follow=True
    )
    assert response.status_code == 200
    after = my_page(client, scene, "member")
    assert "You have not sent apologies" not in after
    assert "Apologies" in after.split('id="apologies-list-heading"')[1]


def test_leaving_the_business_unit_takes_effect_on_the_next_request(client, scene):
    services.agenda_item_add(actor=scene.business_unit, meeting=scene.meeting, title=DRAFT_ONLY)
    url = scene.meeting.get_absolute_url()
    assert DRAFT_ONLY in page_as(client, scene, "business_unit", url)
    scene.business_unit.groups.clear()
    page = client.get(url).content.decode()
    assert DRAFT_ONLY not in page and RESTRICTED_TITLE not in page


def test_my_meetings_reads_its_kept_parts_in_two_round_trips_then_one(
    client, scene, redis_pages, monkeypatch
):
    """The data version (with the site's name and the signed-in user), then every kept
    part and value at once; a process that has read them already asks for the version
    alone."""
    first = my_page(client, scene, "member")
    page_cache.LOCAL_COPIES.clear()  # as another worker process finds the cache
    asked = count_cache_reads(redis_pages, monkeypatch)
    for expected in (["get_many", "get_many"], ["get_many"]):
        asked.clear()
        response = client.get("/my/")
        assert response.status_code == 200
        assert response.content.decode().count("<h2") == first.count("<h2")
        assert scene.meeting.get_absolute_url() in response.content.decode()
        assert asked == expected


@pytest.mark.parametrize("viewer", ["member", "chair", "anonymous"])
def test_the_meeting_page_reads_its_kept_parts_in_three_round_trips_then_one(
    client, scene, redis_pages, monkeypatch, viewer
):
    """Like a query count: the data version (with the site's name and the signed-in user),
    then the meeting with what the reader's audience is worked out from, then the parts that
    audience sees, however many panels the page has; a process that has read them already
    asks for the version alone."""
    url = scene.meeting.get_absolute_url()
    first = page_as(client, scene, viewer, url)
    page_cache.LOCAL_COPIES.clear()  # as another worker process finds the cache
    asked = count_cache_reads(redis_pages, monkeypatch)
    for expected in (["get_many", "get_many", "get_many"], ["get_many"]):
        asked.clear()
        response = client.get(url)
        assert response.status_code == 200
        again = response.content.decode()
        assert_sees(again, viewer)
        assert again.count("<section") == first.count("<section")
        assert asked == expected


def test_a_membership_that_starts_at_midnight_opens_the_restricted_items_at_midnight(client, scene):
    """The signed-in user is kept with the day's seats (membership.signed_in): a minute
    after midnight, well within what the cache keeps, the new day's seats count."""
    url = scene.meeting.get_absolute_url()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    organisation = Membership.objects.filter(person__user=scene.other_member).get().organisation
    Membership.objects.create(
        person=scene.other_member.person,
        body=scene.body,
        organisation=organisation,
        start_date=tomorrow,
    )
    with time_machine.travel(midnight - datetime.timedelta(minutes=2), tick=False) as clock:
        page_as(client, scene, "other_member", url)
        page = client.get(url).content.decode()
        for title in RESTRICTED:
            assert title not in page
        clock.move_to(midnight + datetime.timedelta(minutes=1))
        page = client.get(url).content.decode()
    for title in RESTRICTED:
        assert title in page
