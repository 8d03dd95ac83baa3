"""References: the few fields that name a related record, and absolute addresses."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.reverse import reverse

from django.urls import reverse as django_reverse
from django.utils.http import urlencode

from meetings.api.base import PARTNERSHIP_PARAM, ReadOnlyModelSerializer, partnership_asked
from meetings.models import Meeting
from membership.models import Body, Organisation, Partnership, Person, Seat, Sector


def _other_site_root(request) -> str | None:
    """The root of the site of the partnership `?partnership=` names, when that is not the
    host asked: its pages answer there, and are a 404 here."""
    if not request.GET.get(PARTNERSHIP_PARAM):
        return None
    site = partnership_asked(request).site
    if site is None or site.hostname == request.get_host().rsplit(":", 1)[0]:
        return None
    return site.root_url


def page_url(request, path: str) -> str:
    """A page's address on the site of the partnership whose records are read."""
    root = _other_site_root(request)
    return f"{root}{path}" if root else request.build_absolute_uri(path)


def absolute_url(request, name: str, query: str = "", **kwargs) -> str:
    """A link to another list of the API keeps the partnership the request named, so it
    lists the same partnership's records (meetings.api.base.partnership_asked); a link to a
    page or file is on that partnership's site."""
    if name.startswith("api:"):
        url = reverse(name, kwargs=kwargs, request=request)
        named = request.GET.get(PARTNERSHIP_PARAM)
        if named:
            query = "&".join(filter(None, [query, urlencode({PARTNERSHIP_PARAM: named})]))
    else:
        url = page_url(request, django_reverse(name, kwargs=kwargs))
    return f"{url}?{query}" if query else url


class PartnershipRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Partnership
        fields = ["code", "name"]


PARTNERSHIP_HELP = (
    "The partnership that runs it (a joint body's records are listed under each partnership "
    "it serves: see `?partnership=`)."
)


def partnership_field(source: str = "body.partnership") -> PartnershipRefSerializer:
    """The partnership a record belongs to, through its body (join it in the selector);
    `partnership` for a record that names it itself."""
    sourced = {} if source == "partnership" else {"source": source}
    return PartnershipRefSerializer(read_only=True, help_text=PARTNERSHIP_HELP, **sourced)


class BodyRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "slug", "name"]


class PersonRefSerializer(ReadOnlyModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name"]


class OrganisationRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name"]


class SectorRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "slug", "name"]


class MeetingRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "start"]


class SeatRefSerializer(ReadOnlyModelSerializer):
    seat_type_label = serializers.CharField(source="get_seat_type_display", read_only=True)

    class Meta:
        model = Seat
        fields = ["id", "title", "seat_type", "seat_type_label"]
