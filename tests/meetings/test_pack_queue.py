"""Publishing an agenda queues the build of its papers packs once the publication is
committed; a broker that cannot be reached is logged and publishing still succeeds."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError

from config.celery import app as celery_app
from core.models import OutboxEvent
from meetings import services
from meetings.models import AgendaVersion
from search.signals import is_index_callback
from tests.meetings.paper_factories import AgendaItemFactory
from tests.meetings.paper_fixtures import *  # noqa: F403
from tests.meetings.portal_fixtures import table


def stored_packs(meeting) -> list[str]:
    folder = Path(django_settings.PRIVATE_MEDIA_ROOT) / "packs" / str(meeting.pk)
    return sorted(path.name.split("-")[0] for path in folder.glob("*.pdf"))


@pytest.fixture
def agenda(meeting, readers):
    item = AgendaItemFactory(meeting=meeting, title="Business plan")
    table(readers["business_unit"], item, "Business plan 2012 to 2013")
    table(readers["business_unit"], item, "Staffing options", is_restricted=True)
    return item


def test_publishing_queues_the_pack_build_after_commit(
    meeting, agenda, readers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.agenda_publish(actor=readers["business_unit"], meeting=meeting)
    # Nothing is built inside the transaction: a rollback would leave no stray pack.
    assert stored_packs(meeting) == []
    builds = [c for c in callbacks if not is_index_callback(c)]  # and the search update
    assert len(builds) == 1
    builds[0]()  # the commit; tasks run eagerly in the tests
    assert stored_packs(meeting) == ["public", "restricted"]


def test_a_refused_publication_queues_nothing(meeting, readers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        services.agenda_publish(actor=readers["business_unit"], meeting=meeting)
    assert callbacks == []


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reset_broker_connections() -> None:
    # Celery keeps its connection and producer pools once made; drop them so the next task
    # connects with the broker URL now configured.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def unreachable_broker(settings, monkeypatch):
    """Django's settings and the Celery app (configured from them once, at start-up) both
    pointed at a port nothing listens on, with tasks sent rather than run in the process."""
    url = f"redis://127.0.0.1:{unused_port()}/0"
    # Celery reads the CELERY_BROKER_URL environment variable (which `make test` sets) before
    # its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    _reset_broker_connections()
    yield url
    celery_app.conf.update(saved)
    _reset_broker_connections()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_succeeds_when_the_broker_is_unreachable(
    meeting, agenda, readers, client_for, unreachable_broker, caplog
):
    admin = client_for("business_unit")
    with caplog.at_level(logging.WARNING):
        response = admin.post(
            f"/admin/meeting/publish/{meeting.pk}/", {"change_note": "Agenda and papers"}
        )
    assert response.status_code == 302
    version = AgendaVersion.objects.get(meeting=meeting)
    assert version.change_note == "Agenda and papers"
    # The build waits in the outbox for the broker to come back (outbox_flush sends it).
    kept = OutboxEvent.objects.filter(task_name="meetings.tasks.meeting_pack_build")
    assert list(kept.values_list("args", flat=True)) == [[meeting.pk]]
    assert any("broker is unreachable" in r.getMessage() for r in caplog.records)
    # Not built ahead, so the first reader's request builds it.
    assert stored_packs(meeting) == []
    assert client_for("member").get(f"/meetings/{meeting.pk}/pack.pdf").status_code == 200
    assert stored_packs(meeting) == ["restricted"]
