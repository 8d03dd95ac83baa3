"""Who gets a notification, and how each person wants it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from membership.models import Body, Membership, Partnership, Person, default_partnership

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


def people_in_business_unit(
    *, partnership: Partnership | None = None, bodies: Iterable[Body] = ()
) -> list[Person]:
    """People whose active login is in the business-unit group of the partnership (the
    default one when none is named), or of every partnership the bodies serve: each one's
    own, and those whose boards a joint body reports to. Never another partnership's."""
    body_ids = [body.pk for body in bodies]
    if body_ids:
        joint = Body.also_reports_to.through.objects.filter(from_body_id__in=body_ids)
        served = Partnership.objects.filter(
            Q(pk__in=Body.objects.filter(pk__in=body_ids).values("partnership_id"))
            | Q(pk__in=joint.values("to_body__partnership_id"))
        )
    else:
        served = Partnership.objects.filter(pk=(partnership or default_partnership()).pk)
    people = Person.objects.filter(
        user__is_active=True, user__groups__partnership__in=served.values("pk")
    ).distinct()
    return people_reachable(people)


def partnership_due(on: datetime.date) -> list[dict]:
    """A weekly business-unit notice's parameters for the day: one per partnership, each
    about that partnership's bodies alone (the default one's without naming it, as before
    there were several)."""
    return [
        {"on": on.isoformat(), **({} if is_default else {"partnership": pk})}
        for pk, is_default in Partnership.objects.order_by("pk").values_list("pk", "is_default")
    ]


def partnership_named(pk: int | None) -> Partnership | None:
    """The partnership a weekly notice is about (the default one when it names none); None
    when it has gone since the notice was queued."""
    if pk is None:
        return default_partnership()
    return Partnership.objects.filter(pk=pk).first()


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
