"""Notifications through Redis, a real Celery worker and real SMTP: each email arrives once,
however often a task runs, when its worker is killed mid-task, when the mail server asks
for a retry, and when the broker was down as the change was made."""

import contextlib
import datetime
from email.utils import parseaddr

import pytest
import time_machine
from icalendar import Calendar

from django.db import connections
from django.utils import timezone

from core.models import OutboxEvent
from core.outbox import outbox_flush
from core.tasks import outbox_flush as outbox_flush_task
from governance import services as governance_services
from meetings import services
from meetings.models import AgendaVersion
from membership.models import Role
from notifications import services as notification_services
from notifications.delivery import sweep_stale_claims
from notifications.digest import digest_period
from notifications.models import SentNotification, SentStatus
from notifications.registry import Delivery
from notifications.tasks import deliver, digest_send_all
from tests.governance.factories import business_unit
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.notifications.live import broker_unreachable

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESTRICTED_TITLE = "Serious case review: Child K (confidential)"


def board(size: int):
    """A body with `size` members (one a deputy), and an upcoming meeting with a public and
    a restricted item, ready to publish."""
    body = BodyFactory(name="KSCB Executive")
    people = [PersonFactory() for _ in range(size)]
    for index, person in enumerate(people):
        MembershipFactory(body=body, person=person, role=Role.DEPUTY if index == 0 else "member")
    meeting = MeetingFactory(body=body)
    services.agenda_item_add(actor=None, meeting=meeting, title="Minutes and matters arising")
    services.agenda_item_add(
        actor=None, meeting=meeting, title=RESTRICTED_TITLE, is_restricted=True
    )
    return body, sorted(people, key=lambda person: person.pk), meeting


def addresses(people) -> list[str]:
    return sorted(person.email for person in people)


def test_publishing_emails_each_member_once_and_running_the_task_again_sends_nothing(
    live, business_unit_user
):
    _body, people, meeting = board(3)

    version = services.agenda_publish(actor=business_unit_user, meeting=meeting)

    live.wait_for_emails(3)
    live.wait_idle()
    assert live.mailbox.recipients() == addresses(people)
    message = live.mailbox.messages()[0]
    assert message["Subject"] == f"Agenda published: {meeting}"
    assert message["X-Tabled-Event"] == f"agenda-published:{version.pk}"
    assert RESTRICTED_TITLE not in message.as_string()

    # The same task, delivered twice more (a retry, a redelivery): nothing more is sent.
    deliver.delay("meetings.agenda_published", {"version_id": version.pk})
    deliver.delay("meetings.agenda_published", {"version_id": version.pk})
    live.wait_idle()
    assert live.mailbox.recipients() == addresses(people)
    assert SentNotification.objects.filter(status=SentStatus.SENT).count() == 3


@contextlib.contextmanager
def held(sql: str, params: list):
    """Run `sql` in a transaction of another connection and keep it open: whatever the
    worker needs behind it waits, mid-task, until the block ends."""
    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    try:
        with blocker.cursor() as cursor:
            cursor.execute(sql, params)
        yield
    finally:
        blocker.rollback()
        blocker.close()


def waiting_on_a_lock(statement: str) -> bool:
    """Whether a backend of the test database (the worker's) waits on a lock in `statement`."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            [statement + "%"],
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_task_is_replaced_and_each_member_gets_one_email(
    live, business_unit_user
):
    _body, people, meeting = board(3)
    last = people[-1]
    new_start = meeting.start + datetime.timedelta(days=7)
    event_key = f"meeting-changed:{meeting.pk}:{meeting.ical_sequence + 1}"
    # An uncommitted row for the last member: the worker sends to the first two, then its
    # claim for the last waits on the unique index, in the middle of its task. It is killed
    # there, before it has claimed anything for the last member.
    with held(
        "INSERT INTO notifications_sentnotification (person_id, kind, event_key, status, "
        "to_address, subject, summary, url, attempts, last_error, created, updated) VALUES "
        "(%s, 'x', %s, 'retrying', '', '', '', '', 0, '', now(), now())",
        [last.pk, event_key],
    ):
        services.meeting_update(
            actor=business_unit_user,
            meeting=meeting,
            start=new_start,
            end=new_start + datetime.timedelta(hours=2),
        )
        live.wait_for_emails(2)
        live.wait_for(
            lambda: waiting_on_a_lock('INSERT INTO "notifications_sentnotification"'),
            what="the worker's claim for the last member to wait",
        )
        live.worker.kill()

    assert live.mailbox.recipients() == addresses(people[:2])
    # acks_late: the task was never acknowledged, so the broker gives it to the new worker
    # (after the visibility timeout), which sends only what had not gone.
    live.worker.start()
    live.wait_for_emails(3)
    live.wait_idle()
    assert live.mailbox.recipients() == addresses(people)
    assert set(SentNotification.objects.values_list("status", flat=True)) == {SentStatus.SENT}
    assert live.mailbox.messages()[2]["Subject"].startswith("Meeting moved: ")


def test_a_worker_killed_after_claiming_never_sends_twice_and_the_claim_ends_failed(
    live, business_unit_user
):
    _body, people, meeting = board(3)
    last = people[-1]
    # The claim's INSERT goes through; its commit waits on the (deferred) foreign key check
    # against the last member's locked row, and the worker is killed there. The claim then
    # commits with nobody left to send the email: it may or may not have gone, as far as
    # any later worker can tell, so it is never sent again.
    with held("SELECT id FROM membership_person WHERE id = %s FOR UPDATE", [last.pk]):
        services.agenda_publish(actor=business_unit_user, meeting=meeting)
        live.wait_for_emails(2)
        live.wait_for(
            lambda: waiting_on_a_lock("COMMIT"), what="the worker's claim to wait on commit"
        )
        live.worker.kill()

    live.worker.start()
    live.wait_for(
        lambda: "3 already done" in live.worker.log_text(), what="the task delivered again"
    )
    live.wait_idle()
    assert live.mailbox.recipients() == addresses(people[:2])
    claim = SentNotification.objects.get(person=last)
    assert claim.status == SentStatus.CLAIMED

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert sweep_stale_claims() == 1
    claim.refresh_from_db()
    assert claim.status == SentStatus.FAILED
    assert "may or may not have gone" in claim.last_error


def test_a_member_whose_mail_server_asks_to_try_later_gets_it_once_on_the_retry(
    live, business_unit_user
):
    _body, people, meeting = board(2)
    deferred = people[1]
    live.mailbox.defer[deferred.email] = 1

    services.agenda_publish(actor=business_unit_user, meeting=meeting)

    live.wait_for_emails(2)
    live.wait_idle()
    assert live.mailbox.recipients() == addresses(people)
    row = SentNotification.objects.get(person=deferred)
    assert (row.status, row.attempts) == (SentStatus.SENT, 2)
    assert SentNotification.objects.get(person=people[0]).attempts == 1


def test_a_cancelled_meeting_is_emailed_with_status_cancelled(live, business_unit_user):
    _body, people, meeting = board(2)

    services.meeting_cancel(actor=business_unit_user, meeting=meeting, reason="Not quorate")

    live.wait_for_emails(2)
    message = live.mailbox.messages()[0]
    assert message["Subject"].startswith("Meeting cancelled: KSCB Executive, ")
    assert "has been cancelled" in message.get_body(("plain",)).get_content()
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    meeting.refresh_from_db()
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == meeting.ical_sequence >= 1
    assert event["UID"] == f"{meeting.uid}@tabled"


def test_each_member_s_choice_is_honoured_by_the_worker(live, business_unit_user):
    _body, people, meeting = board(3)
    immediate, weekly, nothing = people
    for person, choice in ((weekly, Delivery.DIGEST), (nothing, Delivery.NONE)):
        notification_services.preferences_save(
            actor=None, person=person, choices={"meetings.agenda_published": choice}
        )

    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    live.wait_for_emails(1)
    live.wait_idle()
    assert live.mailbox.recipients() == [immediate.email]
    assert SentNotification.objects.get(person=weekly).status == SentStatus.QUEUED
    assert not SentNotification.objects.filter(person=nothing).exists()

    digest_send_all.delay(digest_period(timezone.localdate()))
    live.wait_for_emails(2)
    live.wait_idle()
    summary = live.mailbox.messages()[1]
    assert parseaddr(summary["To"])[1] == weekly.email
    assert summary["Subject"] == "Your weekly summary: 1 notification"
    assert f"Agenda published: {meeting}" in summary.get_body(("plain",)).get_content()


def test_with_the_broker_down_the_request_succeeds_and_the_outbox_sends_later(
    live, client, business_unit_user
):
    _body, people, meeting = board(2)
    client.force_login(business_unit_user)

    with broker_unreachable():
        response = client.post(
            f"/admin/meeting/publish/{meeting.pk}/", {"change_note": "First issue"}
        )
        assert response.status_code == 302
        assert AgendaVersion.objects.filter(meeting=meeting).count() == 1
        # The email, the papers pack build and the search index update wait for the broker.
        kept = {event.task_name: event for event in OutboxEvent.objects.all()}
        assert set(kept) == {
            "notifications.tasks.deliver",
            "meetings.tasks.meeting_pack_build",
            "search.tasks.search_index_update",
        }
        pending = kept["notifications.tasks.deliver"]
        assert pending.args[0] == "meetings.agenda_published"
        assert pending.enqueued_at is None
        # The beat task, run while the broker is still down, keeps them for later.
        assert outbox_flush() == (0, 3)

    live.wait_idle()
    assert live.mailbox.messages() == []

    # The broker is back: the next beat run queues it, and the worker sends it.
    outbox_flush_task.delay()
    live.wait_for_emails(2)
    live.wait_idle()
    assert live.mailbox.recipients() == addresses(people)
    pending.refresh_from_db()
    # The flush while the broker was down stopped at the first event it tried (an older
    # one), so this one was tried once, when the broker was back.
    assert pending.enqueued_at is not None and pending.attempts >= 1


def test_an_action_logged_in_the_logs_reaches_its_owner_once(live):
    owner = PersonFactory(email="fiona.marsh@example.org")
    body = BodyFactory(name="Quality and Effectiveness Subgroup")

    action = governance_services.action_create(
        actor=business_unit(),
        body=body,
        description="Chase the missing police data for quarter 3.",
        owner=owner,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )

    live.wait_for_emails(1)
    # Delivered again.
    deliver.delay("governance.action_assigned", {"action_id": action.pk, "owner_id": owner.pk})
    live.wait_idle()
    assert live.mailbox.recipients() == ["fiona.marsh@example.org"]
    message = live.mailbox.messages()[0]
    assert message["Subject"].startswith(f"Action {action.reference} for you, due ")
    assert message["X-Tabled-Event"] == f"action-assigned:{action.pk}:{owner.pk}"
    assert "Chase the missing police data" in message.get_body(("plain",)).get_content()
