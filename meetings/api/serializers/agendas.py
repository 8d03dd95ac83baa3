"""Meetings and their agendas. Published agendas are JSON snapshots (meetings.snapshots);
these serializers describe the shape the API gives them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.access import Restrictions, visible_items
from meetings.api.base import ReadOnlyModelSerializer, ReadOnlySerializer
from meetings.models import AgendaVersion, Meeting
from meetings.selectors import restrictions_of

from .references import BodyRefSerializer, absolute_url, page_url, partnership_field

RESTRICTED_ITEM = "Restricted item"


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
    partnership = partnership_field()
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
            "partnership",
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
            "page": page_url(request, meeting.get_absolute_url()),
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
    partnership = partnership_field("meeting.body.partnership")
    items = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = AgendaVersion
        fields = [
            "id",
            "meeting",
            "partnership",
            "number",
            "published_at",
            "change_note",
            "items",
            "page",
        ]

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
