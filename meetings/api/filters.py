"""Query parameters of the list endpoints. Bad values are a 400 naming the parameter."""

from __future__ import annotations

import datetime

from django_filters import rest_framework as filters

from django.db.models import Q
from django.utils import timezone

from meetings.api.base import DateRangeFilterSet, IdFilter, body_filter
from meetings.models import AgendaVersion, Meeting, MeetingStatus
from membership.models import Body, BodyKind, Membership, Organisation, RoleType


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class BodyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=BodyKind.choices)
    parent = body_filter("parent")
    slug = filters.CharFilter(label="A body's slug: the one body with it.")

    class Meta:
        model = Body
        fields = ["kind", "parent", "slug"]


class OrganisationFilter(filters.FilterSet):
    sector = filters.CharFilter(field_name="sector__slug", label="The sector's slug.")
    active = filters.BooleanFilter()

    class Meta:
        model = Organisation
        fields = ["sector", "active"]


class MembershipFilter(DateRangeFilterSet):
    """Terms on a body, of a person, for an agency; `on` a date, or overlapping `from`–`to`."""

    body = body_filter()
    person = IdFilter(field_name="person_id", label="A person's id.")
    organisation = IdFilter(field_name="organisation_id", label="The id of the agency represented.")
    role = filters.ModelChoiceFilter(
        queryset=RoleType.objects.all(), to_field_name="key", label="A role's key, e.g. chair."
    )
    on = filters.DateFilter(
        method="filter_on", label="Terms current on this date (YYYY-MM-DD), e.g. today."
    )

    class Meta(DateRangeFilterSet.Meta):
        model = Membership
        fields = ["body", "person", "organisation", "role", "on"]

    def filter_on(self, queryset, name, value):
        return queryset.current_on(value)

    def filter_from(self, queryset, name, value):
        # Terms still running on or after the date.
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=value))

    def filter_to(self, queryset, name, value):
        # Terms begun on or before the date.
        return queryset.filter(start_date__lte=value)


class MeetingFilter(DateRangeFilterSet):
    """Meetings of a body, by status, starting between `from` and `to` (UK dates)."""

    body = body_filter()
    status = filters.ChoiceFilter(choices=MeetingStatus.choices)

    class Meta(DateRangeFilterSet.Meta):
        model = Meeting
        fields = ["body", "status"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(start__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(start__lt=_local_midnight(value + datetime.timedelta(days=1)))


class AgendaVersionFilter(filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="A meeting's id.")

    class Meta:
        model = AgendaVersion
        fields = ["meeting"]
