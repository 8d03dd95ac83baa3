"""The governance API's reads: the pages' selectors (so the same rows are left out), ordered
by something unique for stable pages, with everything the serializers read joined or
prefetched, so a page of 100 costs the queries of a page of 5. Each is of one partnership:
the records of the bodies serving it (a joint body's under each partnership it serves)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from governance.models import (
    Action,
    Ballot,
    Challenge,
    Decision,
    Metric,
    MetricDefinition,
    MetricValue,
)
from governance.performance.selectors import metric_queryset_visible
from governance.selectors import (
    action_queryset_visible,
    challenge_queryset_visible,
    decision_list_visible,
)
from membership.access import AnyUser
from membership.models import Partnership
from membership.partnerships import body_ids_in


def decision_list(user: AnyUser, partnership: Partnership) -> QuerySet[Decision]:
    """The decisions register as the user may see it, oldest first."""
    return (
        decision_list_visible(user)
        .filter(body__in=body_ids_in(partnership))
        .select_related("body__partnership")
        .prefetch_related(
            Prefetch("vote__ballots", queryset=Ballot.objects.select_related("person"))
        )
        .order_by("decided_on", "sequence", "pk")
    )


def action_list(user: AnyUser, partnership: Partnership) -> QuerySet[Action]:
    """The action log as the user may see it, soonest due first (as on /actions/)."""
    return (
        action_queryset_visible(user)
        .filter(body__in=body_ids_in(partnership))
        .select_related("challenge", "body__partnership")
        .order_by("due_date", "body__name", "sequence", "pk")
    )


def challenge_list(user: AnyUser, partnership: Partnership) -> QuerySet[Challenge]:
    """The challenge log as the user may see it, oldest first."""
    return (
        challenge_queryset_visible(user)
        .filter(body__in=body_ids_in(partnership))
        .select_related("body__partnership")
        .order_by("raised_on", "sequence", "pk")
    )


def _metrics(user: AnyUser, partnership: Partnership) -> QuerySet[Metric]:
    return metric_queryset_visible(user).filter(body__in=body_ids_in(partnership))


def metric_list(user: AnyUser, partnership: Partnership) -> QuerySet[Metric]:
    """The metrics the user may see, in the performance page's order, with definitions."""
    return (
        _metrics(user, partnership)
        .select_related("partnership")
        .prefetch_related(
            Prefetch("definitions", queryset=MetricDefinition.objects.order_by("effective_from"))
        )
        .order_by("sort_order", "name", "pk")
    )


def metric_value_list(user: AnyUser, partnership: Partnership) -> QuerySet[MetricValue]:
    """Every figure of the metrics the user may see, revisions included, by metric and
    period, each period's figures in the order they were recorded."""
    return (
        MetricValue.objects.filter(metric__in=_metrics(user, partnership))
        .select_related("metric__partnership")
        .order_by("metric__sort_order", "metric_id", "period_kind", "period_start", "pk")
    )
