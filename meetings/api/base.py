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
from rest_framework.exceptions import ValidationError

from django import forms
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property

from meetings import access
from meetings.api.schema import PartnershipSchema
from membership.access import AnyUser
from membership.models import Body, Partnership
from membership.partnerships import for_request, managed_partnership_ids

PARTNERSHIP_PARAM = "partnership"


def partnership_asked(request) -> Partnership:
    """The partnership a request reads: the one named by `?partnership=<CODE>`, else the
    one whose site answers the host (membership.partnerships.for_request). Kept on the
    request, so the view, its filters and its serializers agree. An unknown code is a 400
    saying so, never another partnership's records."""
    found = getattr(request, "_api_partnership", None)
    if found is None:
        code = request.GET.get(PARTNERSHIP_PARAM, "").strip()
        if code:
            found = (
                Partnership.objects.select_related("site", "board")
                .filter(code__iexact=code)
                .first()
            )
            if found is None:
                raise ValidationError(
                    {
                        PARTNERSHIP_PARAM: f"No partnership has the code “{code[:20]}”: see "
                        "/api/v1/partnerships/ for the codes."
                    }
                )
        else:
            found = for_request(request)
        request._api_partnership = found
    return found


class Reader:
    """Who is asking and what they may see, by the rule the pages use (meetings.access):
    restricted material of a body goes to its current members and the business unit."""

    def __init__(self, user: AnyUser, partnership: Partnership):
        self.user = user
        self.partnership = partnership

    @cached_property
    def is_business_unit(self) -> bool:
        """Whether they run the partnership asked for: one partnership's business unit never
        sees another's people (membership.partnerships)."""
        return self.partnership.pk in managed_partnership_ids(self.user)

    @cached_property
    def restricted_body_ids(self) -> frozenset[int]:
        """Asked once per request, however many meetings the response lists."""
        return frozenset(access.restricted_body_ids(self.user))

    def sees_restricted_of(self, body_id: int) -> bool:
        return body_id in self.restricted_body_ids


class ApiView:
    """Mixed into every API view: serializers get the reader in their context, and a
    response that depends on who asked is never stored by a shared cache. A view whose rows
    belong to bodies reads one partnership's (`self.partnership`): its selectors keep the
    rows of the bodies serving it (membership.partnerships.body_ids_in)."""

    schema = PartnershipSchema()
    reads_partnership = True

    @cached_property
    def partnership(self) -> Partnership:
        if getattr(self, "swagger_fake_view", False):
            # The schema is drawn from the querysets' models, without a request to serve:
            # an unsaved partnership builds them without asking the database.
            return Partnership()
        return partnership_asked(self.request)

    @cached_property
    def reader(self) -> Reader:
        return Reader(self.request.user, self.partnership)

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


def _bodies_of_partnership(request):
    # Slugs are unique within a partnership, not across them (membership.models.Body).
    if request is None:
        return Body.objects.all()
    return Body.objects.in_partnership(partnership_asked(request))


def body_filter(field_name: str = "body") -> filters.ModelChoiceFilter:
    """`?body=<slug>` among the bodies of the partnership asked for; an unknown slug is a
    400 that says so, not an empty list."""
    return filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=_bodies_of_partnership,
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
