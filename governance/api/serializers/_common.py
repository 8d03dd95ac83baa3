"""What the governance serializers share: a record's page, the restricted flag, RAG."""

from __future__ import annotations

from rest_framework import serializers

from governance.models import Rag
from meetings.api.base import ReadOnlySerializer
from meetings.api.serializers import page_url


def page_of(serializer: serializers.Serializer, record) -> str:
    return page_url(serializer.context["request"], record.get_absolute_url())


PAGE = serializers.URLField(help_text="The record's page.")
RESTRICTED = serializers.BooleanField(
    help_text="Seen only by current members of the body and the business unit (marked so, or "
    "on a restricted agenda item). Others never receive the record."
)


class RagSerializer(ReadOnlySerializer):
    state = serializers.CharField(help_text="The state, the same for every body.")
    label = serializers.CharField(help_text="The state in the words of the body's scheme.")


def rag_of(rag: Rag) -> dict:
    return {"state": str(rag.state), "label": rag.label}
