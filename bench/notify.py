"""How long does one agenda publication take to reach 200 members? Run with `make bench`.

A body of 200 members (plus a deputy each for ten of them) and a meeting of a dozen items,
two restricted, on a database of its own (test_<name> beside DATABASE_URL's). Each run
publishes a new version and times it until every member's SentNotification row is sent:

- eagerly, in the publishing process, to Django's in-memory mail backend (the floor: the
  claims, renders and records, with no mail server);
- eagerly, over SMTP to a local aiosmtpd server;
- through Redis and a real `celery -A config worker --pool=solo` sending over SMTP, timed
  from the publish call (CELERY_BROKER_URL must be set; `make bench` sets it).

Target: under 10 s for the 200 through the worker.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tabled")

MEMBERS = 200
ITEMS = 12
TARGET_SECONDS = 10.0


def main() -> int:
    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        print("bench/notify.py needs PostgreSQL (DATABASE_URL): the worker shares its database.")
        return 1
    # The SMTP server logs each connection, the delivery code each fan-out.
    for name in ("mail.log", "notifications"):
        logging.getLogger(name).setLevel(logging.WARNING)
    setup_test_environment()
    test = connection.settings_dict["TEST"]
    test["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run()
    finally:
        connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def _scene():
    from django.contrib.auth.models import User
    from django.utils import timezone

    from meetings import services
    from meetings.models import Meeting
    from membership.models import Body, Membership, Person, Role, default_partnership

    body = Body.objects.create(name="Safeguarding Children Board", slug="board")
    people = Person.objects.bulk_create(
        Person(
            given_name=f"Member{n}",
            family_name="Bench",
            email=f"member{n}@example.org",
            partnership=default_partnership(),
        )
        for n in range(MEMBERS)
    )
    Membership.objects.bulk_create(
        Membership(
            body=body,
            person=person,
            role_id=Role.DEPUTY if n % 20 == 0 else Role.MEMBER,
            start_date="2011-04-01",
        )
        for n, person in enumerate(people)
    )
    actor = User.objects.create(username="bench")
    start = timezone.now() + datetime.timedelta(days=14)
    meeting = Meeting.objects.create(
        body=body, title=body.name, start=start, end=start + datetime.timedelta(hours=2)
    )
    for n in range(ITEMS):
        services.agenda_item_add(
            actor=actor, meeting=meeting, title=f"Item {n}", is_restricted=n in (4, 9)
        )
    return actor, meeting


def _publish_and_wait(actor, meeting, *, timeout: float = 120) -> tuple[float, int]:
    from meetings import services
    from notifications.models import SentNotification, SentStatus

    services.agenda_item_add(actor=actor, meeting=meeting, title="Late item")
    start = time.perf_counter()
    version = services.agenda_publish(actor=actor, meeting=meeting)
    key = f"agenda-published:{version.pk}"
    while time.perf_counter() - start < timeout:
        sent = SentNotification.objects.filter(event_key=key, status=SentStatus.SENT).count()
        if sent >= MEMBERS:
            return time.perf_counter() - start, sent
        time.sleep(0.05)
    return time.perf_counter() - start, sent


def run() -> int:
    from django.conf import settings

    from config.celery import app
    from tests.notifications.live import SmtpServer, start_worker

    actor, meeting = _scene()
    results = []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seconds, sent = _publish_and_wait(actor, meeting)
    results.append(("eagerly, in-memory mail", seconds, sent))

    smtp = SmtpServer()
    smtp.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        seconds, sent = _publish_and_wait(actor, meeting)
        results.append(("eagerly, over SMTP", seconds, sent))
        received = len(smtp.mailbox.messages())

        worker_ok = True
        if settings.CELERY_BROKER_URL:
            with tempfile.TemporaryDirectory() as folder:
                worker = start_worker(Path(folder), smtp)
                app.conf.task_always_eager = False
                try:
                    seconds, sent = _publish_and_wait(actor, meeting)
                finally:
                    app.conf.task_always_eager = True
                    worker.stop()
            results.append(("through Redis and a worker, over SMTP", seconds, sent))
            worker_ok = seconds < TARGET_SECONDS and sent == MEMBERS
        else:
            print("CELERY_BROKER_URL is not set: the worker run is skipped.")
    finally:
        smtp.stop()

    print(f"One agenda publication ({ITEMS + 1} items) to {MEMBERS} members:")
    for label, seconds, sent in results:
        print(
            f"  {label:<40} {seconds:6.2f} s  ({sent} sent, "
            f"{seconds / max(sent, 1) * 1000:.1f} ms each)"
        )
    received = len(smtp.mailbox.messages())
    expected = MEMBERS * (len(results) - 1)
    print(f"SMTP server received {received} emails ({expected} expected: one per member per run).")
    print(f"Target through the worker: under {TARGET_SECONDS:.0f} s.")
    return 0 if worker_ok and received == expected else 1


if __name__ == "__main__":
    sys.exit(main())
