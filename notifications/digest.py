"""The weekly summary: what each person chose to hear of weekly, in one email, once a week.

An item waiting for a summary is a SentNotification row QUEUED by delivery.dispatch; the
summary claims its own row (event key "digest:<week>") and binds the items to it in one
transaction, so an item goes out in one summary at most.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from membership.models import Person

from .delivery import DeliveryError, Sender, claim_timeout, give_up_stale_claim, send_claimed
from .messages import Message, render_message
from .models import SentNotification, SentStatus

DIGEST_KIND = "notifications.digest"


def digest_period(on: datetime.date) -> str:
    """The ISO week a summary belongs to, e.g. "2012-W09": one summary per person per week."""
    year, week, _day = on.isocalendar()
    return f"{year}-W{week:02d}"


def _claim_digest(person: Person, event_key: str) -> SentNotification | None:
    """Claim this week's summary and bind to it the items waiting for it, in one
    transaction: an item goes out in one summary at most."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            SentNotification.objects.select_for_update()
            .filter(person=person, event_key=event_key)
            .first()
        )
        if row is None:
            waiting = list(
                SentNotification.objects.select_for_update().filter(
                    person=person, status=SentStatus.QUEUED
                )
            )
            if not waiting:
                return None
            row = SentNotification.objects.create(
                person=person,
                kind=DIGEST_KIND,
                event_key=event_key,
                status=SentStatus.CLAIMED,
                claimed_at=now,
                attempts=1,
                to_address=person.email,
            )
            SentNotification.objects.filter(pk__in=[item.pk for item in waiting]).update(
                status=SentStatus.DIGESTED, digest=row, updated=now
            )
            return row
        if row.status == SentStatus.CLAIMED and row.claimed_at < now - claim_timeout():
            give_up_stale_claim(row)
        if row.status != SentStatus.RETRYING:
            return None
        row.status = SentStatus.CLAIMED
        row.claimed_at = now
        row.attempts += 1
        row.save(update_fields=["status", "claimed_at", "attempts", "updated"])
        return row


def digest_message(person: Person, items: list[SentNotification], period: str) -> Message:
    count = len(items)
    subject = f"Your weekly summary: {count} notification{'s' if count != 1 else ''}"
    return render_message(
        "email/notifications/digest",
        {"items": items, "period": period},
        person=person,
        subject=subject,
    )


def digest_send(*, person_id: int, period: str, final: bool = True) -> SentStatus | None:
    """Send one person their summary of the items queued for it, at most once per week.
    Returns what became of it, or None when there was nothing (more) to send."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not (person.active and person.email):
        return None
    row = _claim_digest(person, f"digest:{period}")
    if row is None:
        return None
    items = list(row.items.order_by("created", "pk"))
    sender = Sender()
    try:
        outcome = send_claimed(
            row, person, lambda p: digest_message(p, items, period), sender, final=final
        )
    finally:
        sender.close()
    if outcome == SentStatus.RETRYING:
        raise DeliveryError(f"digest:{period} to {person}: to retry")
    return outcome
