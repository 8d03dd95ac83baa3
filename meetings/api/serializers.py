"""What the API says about each record. Public fields only, except where the reader's rights
add more (through the `reader` in the context, see meetings.api.base.Reader):

- people: name and honorific; the email address only for the business unit;
- meetings: the online link only for members of the body and the business unit;
- agendas: the latest published version, with restricted items and papers only for members
  of the body and the business unit; everyone else sees "Restricted item" in its place, as
  on the meeting page (meetings.access.visible_items).

Papers are links to their permission-checked file addresses (/papers/<id>/), never files.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from django.utils import timezone

from meetings.access import Restrictions, visible_items
from meetings.api.base import ReadOnlyModelSerializer, ReadOnlySerializer
from meetings.models import AgendaVersion, Meeting
from meetings.selectors import restrictions_of
from membership.models import Body, Membership, Organisation, Person, Seat, Sector

RESTRICTED_ITEM = "Restricted item"


def absolute_url(request, name: str, query: str = "", **kwargs) -> str:
    url = reverse(name, kwargs=kwargs, request=request)
    return f"{url}?{query}" if query else url


# ---------------------------------------------------------------------------
# References: the few fields that name a related record
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Membership: sectors, organisations, people, bodies, memberships
# ---------------------------------------------------------------------------
class SectorSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "slug", "name", "description"]


class OrganisationSerializer(ReadOnlyModelSerializer):
    sector = SectorRefSerializer(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "sector", "active"]


class PersonSerializer(ReadOnlyModelSerializer):
    name = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "honorific", "given_name", "family_name", "email"]

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
            "parent",
            "purpose",
            "meeting_frequency",
            "active_from",
            "active_until",
            "chair",
            "links",
        ]

    @extend_schema_field(ChairSerializer(allow_null=True, help_text="Who chairs it today."))
    def get_chair(self, body: Body) -> dict | None:
        chairs = body.current_chairs
        return ChairSerializer(chairs[0], context=self.context).data if chairs else None

    @extend_schema_field(BodyLinksSerializer)
    def get_links(self, body: Body) -> dict:
        request = self.context["request"]
        today = timezone.localdate().isoformat()
        return {
            "page": request.build_absolute_uri(body.get_absolute_url()),
            "meetings": absolute_url(request, "api:meeting-list", f"body={body.slug}"),
            "memberships": absolute_url(
                request, "api:membership-list", f"body={body.slug}&on={today}"
            ),
            "calendar": absolute_url(request, "meetings:body_feed", slug=body.slug),
        }


class MembershipSerializer(ReadOnlyModelSerializer):
    person = PersonRefSerializer(read_only=True)
    body = BodyRefSerializer(read_only=True)
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
            "role",
            "role_label",
            "organisation",
            "seat",
            "job_title",
            "start_date",
            "end_date",
        ]


# ---------------------------------------------------------------------------
# Meetings and their agendas. Published agendas are JSON snapshots (meetings.snapshots);
# these serializers describe the shape the API gives them.
# ---------------------------------------------------------------------------
class PaperSerializer(ReadOnlySerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    restricted = serializers.BooleanField()
    version = serializers.IntegerField(
        allow_null=True, help_text="The version published; null while the paper is to follow."
    )
    page_count = serializers.IntegerField(allow_null=True)
    url = serializers.URLField(
        allow_null=True,
        help_text="The latest version's file, checked against the access rule on each request.",
    )
    version_url = serializers.URLField(allow_null=True, help_text="The published version's file.")


class AgendaItemSerializer(ReadOnlySerializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null for a restricted item.")
    number = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True, help_text="The item a sub-item is under.")
    title = serializers.CharField(help_text="“Restricted item” for those who may not see it.")
    purpose = serializers.CharField(allow_null=True)
    purpose_label = serializers.CharField(allow_null=True)
    presenter = serializers.CharField(allow_null=True, help_text="The presenter's name.")
    minutes = serializers.IntegerField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    restricted = serializers.BooleanField()
    hidden = serializers.BooleanField(
        help_text="True when the item is restricted and the reader may not see it: only its "
        "number is given."
    )
    papers = PaperSerializer(many=True)


class PublishedAgendaSerializer(ReadOnlySerializer):
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    items = AgendaItemSerializer(many=True, help_text="In agenda order.")


def _paper(paper: dict[str, Any], request) -> dict[str, Any]:
    version = paper.get("version")
    return {
        "id": paper["id"],
        "title": paper["title"],
        "restricted": bool(paper.get("restricted")),
        "version": version,
        "page_count": paper.get("page_count"),
        "url": absolute_url(request, "meeting_files:paper_file", paper_id=paper["id"])
        if version
        else None,
        "version_url": absolute_url(
            request, "meeting_files:paper_version", paper_id=paper["id"], number=version
        )
        if version
        else None,
    }


def agenda_items(
    items: list[dict], *, see_restricted: bool, now: Restrictions, request
) -> list[dict[str, Any]]:
    """A published agenda's items as the reader may see them: the pages' rule
    (meetings.access.visible_items, by today's restrictions), with every key present and
    papers as links."""
    shown = []
    for item in visible_items(items, see_restricted=see_restricted, now=now):
        if item.get("hidden"):
            shown.append(
                {
                    "id": None,
                    "number": item["number"],
                    "parent_id": None,
                    "title": RESTRICTED_ITEM,
                    "purpose": None,
                    "purpose_label": None,
                    "presenter": None,
                    "minutes": None,
                    "description": "",
                    "restricted": True,
                    "hidden": True,
                    "papers": [],
                }
            )
            continue
        shown.append(
            {
                "id": item["id"],
                "number": item.get("number", ""),
                "parent_id": item.get("parent_id"),
                "title": item.get("title", ""),
                "purpose": item.get("purpose"),
                "purpose_label": item.get("purpose_label"),
                "presenter": item.get("presenter") or None,
                "minutes": item.get("minutes"),
                "description": item.get("description", ""),
                "restricted": bool(item.get("restricted")),
                "hidden": False,
                "papers": [_paper(paper, request) for paper in item.get("papers", [])],
            }
        )
    return shown


class MeetingLinksSerializer(ReadOnlySerializer):
    page = serializers.URLField(help_text="The meeting's public page.")
    calendar = serializers.URLField(help_text="The meeting as an iCalendar file.")
    agenda_versions = serializers.URLField(help_text="Every published version of its agenda.")
    pack = serializers.URLField(
        allow_null=True,
        help_text="The papers pack (PDF) the reader may open; null until published.",
    )


class MeetingSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    online_link = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uid",
            "body",
            "title",
            "start",
            "end",
            "status",
            "status_label",
            "venue",
            "online_link",
            "notes",
            "agenda",
            "links",
        ]

    @extend_schema_field(
        serializers.URLField(
            allow_null=True,
            help_text="Only for members of the body and the business unit; null otherwise.",
        )
    )
    def get_online_link(self, meeting: Meeting) -> str | None:
        if meeting.online_link and self.context["reader"].sees_restricted_of(meeting.body_id):
            return meeting.online_link
        return None

    @extend_schema_field(
        PublishedAgendaSerializer(
            allow_null=True,
            help_text="The latest published agenda; null until one is published. Drafts are "
            "not in the API.",
        )
    )
    def get_agenda(self, meeting: Meeting) -> dict | None:
        version = meeting.latest_versions[0] if meeting.latest_versions else None
        if version is None:
            return None
        see_restricted = self.context["reader"].sees_restricted_of(meeting.body_id)
        return PublishedAgendaSerializer(
            {
                "version": version.number,
                "published_at": version.published_at,
                "items": agenda_items(
                    version.items,
                    see_restricted=see_restricted,
                    now=restrictions_of(meeting),
                    request=self.context["request"],
                ),
            }
        ).data

    @extend_schema_field(MeetingLinksSerializer)
    def get_links(self, meeting: Meeting) -> dict:
        request = self.context["request"]
        published = bool(meeting.latest_versions)
        return {
            "page": request.build_absolute_uri(meeting.get_absolute_url()),
            "calendar": absolute_url(request, "meetings:meeting_ics", pk=meeting.pk),
            "agenda_versions": absolute_url(
                request, "api:agendaversion-list", f"meeting={meeting.pk}"
            ),
            "pack": absolute_url(request, "meeting_files:meeting_pack", meeting_id=meeting.pk)
            if published
            else None,
        }


class AgendaVersionSerializer(ReadOnlyModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    items = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = AgendaVersion
        fields = ["id", "meeting", "number", "published_at", "change_note", "items", "page"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_items(self, version: AgendaVersion) -> list[dict]:
        see_restricted = self.context["reader"].sees_restricted_of(version.meeting.body_id)
        return AgendaItemSerializer(
            agenda_items(
                version.items,
                see_restricted=see_restricted,
                now=restrictions_of(version.meeting),
                request=self.context["request"],
            ),
            many=True,
        ).data

    @extend_schema_field(serializers.URLField(help_text="This version's public page."))
    def get_page(self, version: AgendaVersion) -> str:
        return absolute_url(
            self.context["request"],
            "meetings:agenda_version_detail",
            pk=version.meeting_id,
            number=version.number,
        )
