"""What every endpoint of the API shares, with pagination.py: the reader (who is asking,
and what the pages' access rule lets them see, answered once per request), cache headers,
and the `from`/`to` date filters. governance/api/ builds on these (see
meetings/api/__init__.py).
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from django import forms
from django.db.models import Q
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property

from meetings import access
from membership.access import AnyUser, people_managed
from membership.models import Body


class Reader:
    """Who is asking and what they may see, by the rule the pages use (meetings.access):
    restricted material of a body goes to its current members and the business unit."""

    def __init__(self, user: AnyUser):
        self.user = user

    @cached_property
    def people_kept(self) -> Q:
        """The people whose records and contact details the reader's business unit keeps."""
        return people_managed(self.user)

    @cached_property
    def restricted_body_ids(self) -> frozenset[int]:
        """Asked once per request, however many meetings the response lists."""
        return frozenset(access.restricted_body_ids(self.user))

    def sees_restricted_of(self, body_id: int) -> bool:
        return body_id in self.restricted_body_ids


class ApiView:
    """Mixed into every API view: serializers get the reader in their context, and a
    response that depends on who asked is never stored by a shared cache."""

    @cached_property
    def reader(self) -> Reader:
        return Reader(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "reader": self.reader}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


class ReadOnlyViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    # A list (/things/) and a detail (/things/<id>/) by the record's stable id. Subclasses'
    # docstrings describe them in the API documentation.
    lookup_value_converter = "int"


class OutputOnly:
    """Every field is output only, and always present (null when empty)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class ReadOnlyModelSerializer(OutputOnly, serializers.ModelSerializer):
    pass


class ReadOnlySerializer(OutputOnly, serializers.Serializer):
    """For data that is not a model row, such as a published agenda's snapshot."""


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """`?person=12`: a record's id, a whole number."""

    field_class = forms.IntegerField


def body_filter(field_name: str = "body") -> filters.ModelChoiceFilter:
    """`?body=<slug>`; an unknown slug is a 400 that says so, not an empty list."""
    return filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Body.objects.all(),
        to_field_name="slug",
        label="The body's slug, e.g. `executive` (see /api/v1/bodies/).",
        error_messages={"invalid_choice": "No body has this slug: see /api/v1/bodies/."},
    )


class DateRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", "This date is before `from`: give a later `to`, or swap them.")
        return cleaned


class DateRangeFilterSet(filters.FilterSet):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both inclusive and optional. Subclasses say what a
    date range means for their records in `filter_from` and `filter_to`."""

    # `from` is a Python keyword, so it is put in the class namespace by name.
    vars()["from"] = filters.DateFilter(
        method="filter_from", label="On or after this date (YYYY-MM-DD)."
    )
    to = filters.DateFilter(method="filter_to", label="On or before this date (YYYY-MM-DD).")

    class Meta:
        form = DateRangeForm

    def filter_from(self, queryset, name, value):
        raise NotImplementedError

    def filter_to(self, queryset, name, value):
        raise NotImplementedError
