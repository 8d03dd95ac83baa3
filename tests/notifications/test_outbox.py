"""Queueing without a broker: the outbox keeps what the broker could not take."""

import pytest

from config.celery import app
from meetings.tasks import agenda_published_notify
from notifications.models import OutboxEvent
from notifications.outbox import enqueue, outbox_flush
from tests.notifications.live import broker_unreachable

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_for_real():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_a_broker_that_is_down_leaves_the_task_in_the_outbox(queued_for_real, caplog):
    with broker_unreachable():
        assert enqueue(agenda_published_notify, 41) is False
        assert outbox_flush() == (0, 1)
    event = OutboxEvent.objects.get()
    assert (event.task_name, event.args, event.kwargs) == (
        "meetings.tasks.agenda_published_notify",
        [41],
        {},
    )
    assert event.attempts == 1 and event.enqueued_at is None
    assert "Connection refused" in event.last_error
    assert "kept in the outbox" in caplog.text


def test_with_tasks_run_eagerly_nothing_goes_to_the_outbox():
    assert enqueue(agenda_published_notify, 999_999) is True
    assert not OutboxEvent.objects.exists()
