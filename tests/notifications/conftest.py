import logging
from dataclasses import dataclass

import pytest

from membership.models import Person
from notifications.registry import Notice, register
from tests.notifications import backends


@register
@dataclass
class Example(Notice):
    """Something happened to the people named."""

    key = "tests.example"
    label = "Something happened"
    description = "Only in the tests."

    event: str
    person_ids: list[int]

    @classmethod
    def load(cls, *, event: str, person_ids: list[int]):
        return cls(event=event, person_ids=person_ids)

    @property
    def event_key(self) -> str:
        return self.event

    def recipients(self):
        return Person.objects.filter(pk__in=self.person_ids)

    def message(self, person):
        return example_message(person)


EXAMPLE = Example


@pytest.fixture
def eager_retries():
    """Tasks still run here and now, and a retry runs at once instead of raising."""
    from config.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    backends.FAIL_NEXT.clear()
    backends.REFUSED.clear()
    yield backends
    backends.FAIL_NEXT.clear()
    backends.REFUSED.clear()


def example_message(person: Person):
    from notifications.messages import Message

    return Message(
        subject=f"Something happened to {person.given_name}",
        text="It did.",
        html="<p>It did.</p>",
        summary="Something happened.",
        url="http://127.0.0.1:8000/somewhere/",
    )


# ---------------------------------------------------------------------------
# The live worker and SMTP server (tests/notifications/live.py), started once per session
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def smtp_server():
    from tests.notifications.live import SmtpServer

    # aiosmtpd logs every connection at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_worker(django_db_setup, smtp_server, tmp_path_factory):
    from django.conf import settings
    from django.db import connection

    from tests.notifications.live import start_worker

    if not settings.CELERY_BROKER_URL:
        pytest.fail("The live worker needs CELERY_BROKER_URL: run the suite with make test.")
    if connection.vendor != "postgresql":
        pytest.fail("The live worker needs PostgreSQL (it shares the test database): make test.")
    worker = start_worker(tmp_path_factory.mktemp("celery-worker"), smtp_server)
    yield worker
    worker.stop()


@pytest.fixture
def live(live_worker, smtp_server):
    """Tasks go through Redis to the session's worker, which mails the SMTP server. Tests
    using it must be transactional, so that the worker sees what they commit."""
    from config.celery import app
    from tests.notifications.live import Live

    smtp_server.mailbox.clear()
    if live_worker.process.poll() is not None:
        live_worker.start()  # a test before this one killed it
    app.conf.task_always_eager = False
    helper = Live(live_worker, smtp_server)
    try:
        yield helper
        # Finish before the database is flushed under the worker's feet.
        helper.wait_idle()
    finally:
        app.conf.task_always_eager = True
