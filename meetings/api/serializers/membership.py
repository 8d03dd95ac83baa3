"""Membership: sectors, organisations, people, bodies and memberships."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils import timezone

from meetings.api.base import ReadOnlyModelSerializer, ReadOnlySerializer
from membership.models import Body, Membership, Organisation, Partnership, Person, Sector

from .references import (
    BodyRefSerializer,
    OrganisationRefSerializer,
    PartnershipRefSerializer,
    PersonRefSerializer,
    SeatRefSerializer,
    SectorRefSerializer,
    absolute_url,
    page_url,
    partnership_field,
)


class SectorSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "slug", "name", "description"]


class OrganisationSerializer(ReadOnlyModelSerializer):
    sector = SectorRefSerializer(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "sector", "active"]


class PartnershipSerializer(ReadOnlyModelSerializer):
    hostname = serializers.CharField(
        source="site.hostname",
        read_only=True,
        allow_null=True,
        help_text="Where its site answers; null for the default partnership without a site of "
        "its own (it answers on every other address).",
    )
    board = BodyRefSerializer(read_only=True, allow_null=True, help_text="Its top-level board.")

    class Meta:
        model = Partnership
        fields = ["id", "code", "name", "hostname", "is_default", "board"]


class PersonSerializer(ReadOnlyModelSerializer):
    name = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()
    partnership = PartnershipRefSerializer(
        read_only=True, help_text="The partnership that keeps the person's record."
    )

    class Meta:
        model = Person
        fields = ["id", "name", "honorific", "given_name", "family_name", "email", "partnership"]

    @extend_schema_field(
        serializers.EmailField(
            allow_null=True, help_text="Only for the business unit; null for everyone else."
        )
    )
    def get_email(self, person: Person) -> str | None:
        return person.email if self.context["reader"].is_business_unit else None


class ChairSerializer(ReadOnlyModelSerializer):
    person = PersonRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "role", "role_label", "job_title", "organisation", "start_date"]


class BodyLinksSerializer(ReadOnlySerializer):
    page = serializers.URLField(help_text="The body's public page.")
    meetings = serializers.URLField(help_text="Its meetings in this API.")
    memberships = serializers.URLField(help_text="Its members today in this API.")
    calendar = serializers.URLField(help_text="Its meetings as an iCalendar feed.")


class BodySerializer(ReadOnlyModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    partnership = partnership_field("partnership")
    also_serves = serializers.SerializerMethodField()
    parent = BodyRefSerializer(read_only=True, allow_null=True)
    chair = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "partnership",
            "also_serves",
            "parent",
            "purpose",
            "meeting_frequency",
            "active_from",
            "active_until",
            "chair",
            "links",
        ]

    @extend_schema_field(
        PartnershipRefSerializer(
            many=True,
            help_text="The other partnerships a joint body reports to; empty for most bodies.",
        )
    )
    def get_also_serves(self, body: Body) -> list[dict]:
        # From the selector's prefetch of also_reports_to with their partnerships.
        others = {}
        for parent in body.also_reports_to.all():
            if parent.partnership_id != body.partnership_id:
                others[parent.partnership_id] = parent.partnership
        return PartnershipRefSerializer(list(others.values()), many=True).data

    @extend_schema_field(ChairSerializer(allow_null=True, help_text="Who chairs it today."))
    def get_chair(self, body: Body) -> dict | None:
        chairs = body.current_chairs
        return ChairSerializer(chairs[0], context=self.context).data if chairs else None

    @extend_schema_field(BodyLinksSerializer)
    def get_links(self, body: Body) -> dict:
        request = self.context["request"]
        today = timezone.localdate().isoformat()
        return {
            "page": page_url(request, body.get_absolute_url()),
            "meetings": absolute_url(request, "api:meeting-list", f"body={body.slug}"),
            "memberships": absolute_url(
                request, "api:membership-list", f"body={body.slug}&on={today}"
            ),
            "calendar": absolute_url(request, "meetings:body_feed", slug=body.slug),
        }


class MembershipSerializer(ReadOnlyModelSerializer):
    person = PersonRefSerializer(read_only=True)
    body = BodyRefSerializer(read_only=True)
    partnership = partnership_field()
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation = OrganisationRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The agency the person represents on the body (Popolo on_behalf_of).",
    )
    seat = SeatRefSerializer(read_only=True, allow_null=True, help_text="The seat (Popolo post).")

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "body",
            "partnership",
            "role",
            "role_label",
            "organisation",
            "seat",
            "job_title",
            "start_date",
            "end_date",
        ]
