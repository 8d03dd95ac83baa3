"""Minutes are found once approved, their restricted items only by those who may see them;
changes reach the index through one task per transaction, after it commits."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser

from meetings import services as meeting_services
from search.models import SearchDocument
from search.signals import is_index_callback
from tests.governance.minutes_factories import (
    PUBLIC_MINUTE,
    RESTRICTED_MINUTE,
    approved,
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


def test_draft_minutes_are_found_by_the_business_unit_alone(django_capture_on_commit_callbacks):
    assert PUBLIC_WORD in PUBLIC_MINUTE
    with django_capture_on_commit_callbacks(execute=True):
        scene = minutes_scene()
        drafted(scene)

    assert found(scene.member, PUBLIC_WORD) == []
    assert found(AnonymousUser(), PUBLIC_WORD) == []
    assert len(found(scene.business_unit, PUBLIC_WORD)) == 1


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
