"""References: the few fields that name a related record, and absolute addresses."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.reverse import reverse

from meetings.api.base import ReadOnlyModelSerializer
from meetings.models import Meeting
from membership.models import Body, Organisation, Person, Seat, Sector


def absolute_url(request, name: str, query: str = "", **kwargs) -> str:
    url = reverse(name, kwargs=kwargs, request=request)
    return f"{url}?{query}" if query else url


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
