"""Decisions, actions and challenges."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils import timezone

from governance.api.agenda_items import SHOWN_ITEM, ItemsMarkedListSerializer, shown_item
from governance.models import Action, Ballot, Challenge, Decision, Rag, Vote
from meetings.api.base import ReadOnlyModelSerializer
from meetings.api.serializers import (
    BodyRefSerializer,
    MeetingRefSerializer,
    OrganisationRefSerializer,
    PersonRefSerializer,
    partnership_field,
)

from ._common import PAGE, RESTRICTED, RagSerializer, page_of, rag_of


# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------
class DecisionRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "reference"]


class ChallengeRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Challenge
        fields = ["id", "reference"]


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------
class BallotSerializer(ReadOnlyModelSerializer):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = Ballot
        fields = ["person", "choice"]


class VoteSerializer(ReadOnlyModelSerializer):
    summary = serializers.CharField(read_only=True)
    ballots = serializers.SerializerMethodField(
        help_text="Each member's vote, when the vote was recorded by name; otherwise empty."
    )

    class Meta:
        model = Vote
        fields = [
            "occasion",
            "recording",
            "votes_for",
            "votes_against",
            "abstentions",
            "entitled",
            "casting_vote",
            "carried",
            "taken_at",
            "summary",
            "ballots",
        ]

    @extend_schema_field(BallotSerializer(many=True))
    def get_ballots(self, vote: Vote) -> list[dict]:
        if not vote.by_name:
            return []
        return BallotSerializer(vote.ballots.all(), many=True, context=self.context).data


class DecisionSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
    partnership = partnership_field()
    decision_type_label = serializers.CharField(source="get_decision_type_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    superseded_by = DecisionRefSerializer(
        read_only=True, allow_null=True, help_text="The later decision that replaces this one."
    )
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    agenda_item = serializers.SerializerMethodField()
    restricted = serializers.BooleanField(read_only=True, help_text=RESTRICTED.help_text)
    page = serializers.SerializerMethodField()
    vote = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        list_serializer_class = ItemsMarkedListSerializer
        fields = [
            "id",
            "reference",
            "body",
            "partnership",
            "decided_on",
            "title",
            "text",
            "decision_type",
            "decision_type_label",
            "status",
            "status_label",
            "status_note",
            "superseded_by",
            "meeting",
            "agenda_item",
            "restricted",
            "page",
            "vote",
        ]

    @extend_schema_field(SHOWN_ITEM)
    def get_agenda_item(self, decision: Decision) -> dict | None:
        return shown_item(self, decision)

    @extend_schema_field(VoteSerializer(allow_null=True))
    def get_vote(self, decision: Decision) -> dict | None:
        """The vote that carried or lost it; null for a decision taken by consensus."""
        vote = getattr(decision, "vote", None)
        return VoteSerializer(vote, context=self.context).data if vote else None

    @extend_schema_field(PAGE)
    def get_page(self, decision: Decision) -> str:
        return page_of(self, decision)


# ---------------------------------------------------------------------------
# Actions and challenges (members and the business unit only)
# ---------------------------------------------------------------------------
class ActionSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
    partnership = partnership_field()
    owner = PersonRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(
        read_only=True, allow_null=True, help_text="The agency the owner acts for."
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rag = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    decision = DecisionRefSerializer(read_only=True, allow_null=True)
    challenge = ChallengeRefSerializer(read_only=True, allow_null=True)
    restricted = serializers.BooleanField(read_only=True, help_text=RESTRICTED.help_text)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "reference",
            "body",
            "partnership",
            "description",
            "owner",
            "organisation",
            "raised_on",
            "due_date",
            "status",
            "status_label",
            "closed_on",
            "rag",
            "overdue",
            "meeting",
            "decision",
            "challenge",
            "source_note",
            "restricted",
            "page",
        ]

    def _rag_today(self, action: Action) -> Rag:
        rag = getattr(action, "_rag_today", None)
        if rag is None:
            rag = action._rag_today = action.rag_on(timezone.localdate())
        return rag

    @extend_schema_field(
        RagSerializer(help_text="Today's RAG, in the words of the action's partnership.")
    )
    def get_rag(self, action: Action) -> dict:
        return rag_of(self._rag_today(action))

    @extend_schema_field(serializers.BooleanField(help_text="Open and past its due date today."))
    def get_overdue(self, action: Action) -> bool:
        return self._rag_today(action).state == "overdue"

    @extend_schema_field(PAGE)
    def get_page(self, action: Action) -> str:
        return page_of(self, action)


class ChallengeSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
    partnership = partnership_field()
    raised_by = PersonRefSerializer(read_only=True)
    agency = OrganisationRefSerializer(read_only=True, help_text="The agency challenged.")
    agency_lead = PersonRefSerializer(
        read_only=True, allow_null=True, help_text="Who answers for the agency."
    )
    evidence_kind_label = serializers.CharField(source="get_evidence_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    assessment_label = serializers.CharField(source="get_assessment_display", read_only=True)
    escalation_label = serializers.CharField(source="get_escalation_level_display", read_only=True)
    response_overdue = serializers.SerializerMethodField()
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    restricted = serializers.BooleanField(read_only=True, help_text=RESTRICTED.help_text)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = [
            "id",
            "reference",
            "body",
            "partnership",
            "raised_on",
            "raised_by",
            "meeting",
            "agency",
            "agency_lead",
            "issue",
            "evidence_kind",
            "evidence_kind_label",
            "evidence_detail",
            "ask",
            "response_due",
            "response_overdue",
            "status",
            "status_label",
            "assessment",
            "assessment_label",
            "escalation_level",
            "escalation_label",
            "outcome",
            "impact",
            "closed_on",
            "restricted",
            "page",
        ]

    @extend_schema_field(serializers.BooleanField(help_text="The agency's answer is late today."))
    def get_response_overdue(self, challenge: Challenge) -> bool:
        return challenge.response_overdue_on(timezone.localdate())

    @extend_schema_field(PAGE)
    def get_page(self, challenge: Challenge) -> str:
        return page_of(self, challenge)
