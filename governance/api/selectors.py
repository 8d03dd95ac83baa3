"""The governance API's reads: the pages' selectors (so the same rows are left out), ordered
by something unique for stable pages, with everything the serializers read joined or
prefetched, so a page of 100 costs the queries of a page of 5."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from governance.models import Action, Challenge, Decision, Metric, MetricDefinition, MetricValue
from governance.performance.selectors import metric_queryset_visible
from governance.selectors import (
    action_queryset_visible,
    challenge_queryset_visible,
    decision_list_visible,
)
from membership.access import AnyUser


def decision_list(user: AnyUser) -> QuerySet[Decision]:
    """The decisions register as the user may see it, oldest first."""
    return decision_list_visible(user).order_by("decided_on", "sequence", "pk")


def action_list(user: AnyUser) -> QuerySet[Action]:
    """The action log as the user may see it, soonest due first (as on /actions/)."""
    return (
        action_queryset_visible(user)
        .select_related("challenge")
        .order_by("due_date", "body__name", "sequence", "pk")
    )


def challenge_list(user: AnyUser) -> QuerySet[Challenge]:
    """The challenge log as the user may see it, oldest first."""
    return challenge_queryset_visible(user).order_by("raised_on", "sequence", "pk")


def metric_list(user: AnyUser) -> QuerySet[Metric]:
    """The metrics the user may see, in the performance page's order, with definitions."""
    return (
        metric_queryset_visible(user)
        .prefetch_related(
            Prefetch("definitions", queryset=MetricDefinition.objects.order_by("effective_from"))
        )
        .order_by("sort_order", "name", "pk")
    )


def metric_value_list(user: AnyUser) -> QuerySet[MetricValue]:
    """Every figure of the metrics the user may see, revisions included, by metric and
    period, each period's figures in the order they were recorded."""
    return (
        MetricValue.objects.filter(metric__in=metric_queryset_visible(user))
        .select_related("metric")
        .order_by("metric__sort_order", "metric_id", "period_kind", "period_start", "pk")
    )
