"""The standing register of interests: what each member has registered, when they last
confirmed it, and who is due to confirm it again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Q, Subquery

from governance.models import (
    CONFIRMATION_INTERVAL_DAYS,
    DeclarationOfInterest,
    InterestConfirmation,
    RegisteredInterest,
)
from meetings.models import Meeting
from membership.models import Body, Membership, Person
from membership.selectors import membership_list_current


def _held_on(on: datetime.date) -> Q:
    return (Q(start_date__isnull=True) | Q(start_date__lte=on)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def confirmation_due_since(last: datetime.datetime | None) -> datetime.date | None:
    """The day the next confirmation falls due; None when it never was confirmed (due now)."""
    if last is None:
        return None
    return last.date() + datetime.timedelta(days=CONFIRMATION_INTERVAL_DAYS)


def is_overdue(last: datetime.datetime | None, on: datetime.date) -> bool:
    due = confirmation_due_since(last)
    return due is None or due <= on


def registered_interests(body: Body, on_date: datetime.date) -> dict[int, list]:
    """The interests held on the day by each current member of the body, by person id: what
    the meeting console offers when it prompts declarations at an item. One query."""
    interests = RegisteredInterest.objects.filter(
        _held_on(on_date),
        person__in=Membership.objects.filter(body=body).current_on(on_date).values("person_id"),
    ).order_by("person_id", "kind", "pk")
    found: dict[int, list] = {}
    for interest in interests:
        found.setdefault(interest.person_id, []).append(interest)
    return found


@dataclass
class RegisterEntry:
    membership: Membership
    interests: list = field(default_factory=list)
    last_confirmed: datetime.datetime | None = None
    overdue: bool = True


def body_register(body: Body, on: datetime.date) -> list[RegisterEntry]:
    """Each current member of the body with the interests they hold and their last
    confirmation, in two queries however many members there are."""
    last = InterestConfirmation.objects.filter(person=OuterRef("person_id")).order_by(
        "-confirmed_at"
    )
    memberships = list(
        membership_list_current(body, on).annotate(
            last_confirmed=Subquery(last.values("confirmed_at")[:1])
        )
    )
    held = registered_interests(body, on)
    return [
        RegisterEntry(
            membership=membership,
            interests=held.get(membership.person_id, []),
            last_confirmed=membership.last_confirmed,
            overdue=is_overdue(membership.last_confirmed, on),
        )
        for membership in memberships
    ]


def my_register(person: Person) -> tuple[list[RegisteredInterest], InterestConfirmation | None]:
    interests = list(
        RegisteredInterest.objects.filter(person=person).order_by("-end_date", "kind", "pk")
    )
    last = InterestConfirmation.objects.filter(person=person).order_by("-confirmed_at").first()
    return interests, last


def people_due_confirmation(on: datetime.date) -> list[int]:
    """People with a login who sit on a body today and whose register is not confirmed in
    the last year (or ever)."""
    cutoff = on - datetime.timedelta(days=CONFIRMATION_INTERVAL_DAYS)
    sitting = Membership.objects.current_on(on).values("person_id")
    return list(
        Person.objects.filter(pk__in=sitting, active=True, user__isnull=False)
        .annotate(last=Max("interest_confirmations__confirmed_at"))
        .filter(Q(last__isnull=True) | Q(last__date__lte=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def meeting_declarations(meeting: Meeting) -> dict[int, list[DeclarationOfInterest]]:
    """Declarations made at the meeting's items, by agenda item id."""
    found: dict[int, list] = {}
    for declaration in DeclarationOfInterest.objects.filter(
        agenda_item__meeting=meeting
    ).select_related("person"):
        found.setdefault(declaration.agenda_item_id, []).append(declaration)
    return found


__all__ = [
    "body_register",
    "meeting_declarations",
    "my_register",
    "people_due_confirmation",
    "registered_interests",
]
