"""Sending a notification to each person at most once per event.

For each recipient, by their choice for the kind:
- nothing: no email and no record;
- weekly summary: a SentNotification row is queued (once) for the next digest;
- straight away: the row is claimed in a transaction BEFORE the email is sent, and marked
  sent after. A retried task, a task delivered twice (acks_late after a worker died), or
  two workers running the same task find the row and do not send again.

The one case that cannot be settled is a worker that dies after claiming a row and before
marking it: the email may or may not have gone. Such a claim is never sent again (at most
once is the rule); once older than NOTIFICATIONS_CLAIM_TIMEOUT it is marked failed, with
the reason, where the business unit sees it in the admin.

A send that fails is recorded on the row (RETRYING) and the task raises DeliveryError, so
Celery retries it with backoff; the retry sends only what has not gone. On the last attempt,
or for an address the mail server refuses outright, the row is marked FAILED.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from membership.models import Person

from . import selectors
from .messages import Message, preferences_url
from .models import SentNotification, SentStatus
from .registry import Delivery, Notice

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """Some emails of a task could not be sent; the task is retried for those alone."""


@dataclass
class DispatchResult:
    sent: list[int] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)


def claim_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)


def _is_permanent(error: Exception) -> bool:
    """A mail server that refuses every recipient with a 5xx code will refuse them again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(
            code >= 500 for code, _message in error.recipients.values()
        )
    return False


def give_up_stale_claim(row: SentNotification) -> None:
    row.status = SentStatus.FAILED
    row.last_error = (
        "The worker stopped while sending this, so it may or may not have gone. It is not "
        "sent again, so that nobody gets it twice."
    )
    row.save(update_fields=["status", "last_error", "updated"])
    logger.error("Notification %s to %s: claim abandoned by a worker", row.event_key, row.person)


def claim(person: Person, kind_key: str, event_key: str) -> SentNotification | None:
    """Take the (person, event) row for sending, in a committed transaction, or None when it
    has been sent, queued, given up, or is being sent by someone else."""
    now = timezone.now()
    with transaction.atomic():
        row, created = SentNotification.objects.select_for_update().get_or_create(
            person=person,
            event_key=event_key,
            defaults={
                "kind": kind_key,
                "status": SentStatus.CLAIMED,
                "claimed_at": now,
                "attempts": 1,
                "to_address": person.email,
            },
        )
        if created:
            return row
        if row.status == SentStatus.CLAIMED and row.claimed_at < now - claim_timeout():
            give_up_stale_claim(row)
        if row.status != SentStatus.RETRYING:
            return None
        row.status = SentStatus.CLAIMED
        row.claimed_at = now
        row.attempts += 1
        row.to_address = person.email
        row.save(update_fields=["status", "claimed_at", "attempts", "to_address", "updated"])
        return row


def _mark_sent(row: SentNotification, message: Message) -> None:
    SentNotification.objects.filter(pk=row.pk).update(
        status=SentStatus.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:300],
        summary=message.summary,
        url=message.url[:500],
        last_error="",
        updated=timezone.now(),
    )


def _mark_failed(row: SentNotification, error: Exception, *, final: bool) -> None:
    status = SentStatus.FAILED if final else SentStatus.RETRYING
    SentNotification.objects.filter(pk=row.pk).update(
        status=status, last_error=f"{type(error).__name__}: {error}"[:2000], updated=timezone.now()
    )
    log = logger.error if final else logger.warning
    log(
        "Notification %s to %s (attempt %d) failed%s: %s",
        row.event_key,
        row.to_address,
        row.attempts,
        "; giving up" if final else "; will retry",
        error,
    )


def _email(message: Message, person: Person, event_key: str, connection) -> EmailMultiAlternatives:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "tabled.invalid"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((person.name, person.email))],
        connection=connection,
        headers={
            # The same id for the same person and event: a mail system that somehow got it
            # twice shows it once.
            "Message-ID": f"<{event_key.replace(':', '.')}.{person.pk}@{domain}>",
            "Auto-Submitted": "auto-generated",
            "X-Tabled-Event": event_key,
            "List-Unsubscribe": f"<{preferences_url()}>",
        },
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


class Sender:
    """One mail connection for a task's emails, reopened after a failure."""

    def __init__(self):
        self.connection = None

    def send(self, message: Message, person: Person, event_key: str) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
        try:
            sent = _email(message, person, event_key, self.connection).send()
        except Exception:
            self.close()
            raise
        if sent != 1:
            raise DeliveryError(f"The mail backend accepted {sent} messages instead of 1.")

    def close(self) -> None:
        if self.connection is not None:
            # A broken connection is being dropped anyway.
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None


def send_claimed(
    row: SentNotification,
    person: Person,
    build: Callable[[Person], Message],
    sender: Sender,
    *,
    final: bool,
) -> SentStatus:
    """Send a claimed notification; returns what became of it: SENT, RETRYING or FAILED."""
    try:
        message = build(person)
        sender.send(message, person, row.event_key)
    except Exception as error:
        give_up = final or _is_permanent(error)
        _mark_failed(row, error, final=give_up)
        return SentStatus.FAILED if give_up else SentStatus.RETRYING
    _mark_sent(row, message)
    return SentStatus.SENT


def queue_for_digest(
    person: Person, kind: type[Notice], event_key: str, build: Callable[[Person], Message]
) -> bool:
    """Keep the notification for the person's weekly summary (once per event)."""
    if SentNotification.objects.filter(person=person, event_key=event_key).exists():
        return False
    message = build(person)
    _row, created = SentNotification.objects.get_or_create(
        person=person,
        event_key=event_key,
        defaults={
            "kind": kind.key,
            "status": SentStatus.QUEUED,
            "to_address": person.email,
            "subject": message.subject[:300],
            "summary": message.summary,
            "url": message.url[:500],
        },
    )
    return created


def dispatch(
    *,
    kind: type[Notice],
    event_key: str,
    recipients: Iterable[Person],
    build: Callable[[Person], Message],
    final: bool = True,
) -> DispatchResult:
    """Notify each recipient of one event, by their choice for the kind, at most once each.
    `build(person)` makes that person's message; it runs only for those who get one.
    `final` says this is the task's last attempt: failures are then given up, not retried.
    Raises DeliveryError, after trying everyone, if some sends should be retried."""
    people = selectors.people_reachable(recipients)
    choices = selectors.deliveries_for(people, kind)
    result = DispatchResult()
    sender = Sender()
    try:
        for person in people:
            choice = choices[person.pk]
            if choice == Delivery.NONE:
                result.skipped.append(person.pk)
            elif choice == Delivery.DIGEST:
                if queue_for_digest(person, kind, event_key, build):
                    result.queued.append(person.pk)
                else:
                    result.already.append(person.pk)
            elif (row := claim(person, kind.key, event_key)) is None:
                result.already.append(person.pk)
            else:
                outcome = send_claimed(row, person, build, sender, final=final)
                {
                    SentStatus.SENT: result.sent,
                    SentStatus.RETRYING: result.retrying,
                    SentStatus.FAILED: result.failed,
                }[outcome].append(person.pk)
    finally:
        sender.close()
    logger.info(
        "%s: %d sent, %d queued for the weekly summary, %d not wanted, %d already done, "
        "%d to retry, %d failed",
        event_key,
        len(result.sent),
        len(result.queued),
        len(result.skipped),
        len(result.already),
        len(result.retrying),
        len(result.failed),
    )
    if result.retrying:
        raise DeliveryError(f"{event_key}: {len(result.retrying)} email(s) to retry")
    return result


def deliver(kind: type[Notice], params: dict, *, final: bool = True) -> DispatchResult | None:
    """Send the notice of `kind` about the records named by `params`, as they stand now, to
    its recipients (see dispatch); nothing when the kind finds nothing (any longer) to say."""
    notice = kind.load(**params)
    if notice is None:
        return None
    return dispatch(
        kind=kind,
        event_key=notice.event_key,
        recipients=notice.recipients(),
        build=notice.message,
        final=final,
    )


def sweep_stale_claims() -> int:
    """Mark claims older than the timeout as failed (their worker died mid-send)."""
    cutoff = timezone.now() - claim_timeout()
    stale = SentNotification.objects.filter(status=SentStatus.CLAIMED, claimed_at__lt=cutoff)
    count = 0
    for row in stale.select_related("person"):
        with transaction.atomic():
            locked = SentNotification.objects.select_for_update().get(pk=row.pk)
            if locked.status == SentStatus.CLAIMED and locked.claimed_at < cutoff:
                give_up_stale_claim(locked)
                count += 1
    return count
