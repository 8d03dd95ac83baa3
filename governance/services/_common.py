"""What every governance service shares: the history stamp, saving, and numbering."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError

from core.dates import long_date, today
from core.history import stamp
from governance import access
from governance.models import Minutes, MinutesStatus, ReferenceCounter, ReferenceKind
from meetings.models import AgendaItem, Meeting
from meetings.published_items import may_be_shown
from membership.models import Body

__all__ = [
    "authorise_chair",
    "authorise_item",
    "next_number",
    "not_in_future",
    "reference_for",
    "refuse_after_approved_minutes",
]

Actor = User | AnonymousUser | None


def next_number(*, actor: Actor, kind: str, body: Body, year: int) -> int:
    """The next number of a kind of record for a body and year. The counter row stays locked
    until the caller's transaction ends, so a concurrent caller waits and gets the number
    after; a number is never given twice, even when its record is later withdrawn."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        kind=kind, body=body, year=year
    )
    counter.last_number += 1
    stamp(counter, actor, f"Numbered {kind} {counter.last_number}")
    counter.save()
    return counter.last_number


def reference_for(kind: str, body: Body, year: int, number: int) -> str:
    """ "KSCB/2012/004"; a partnership made since partnerships began puts its own code first
    ("KSAB/EXEC/2026/001"), so two partnerships' references never clash."""
    code = body.reference_code
    if body.partnership.prefix_references:
        code = f"{body.partnership.code}/{code}"
    if kind == ReferenceKind.DECISION:
        return f"{code}/{year}/{number:03d}"
    if kind == ReferenceKind.ACTION:
        return f"{code}/{year}/A{number:03d}"
    if kind == ReferenceKind.CHALLENGE:
        return f"{code}/{year}/C{number:03d}"
    return f"{code}/R{number:02d}"


def number_record(record, *, actor: Actor, kind: str, year: int) -> None:
    number = next_number(actor=actor, kind=kind, body=record.body, year=year)
    record.year = year
    record.sequence = number
    reference = reference_for(kind, record.body, year, number)
    # A body that took over a short name another body once used could be given a
    # reference that body's records already carry: refuse, naming the record.
    clash = type(record).objects.filter(reference=reference).select_related("body").first()
    if clash is not None:
        raise ValidationError(
            f"This would be numbered {reference}, which {clash.body} already gave to "
            f"“{clash}”. Give {record.body} a short name of its own to record it."
        )
    record.reference = reference


def authorise_chair(actor: Actor, body: Body) -> None:
    """Chairs act on their own bodies, the business unit on all; `None` is the system
    (commands, the demo loader), which callers trust."""
    if actor is not None:
        access.require(access.may_act_as_chair(actor, body), access.chair_refusal(body))


def authorise_item(
    actor: Actor, item: AgendaItem | None, *, field: str = "agenda_item", doing: str = "log against"
) -> None:
    """Outside the business unit, records go on items of published agendas only: an item
    not yet published is the business unit's alone (meetings.published_items), so a chair
    may neither see it nor name it in a record. `None` is the system, as above."""
    if actor is None or item is None or may_be_shown(actor, item):
        return
    raise ValidationError(
        {
            field: f"That item is not yet on its meeting's published agenda: until it is, "
            f"only the business unit can {doing} it."
        }
    )


def not_in_future(value: datetime.date, field: str) -> None:
    if value > today():
        raise ValidationError(
            {field: f"{long_date(value)} is in the future: give the date it happened."}
        )


def refuse_after_approved_minutes(meeting: Meeting | None, what: str) -> None:
    """Approved minutes are the record of their meeting: nothing more is logged against it
    (the minutes show a meeting's decisions and actions inline, and are locked)."""
    if meeting is None:
        return
    if Minutes.objects.filter(meeting_id=meeting.pk, status=MinutesStatus.APPROVED).exists():
        raise ValidationError(
            {
                "meeting": f"The minutes of the meeting of {long_date(meeting.date)} have been "
                f"approved, so no more {what} can be recorded against it: record it at a later "
                "meeting, or amend the minutes by a decision."
            }
        )


NUMBERED_FIELDS = ["reference", "year", "sequence"]
