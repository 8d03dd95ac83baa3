"""Delivery in one process (tasks run eagerly): choices honoured, at most once per person
per event, retries, failures recorded, the weekly summary."""

import datetime
import logging

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from membership import services as membership_services
from notifications import delivery, digest, services
from notifications.models import SentNotification, SentStatus
from notifications.registry import Delivery
from notifications.tasks import deliver, digest_send_all, stale_claims_sweep
from tests.membership.factories import PersonFactory
from tests.notifications.conftest import EXAMPLE, example_message

pytestmark = pytest.mark.django_db


def example_notify(event_key: str, person_ids: list):
    """The delivery task, as a worker runs it, for an example notice."""
    return deliver.delay(EXAMPLE.key, {"event": event_key, "person_ids": person_ids})


@pytest.fixture
def summaries(django_capture_on_commit_callbacks):
    """The weekly summary's beat task, and the summaries it queues once it has committed."""

    def send_all(period: str) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return digest_send_all.delay(period).get()

    return send_all


def choose(person, delivery_choice):
    services.preferences_save(actor=None, person=person, choices={EXAMPLE.key: delivery_choice})


def rows(**filters):
    return SentNotification.objects.filter(**filters)


def test_each_person_gets_what_they_chose():
    immediate, weekly, nothing, default = PersonFactory.create_batch(4)
    choose(immediate, Delivery.IMMEDIATE)
    choose(weekly, Delivery.DIGEST)
    choose(nothing, Delivery.NONE)

    result = delivery.dispatch(
        kind=EXAMPLE,
        event_key="example:1",
        recipients=[immediate, weekly, nothing, default],
        build=example_message,
    )

    assert sorted(result.sent) == sorted([immediate.pk, default.pk])
    assert result.queued == [weekly.pk]
    assert result.skipped == [nothing.pk]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{p.name} <{p.email}>" for p in (immediate, default)
    )
    assert rows(person=weekly).get().status == SentStatus.QUEUED
    assert not rows(person=nothing).exists()


def test_the_same_event_twice_sends_nothing_more():
    people = PersonFactory.create_batch(3)
    for _ in range(2):
        delivery.dispatch(
            kind=EXAMPLE, event_key="example:2", recipients=people, build=example_message
        )
    assert len(mail.outbox) == 3
    assert rows(status=SentStatus.SENT).count() == 3


def test_people_without_an_address_or_inactive_are_left_out():
    reachable = PersonFactory()
    no_email = PersonFactory(email="")
    inactive = PersonFactory(active=False)
    result = delivery.dispatch(
        kind=EXAMPLE,
        event_key="example:3",
        recipients=[reachable, no_email, inactive, reachable],
        build=example_message,
    )
    assert result.sent == [reachable.pk]
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_for_that_person_alone(flaky_mail, eager_retries, caplog):
    ok, flaky = PersonFactory.create_batch(2)
    flaky_mail.FAIL_NEXT[flaky.email] = 1

    with caplog.at_level(logging.WARNING, logger="notifications.delivery"):
        example_notify("example:4", [ok.pk, flaky.pk])

    assert sorted(parse(m) for m in mail.outbox) == sorted([ok.email, flaky.email])
    row = rows(person=flaky).get()
    assert (row.status, row.attempts) == (SentStatus.SENT, 2)
    assert rows(person=ok).get().attempts == 1
    assert "failed; will retry" in caplog.text


def test_a_send_that_keeps_failing_ends_failed_and_visible(
    flaky_mail, eager_retries, settings, caplog
):
    person = PersonFactory()
    flaky_mail.FAIL_NEXT[person.email] = -1

    with caplog.at_level(logging.ERROR, logger="notifications.delivery"):
        result = example_notify("example:5", [person.pk])

    row = rows(person=person).get()
    assert row.status == SentStatus.FAILED
    assert row.attempts == settings.NOTIFICATIONS_MAX_RETRIES + 1
    assert "SMTPServerDisconnected" in row.last_error
    assert "giving up" in caplog.text
    assert mail.outbox == []
    assert result.state == "SUCCESS"  # the task ends; the failure is on the record


def test_without_a_worker_a_failed_send_is_given_up_at_once(flaky_mail):
    person = PersonFactory()
    flaky_mail.FAIL_NEXT[person.email] = 1
    example_notify("example:10", [person.pk])
    row = rows(person=person).get()
    assert (row.status, row.attempts) == (SentStatus.FAILED, 1)


def test_an_address_the_server_refuses_is_not_retried(flaky_mail):
    refused, fine = PersonFactory.create_batch(2)
    flaky_mail.REFUSED.add(refused.email)

    example_notify("example:6", [refused.pk, fine.pk])

    row = rows(person=refused).get()
    assert (row.status, row.attempts) == (SentStatus.FAILED, 1)
    assert "550" in row.last_error
    assert [parse(m) for m in mail.outbox] == [fine.email]


def test_a_claim_left_by_a_dead_worker_is_never_sent_again_and_ends_failed():
    person = PersonFactory()
    # A worker claimed the row, then died before it could mark it sent.
    stale = delivery.claim(person, EXAMPLE.key, "example:7")
    assert stale.status == SentStatus.CLAIMED

    # The task, delivered again, leaves it alone: it may have gone.
    result = delivery.dispatch(
        kind=EXAMPLE, event_key="example:7", recipients=[person], build=example_message
    )
    assert result.already == [person.pk]
    assert mail.outbox == []

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert stale_claims_sweep.delay().get() == 1
    row = rows(person=person).get()
    assert row.status == SentStatus.FAILED
    assert "may or may not have gone" in row.last_error


def test_two_claims_for_one_person_and_event_give_one_row():
    person = PersonFactory()
    first = delivery.claim(person, EXAMPLE.key, "example:8")
    second = delivery.claim(person, EXAMPLE.key, "example:8")
    assert first is not None and second is None
    assert rows(person=person).count() == 1


def test_the_weekly_summary_collects_each_person_s_items_once(summaries):
    weekly, other = PersonFactory.create_batch(2)
    choose(weekly, Delivery.DIGEST)
    choose(other, Delivery.DIGEST)
    for number in (1, 2):
        delivery.dispatch(
            kind=EXAMPLE,
            event_key=f"digest-item:{number}",
            recipients=[weekly],
            build=example_message,
        )
    delivery.dispatch(
        kind=EXAMPLE, event_key="digest-item:3", recipients=[other], build=example_message
    )
    assert mail.outbox == []

    assert summaries("2030-W10") == 2
    summaries("2030-W10")  # beat firing twice sends nothing more

    assert len(mail.outbox) == 2
    summary = next(m for m in mail.outbox if parse(m) == weekly.email)
    assert summary.subject == "Your weekly summary: 2 notifications"
    assert summary.body.count(f"Something happened to {weekly.given_name}") == 2
    assert "http://127.0.0.1:8000/somewhere/" in summary.body
    digest = rows(person=weekly, event_key="digest:2030-W10").get()
    assert digest.status == SentStatus.SENT
    assert set(digest.items.values_list("status", flat=True)) == {SentStatus.DIGESTED}

    # New items wait for next week's summary.
    delivery.dispatch(
        kind=EXAMPLE, event_key="digest-item:4", recipients=[weekly], build=example_message
    )
    summaries("2030-W10")
    assert len(mail.outbox) == 2
    summaries("2030-W11")
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].subject == "Your weekly summary: 1 notification"


def test_a_person_marked_inactive_gets_nothing_more_not_even_what_was_queued(summaries):
    weekly = PersonFactory()
    choose(weekly, Delivery.DIGEST)
    delivery.dispatch(
        kind=EXAMPLE, event_key="digest-item:20", recipients=[weekly], build=example_message
    )
    weekly.active = False
    membership_services.person_save(actor=None, person=weekly, reason="Left the partnership")

    summaries("2030-W10")
    example_notify("example:20", [weekly.pk])

    assert mail.outbox == []


def test_a_failed_summary_keeps_its_items_and_is_retried(flaky_mail, eager_retries, summaries):
    person = PersonFactory()
    choose(person, Delivery.DIGEST)
    delivery.dispatch(
        kind=EXAMPLE, event_key="digest-item:9", recipients=[person], build=example_message
    )
    flaky_mail.FAIL_NEXT[person.email] = 1

    summaries("2030-W12")

    assert len(mail.outbox) == 1
    digest = rows(person=person, event_key="digest:2030-W12").get()
    assert (digest.status, digest.attempts) == (SentStatus.SENT, 2)
    assert digest.items.count() == 1


def test_the_digest_period_is_the_iso_week():
    assert digest.digest_period(datetime.date(2012, 3, 2)) == "2012-W09"


def parse(message) -> str:
    from email.utils import parseaddr

    return parseaddr(message.to[0])[1]
