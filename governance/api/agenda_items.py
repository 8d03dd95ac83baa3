"""How the API names the agenda item a record was taken on: only when the reader may see
it named (meetings.published_items), so an item not yet on its meeting's published agenda
reaches the business unit alone."""

from __future__ import annotations

from rest_framework import serializers

from meetings.api.base import ReadOnlyModelSerializer
from meetings.models import AgendaItem
from meetings.published_items import mark_shown


class AgendaItemRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "number", "title"]


class ItemsMarkedListSerializer(serializers.ListSerializer):
    """Finds out at once, for a whole page, which of its records' items the reader may see
    named (meetings.published_items), rather than one query a row."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        mark_shown(self.context["request"].user, [row.agenda_item for row in rows])
        return super().to_representation(rows)


def shown_item(serializer: serializers.Serializer, record) -> dict | None:
    item = record.agenda_item
    if item is None:
        return None
    if not hasattr(item, "shown"):
        mark_shown(serializer.context["request"].user, [item])
    return AgendaItemRefSerializer(item).data if item.shown else None


SHOWN_ITEM = AgendaItemRefSerializer(
    allow_null=True,
    help_text="The agenda item it was taken on; null when on none, or on an item not yet on "
    "the meeting's published agenda (which only the business unit sees).",
)
