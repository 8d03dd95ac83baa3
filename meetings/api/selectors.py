"""The API's reads: each a queryset whose rows carry everything their serializer shows, so
a page of 5 rows costs the same queries as a page of 100."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from meetings.models import AgendaVersion, Meeting
from meetings.selectors import current_restrictions_prefetch
from membership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    Seat,
    Sector,
)
from membership.partnerships import body_ids_in


def body_list(on: datetime.date, partnership: Partnership) -> QuerySet[Body]:
    """The bodies serving the partnership (its own and joint bodies reporting into it) with
    their parent, the partnerships they serve and, in `current_chairs`, who chairs them on
    the date."""
    chairs = (
        Membership.objects.filter(role__may_chair=True)
        .current_on(on)
        .select_related("person", "role", "organisation")
        .order_by("-start_date", "pk")
    )
    return (
        Body.objects.in_partnership(partnership)
        .select_related("parent", "partnership")
        .prefetch_related(
            Prefetch("memberships", queryset=chairs, to_attr="current_chairs"),
            Prefetch("also_reports_to", queryset=Body.objects.select_related("partnership")),
        )
        .order_by("sort_order", "name", "pk")
    )


def person_list(partnership: Partnership, *, everyone: bool) -> QuerySet[Person]:
    """For anyone, the people who sit or sat on a body serving the partnership: the pages
    name them in membership lists, and nobody else is published. Its business unit also sees
    everyone whose record the partnership keeps."""
    people = Person.objects.select_related("partnership").order_by(
        "family_name", "given_name", "pk"
    )
    sits = Exists(
        Membership.objects.filter(person=OuterRef("pk"), body__in=body_ids_in(partnership))
    )
    if everyone:
        return people.filter(Q(partnership=partnership) | sits)
    return people.filter(sits)


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("sector").order_by("name", "pk")


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.order_by("name", "pk")


def seat_list(partnership: Partnership) -> QuerySet[Seat]:
    return Seat.objects.filter(body__in=body_ids_in(partnership)).order_by(
        "body__sort_order", "body_id", "sort_order", "pk"
    )


def membership_list(partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(body__in=body_ids_in(partnership))
        .select_related("person", "role", "body__partnership", "organisation", "seat")
        .order_by("start_date", "pk")
    )


def latest_agenda_version() -> Prefetch:
    """Each meeting's newest published agenda, as a list of zero or one in `latest_versions`."""
    newest = AgendaVersion.objects.filter(meeting=OuterRef("meeting")).order_by("-number")
    return Prefetch(
        "agenda_versions",
        queryset=AgendaVersion.objects.filter(number=Subquery(newest.values("number")[:1])),
        to_attr="latest_versions",
    )


def meeting_list(partnership: Partnership) -> QuerySet[Meeting]:
    """Meetings of the bodies serving the partnership with their body, latest published
    agenda (the snapshot the pages show) and today's restrictions of its items and papers."""
    return (
        Meeting.objects.filter(body__in=body_ids_in(partnership))
        .select_related("body__partnership")
        .prefetch_related(latest_agenda_version(), current_restrictions_prefetch())
        .order_by("start", "pk")
    )


def agenda_version_list(partnership: Partnership) -> QuerySet[AgendaVersion]:
    """Versions of the meetings of bodies serving the partnership, with their meeting and
    today's restrictions of its items and papers."""
    return (
        AgendaVersion.objects.filter(meeting__body__in=body_ids_in(partnership))
        .select_related("meeting__body__partnership")
        .prefetch_related(current_restrictions_prefetch("meeting__agenda_items"))
        .order_by("meeting_id", "number")
    )


def partnership_list() -> QuerySet[Partnership]:
    return Partnership.objects.select_related("site", "board").order_by("sort_order", "name", "pk")
