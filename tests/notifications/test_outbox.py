"""Queueing without a broker: the outbox keeps what the broker could not take."""

import pytest

from config.celery import app
from core.models import OutboxEvent
from core.outbox import Queued, enqueue, notify, outbox_flush, send
from notifications.tasks import deliver
from tests.notifications.live import broker_unreachable

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_for_real():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_a_broker_that_is_down_leaves_the_task_in_the_outbox(queued_for_real, caplog):
    with broker_unreachable():
        assert send(deliver, "meetings.agenda_published", {"version_id": 41}) is False
        assert outbox_flush() == (0, 1)
    event = OutboxEvent.objects.get()
    assert (event.task_name, event.args, event.kwargs) == (
        "notifications.tasks.deliver",
        ["meetings.agenda_published", {"version_id": 41}],
        {},
    )
    assert event.attempts == 1 and event.enqueued_at is None
    assert "Connection refused" in event.last_error
    assert "kept in the outbox" in caplog.text


def test_a_task_is_queued_when_its_transaction_commits_and_kept_if_the_broker_is_down(
    queued_for_real, django_capture_on_commit_callbacks
):
    with broker_unreachable():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notify("meetings.agenda_published", version_id=41)
        assert not OutboxEvent.objects.exists()  # nothing before the commit
        (queued,) = callbacks
        assert isinstance(queued, Queued) and queued.name == "notifications.tasks.deliver"
        queued()  # the commit
    event = OutboxEvent.objects.get()
    assert event.args == ["meetings.agenda_published", {"version_id": 41}]


def test_a_task_is_named_and_a_misspelt_name_fails_where_it_is_given():
    with pytest.raises(KeyError):
        enqueue("meetings.tasks.no_such_task", 1)


def test_with_tasks_run_eagerly_nothing_goes_to_the_outbox():
    assert send(deliver, "meetings.agenda_published", {"version_id": 999_999}) is True
    assert not OutboxEvent.objects.exists()
