"""Minutes are found by exactly those the minutes page lets read them (the editors while
drafted, those at the meeting too once circulated, everyone once approved), their restricted
items only by those who may see them; changes reach the index through one task per
transaction, after it commits."""

from __future__ import annotations

import html
import io

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from governance import services as governance_services
from meetings import services as meeting_services
from meetings.models import AttendanceStatus
from search.models import SearchDocument
from search.signals import is_index_callback
from tests.governance.minutes_factories import (
    PUBLIC_MINUTE,
    RESTRICTED_MINUTE,
    approved,
    circulated,
    drafted,
    minutes_scene,
)
from tests.meetings.paper_factories import MeetingFactory
from tests.membership.factories import BodyFactory

from .conftest import client_as, titles

pytestmark = pytest.mark.django_db

PUBLIC_WORD = "eligibility"
RESTRICTED_WORD = "chronology"


def found(user, word: str) -> list[str]:
    response = client_as(user).get("/search/", {"q": word, "kind": "minutes"})
    assert response.status_code == 200
    return titles(response)


def in_review(scene):
    minutes = drafted(scene)
    governance_services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)
    return scene.minutes


STAGES = {
    "draft": drafted,
    "chair_review": in_review,
    "circulated": circulated,
    "approved": approved,
}
# The chair and the member were present, the deputy came in the absentee's place (and sits
# on no body), the other member sits on the Executive only.
SCENE_READERS = ("anonymous", "other_member", "absentee", "deputy", "member", "chair")


def reader_of(scene, name: str):
    return AnonymousUser() if name == "anonymous" else getattr(scene, name)


@pytest.mark.parametrize("stage", STAGES)
def test_minutes_are_found_by_exactly_those_the_minutes_page_lets_read_them(
    stage, django_capture_on_commit_callbacks
):
    assert PUBLIC_WORD in PUBLIC_MINUTE
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        STAGES[stage](scene)
    page = reverse("governance:minutes_detail", kwargs={"pk": scene.meeting.pk})

    for name in (*SCENE_READERS, "business_unit"):
        reader = reader_of(scene, name)
        response = client_as(reader).get(page)
        reads = response.status_code == 200
        sees_restricted = reads and RESTRICTED_MINUTE in html.unescape(response.content.decode())
        assert len(found(reader, PUBLIC_WORD)) == int(reads), (stage, name)
        assert len(found(reader, RESTRICTED_WORD)) == int(sees_restricted), (stage, name)


def test_circulated_minutes_are_found_by_those_at_the_meeting_and_their_editors(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        circulated(scene)

    for reader in (scene.chair, scene.member, scene.deputy, scene.business_unit):
        assert len(found(reader, PUBLIC_WORD)) == 1
    # A member who did not come (a deputy came instead), another body's member, the public.
    for reader in (scene.absentee, scene.other_member, AnonymousUser()):
        assert found(reader, PUBLIC_WORD) == []
    # The deputy sits on no body: the restricted minute stays with the body's members.
    assert found(scene.deputy, RESTRICTED_WORD) == []
    assert len(found(scene.member, RESTRICTED_WORD)) == 1


def test_a_rebuild_keeps_who_finds_circulated_minutes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        circulated(scene)

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert len(found(scene.deputy, PUBLIC_WORD)) == 1
    assert len(found(scene.chair, PUBLIC_WORD)) == 1
    assert found(scene.absentee, PUBLIC_WORD) == []


def test_draft_minutes_are_found_by_the_chair_and_the_business_unit_alone(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        drafted(scene)

    assert len(found(scene.chair, PUBLIC_WORD)) == 1
    assert len(found(scene.business_unit, PUBLIC_WORD)) == 1
    for reader in (scene.member, scene.deputy, scene.other_member, AnonymousUser()):
        assert found(reader, PUBLIC_WORD) == []


def test_attendance_corrected_after_circulation_changes_who_finds_the_minutes(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        circulated(scene)
    assert found(scene.absentee, PUBLIC_WORD) == []

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.attendance_record(
            actor=scene.business_unit,
            meeting=scene.meeting,
            person=scene.absentee.person,
            status=AttendanceStatus.PRESENT,
        )
        meeting_services.attendance_record(
            actor=scene.business_unit,
            meeting=scene.meeting,
            person=scene.member.person,
            status=AttendanceStatus.APOLOGIES,
        )

    assert len(found(scene.absentee, PUBLIC_WORD)) == 1
    assert found(scene.member, PUBLIC_WORD) == []


def test_minutes_once_approved_are_found_by_everyone_who_was_not_there_too(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        minutes = circulated(scene)
    assert found(scene.absentee, PUBLIC_WORD) == []

    with django_capture_on_commit_callbacks(execute=True):
        governance_services.minutes_approve(
            actor=scene.chair,
            minutes=minutes,
            at_meeting=scene.later_meeting,
            agenda_item=scene.approval_item,
        )

    for reader in (scene.absentee, scene.other_member, AnonymousUser(), scene.deputy):
        assert len(found(reader, PUBLIC_WORD)) == 1
    assert found(scene.deputy, RESTRICTED_WORD) == []
    assert len(found(scene.absentee, RESTRICTED_WORD)) == 1


def test_approved_minutes_are_public_and_restricted_minutes_stay_with_the_body(
    django_capture_on_commit_callbacks,
):
    assert RESTRICTED_WORD in RESTRICTED_MINUTE.lower()
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        approved(scene)

    for reader in (AnonymousUser(), scene.other_member, scene.member, scene.business_unit):
        assert len(found(reader, PUBLIC_WORD)) == 1
    assert found(AnonymousUser(), RESTRICTED_WORD) == []
    assert found(scene.other_member, RESTRICTED_WORD) == []
    assert len(found(scene.member, RESTRICTED_WORD)) == 1
    assert len(found(scene.business_unit, RESTRICTED_WORD)) == 1


def test_a_transaction_queues_one_index_update_and_only_when_it_commits(
    business_unit_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = MeetingFactory(body=BodyFactory())
        for title in ("Echidna one", "Echidna two", "Echidna three"):
            meeting_services.agenda_item_add(actor=business_unit_user, meeting=meeting, title=title)
        meeting_services.agenda_publish(actor=business_unit_user, meeting=meeting)

    updates = [c for c in callbacks if is_index_callback(c)]
    assert len(updates) == 1
    assert not SearchDocument.objects.filter(title__contains="Echidna").exists()

    updates[0]()  # the commit; the task runs eagerly here

    assert SearchDocument.objects.filter(title__contains="Echidna").count() == 3
