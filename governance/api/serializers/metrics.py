"""Performance metrics and their figures."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.models import Metric, MetricDefinition, MetricValue
from meetings.api.base import ReadOnlyModelSerializer, ReadOnlySerializer
from meetings.api.serializers import (
    BodyRefSerializer,
    OrganisationRefSerializer,
    absolute_url,
    partnership_field,
)

from ._common import RagSerializer, page_of, rag_of


class MetricRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", "slug", "name"]


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
    partnership = partnership_field("partnership")
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
            "partnership",
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
            "rag": rag_of(reading.rag),
            "direction": reading.direction.travel,
            "revised": reading.revised,
        }

    @extend_schema_field(MetricLinksSerializer)
    def get_links(self, metric: Metric) -> dict:
        request = self.context["request"]
        return {
            "page": page_of(self, metric),
            "values": absolute_url(request, "api:metricvalue-list", f"metric={metric.pk}"),
        }


class MetricValueSerializer(ReadOnlyModelSerializer):
    metric = MetricRefSerializer(read_only=True)
    partnership = partnership_field("metric.partnership")
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
            "partnership",
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
        return rag_of(figure.metric.rag_for(figure.value))
