"""Who gets a notification, and how each person wants it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from membership.access import BUSINESS_UNIT_GROUP
from membership.models import Body, Membership, Person

from .models import NotificationPreference, SentNotification, SentStatus
from .registry import Delivery, Notice


def people_reachable(people: Iterable[Person]) -> list[Person]:
    """The active people with an email address, each once, in a stable order."""
    unique = {person.pk: person for person in people}
    return sorted(
        (p for p in unique.values() if p.active and p.email), key=lambda person: person.pk
    )


def people_on_body(body: Body, on: datetime.date) -> list[Person]:
    """Everyone who sits on the body on the date, in any role (members, chairs, deputies,
    observers, advisers and clerks): who gets the body's papers."""
    memberships = Membership.objects.filter(body=body).current_on(on).select_related("person")
    return people_reachable(m.person for m in memberships)


def people_in_business_unit() -> list[Person]:
    """People whose active login is in the Business unit group."""
    people = Person.objects.filter(
        user__is_active=True, user__groups__name=BUSINESS_UNIT_GROUP
    ).distinct()
    return people_reachable(people)


def deliveries_for(people: list[Person], kind: type[Notice]) -> dict[int, Delivery]:
    """How each person wants this kind: their choice, or the kind's default. One query."""
    if not kind.optional:
        return {p.pk: Delivery.IMMEDIATE for p in people}
    chosen = dict(
        NotificationPreference.objects.filter(
            kind=kind.key, person__in=[p.pk for p in people]
        ).values_list("person_id", "delivery")
    )
    return {p.pk: Delivery(chosen.get(p.pk, kind.default)) for p in people}


def preferences_for_person(person: Person) -> dict[str, Delivery]:
    """The person's own choices, by kind key (kinds they never chose are absent)."""
    return {
        kind: Delivery(delivery)
        for kind, delivery in NotificationPreference.objects.filter(person=person).values_list(
            "kind", "delivery"
        )
    }


def people_with_digest_items() -> QuerySet[Person]:
    person_ids = SentNotification.objects.filter(status=SentStatus.QUEUED).values("person_id")
    return Person.objects.filter(pk__in=person_ids).order_by("pk")
