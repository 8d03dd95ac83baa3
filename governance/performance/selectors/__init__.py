"""Reads of performance figures and audits, for pages and report blocks."""

from .audits import (
    AuditActions,
    AuditRecommendationRow,
    audit_actions,
    audit_findings,
    audit_get_visible,
    audit_list_visible,
)
from .metrics import (
    MetricPoint,
    MetricReading,
    metric_get_visible,
    metric_latest,
    metric_latest_many,
    metric_list_visible,
    metric_queryset_visible,
    metric_rag_counts,
    metric_series,
)

__all__ = [
    "AuditActions",
    "AuditRecommendationRow",
    "MetricPoint",
    "MetricReading",
    "audit_actions",
    "audit_findings",
    "audit_get_visible",
    "audit_list_visible",
    "metric_get_visible",
    "metric_latest",
    "metric_latest_many",
    "metric_list_visible",
    "metric_queryset_visible",
    "metric_rag_counts",
    "metric_series",
]
