"""What the API says about decisions, actions, challenges and metrics: the fields their
pages show, never more. Who may see a record at all is decided in the views' querysets
(governance.selectors), so every row a serializer gets is one the reader may see; the
`restricted` flag says that it is seen only by members of its body and the business unit.

Internal working (action updates, challenge responses and assessments, who recorded a
figure, history) stays on the pages and out of the API.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils import timezone

from governance.api.agenda_items import SHOWN_ITEM, ItemsMarkedListSerializer, shown_item
from governance.models import (
    Action,
    Challenge,
    Decision,
    Metric,
    MetricDefinition,
    MetricValue,
    Rag,
)
from meetings.api.base import ReadOnlyModelSerializer, ReadOnlySerializer
from meetings.api.serializers import (
    BodyRefSerializer,
    MeetingRefSerializer,
    OrganisationRefSerializer,
    PersonRefSerializer,
    absolute_url,
)


def _page(serializer: serializers.Serializer, record) -> str:
    return serializer.context["request"].build_absolute_uri(record.get_absolute_url())


PAGE = serializers.URLField(help_text="The record's page.")
RESTRICTED = serializers.BooleanField(
    help_text="Seen only by current members of the body and the business unit (marked so, or "
    "on a restricted agenda item). Others never receive the record."
)


class RagSerializer(ReadOnlySerializer):
    state = serializers.CharField(help_text="The state, the same for every body.")
    label = serializers.CharField(help_text="The state in the words of the body's scheme.")


def _rag(rag: Rag) -> dict:
    return {"state": str(rag.state), "label": rag.label}


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


class MetricRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", "slug", "name"]


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------
class DecisionSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
    decision_type_label = serializers.CharField(source="get_decision_type_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    superseded_by = DecisionRefSerializer(
        read_only=True, allow_null=True, help_text="The later decision that replaces this one."
    )
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    agenda_item = serializers.SerializerMethodField()
    restricted = serializers.BooleanField(read_only=True, help_text=RESTRICTED.help_text)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        list_serializer_class = ItemsMarkedListSerializer
        fields = [
            "id",
            "reference",
            "body",
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
        ]

    @extend_schema_field(SHOWN_ITEM)
    def get_agenda_item(self, decision: Decision) -> dict | None:
        return shown_item(self, decision)

    @extend_schema_field(PAGE)
    def get_page(self, decision: Decision) -> str:
        return _page(self, decision)


# ---------------------------------------------------------------------------
# Actions and challenges (members and the business unit only)
# ---------------------------------------------------------------------------
class ActionSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
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

    @extend_schema_field(RagSerializer(help_text="Today's RAG, by the body's scheme."))
    def get_rag(self, action: Action) -> dict:
        return _rag(self._rag_today(action))

    @extend_schema_field(serializers.BooleanField(help_text="Open and past its due date today."))
    def get_overdue(self, action: Action) -> bool:
        return self._rag_today(action).state == "overdue"

    @extend_schema_field(PAGE)
    def get_page(self, action: Action) -> str:
        return _page(self, action)


class ChallengeSerializer(ReadOnlyModelSerializer):
    body = BodyRefSerializer(read_only=True)
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
        return _page(self, challenge)


# ---------------------------------------------------------------------------
# Metrics and their figures
# ---------------------------------------------------------------------------
def _figure(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, **kwargs
    )


class MetricDefinitionSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = MetricDefinition
        fields = ["effective_from", "text"]


class MetricReadingSerializer(ReadOnlySerializer):
    figure_id = serializers.IntegerField(help_text="The figure's id in /api/v1/metric-values/.")
    period_kind = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    period_label = serializers.CharField(help_text="e.g. “March 2012”, “Q3 2011/12”.")
    value = _figure()
    display = serializers.CharField(help_text="As the pages write it: “46.0%”.")
    rag = RagSerializer(help_text="Against the metric's target.")
    direction = serializers.CharField(
        help_text="Against the period before: improving, worsening, no_change or not_known."
    )
    revised = serializers.BooleanField(help_text="The figure differs from the one first reported.")


class MetricLinksSerializer(ReadOnlySerializer):
    page = serializers.URLField(help_text="The metric's performance page.")
    values = serializers.URLField(help_text="Its figures in this API.")


class MetricSerializer(ReadOnlyModelSerializer):
    unit_label = serializers.CharField(source="get_unit_display", read_only=True)
    polarity_label = serializers.CharField(source="get_polarity_display", read_only=True)
    owner = OrganisationRefSerializer(read_only=True, help_text="The agency that supplies it.")
    body = BodyRefSerializer(read_only=True, help_text="The body it is reported to.")
    target = _figure(allow_null=True)
    amber_within = _figure(allow_null=True)
    rag_rule = serializers.CharField(read_only=True)
    restricted = serializers.BooleanField(
        source="is_restricted",
        read_only=True,
        help_text="Seen only by current members of the body it reports to and the business unit.",
    )
    definitions = MetricDefinitionSerializer(many=True, read_only=True)
    latest = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Metric
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "unit",
            "unit_label",
            "polarity",
            "polarity_label",
            "period_kind",
            "owner",
            "body",
            "target",
            "amber_within",
            "rag_rule",
            "restricted",
            "definitions",
            "latest",
            "links",
        ]

    @extend_schema_field(
        MetricReadingSerializer(
            allow_null=True,
            help_text="The latest figure known today, as the performance page shows it; null "
            "before the first.",
        )
    )
    def get_latest(self, metric: Metric) -> dict | None:
        reading = metric.reading
        if reading is None:
            return None
        return {
            "figure_id": reading.point.figure.pk,
            "period_kind": reading.period.kind,
            "period_start": reading.period.start,
            "period_end": reading.period.end,
            "period_label": reading.period.label,
            "value": reading.value,
            "display": reading.display,
            "rag": _rag(reading.rag),
            "direction": reading.direction.travel,
            "revised": reading.revised,
        }

    @extend_schema_field(MetricLinksSerializer)
    def get_links(self, metric: Metric) -> dict:
        request = self.context["request"]
        return {
            "page": _page(self, metric),
            "values": absolute_url(request, "api:metricvalue-list", f"metric={metric.pk}"),
        }


class MetricValueSerializer(ReadOnlyModelSerializer):
    metric = MetricRefSerializer(read_only=True)
    period_end = serializers.DateField(source="period.end", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    value = _figure()
    display = serializers.CharField(read_only=True, help_text="As the pages write it: “46.0%”.")
    england = _figure(allow_null=True)
    statistical_neighbours = _figure(
        allow_null=True, help_text="The average of the statistical neighbours."
    )
    region = _figure(allow_null=True)
    rag = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(
        read_only=True, help_text="False once a revision has superseded this figure."
    )
    supersedes = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The id of the figure this one revised."
    )
    reason = serializers.CharField(read_only=True, help_text="Why the figure was revised.")

    class Meta:
        model = MetricValue
        fields = [
            "id",
            "metric",
            "period_kind",
            "period_start",
            "period_end",
            "period_label",
            "value",
            "display",
            "england",
            "statistical_neighbours",
            "region",
            "note",
            "rag",
            "recorded_on",
            "is_current",
            "supersedes",
            "reason",
        ]

    @extend_schema_field(RagSerializer(help_text="The figure against the metric's target."))
    def get_rag(self, figure: MetricValue) -> dict:
        return _rag(figure.metric.rag_for(figure.value))
