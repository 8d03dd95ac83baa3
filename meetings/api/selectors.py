"""The API's reads: each a queryset whose rows carry everything their serializer shows, so
a page of 5 rows costs the same queries as a page of 100."""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from meetings.models import AgendaVersion, Meeting
from meetings.selectors import current_restrictions_prefetch
from membership.models import (
    CHAIR_ROLES,
    Body,
    Membership,
    Organisation,
    Person,
    Seat,
    Sector,
)


def body_list(on: datetime.date) -> QuerySet[Body]:
    """Bodies with their parent and, in `current_chairs`, who chairs them on the date."""
    chairs = (
        Membership.objects.filter(role__in=CHAIR_ROLES)
        .current_on(on)
        .select_related("person", "organisation")
        .order_by("-start_date", "pk")
    )
    return (
        Body.objects.select_related("parent")
        .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="current_chairs"))
        .order_by("sort_order", "name", "pk")
    )


def person_list(*, kept: Q | None = None) -> QuerySet[Person]:
    """People who sit or sat on a body (the pages name them in membership lists, and nobody
    else is published), and those `kept` by the reader's business unit
    (membership.access.people_managed), each with `kept` saying whether they are."""
    people = Person.objects.order_by("family_name", "given_name", "pk")
    kept = kept if kept is not None else Q(pk__isnull=True)
    sits = Exists(Membership.objects.filter(person=OuterRef("pk")))
    return people.annotate(kept=ExpressionWrapper(kept, output_field=BooleanField())).filter(
        Q(sits) | kept
    )


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("sector").order_by("name", "pk")


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.order_by("name", "pk")


def seat_list() -> QuerySet[Seat]:
    return Seat.objects.order_by("body__sort_order", "body_id", "sort_order", "pk")


def membership_list() -> QuerySet[Membership]:
    return Membership.objects.select_related("person", "body", "organisation", "seat").order_by(
        "start_date", "pk"
    )


def latest_agenda_version() -> Prefetch:
    """Each meeting's newest published agenda, as a list of zero or one in `latest_versions`."""
    newest = AgendaVersion.objects.filter(meeting=OuterRef("meeting")).order_by("-number")
    return Prefetch(
        "agenda_versions",
        queryset=AgendaVersion.objects.filter(number=Subquery(newest.values("number")[:1])),
        to_attr="latest_versions",
    )


def meeting_list() -> QuerySet[Meeting]:
    """Meetings with their body, latest published agenda (the snapshot the pages show) and
    today's restrictions of its items and papers."""
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(latest_agenda_version(), current_restrictions_prefetch())
        .order_by("start", "pk")
    )


def agenda_version_list() -> QuerySet[AgendaVersion]:
    """Versions with their meeting and today's restrictions of its items and papers."""
    return (
        AgendaVersion.objects.select_related("meeting")
        .prefetch_related(current_restrictions_prefetch("meeting__agenda_items"))
        .order_by("meeting_id", "number")
    )
