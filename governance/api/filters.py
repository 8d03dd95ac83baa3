"""Query parameters of the governance lists: `?body=<slug>` and `?from=&to=` as everywhere
in the API (meetings.api.base), and each log's own. Bad values are a 400 naming the
parameter."""

from __future__ import annotations

from django_filters import rest_framework as filters

from governance.models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Challenge,
    ChallengeStatus,
    Decision,
    DecisionStatus,
    DecisionType,
    Metric,
    MetricValue,
    PeriodKind,
)
from meetings.api.base import DateRangeFilterSet, IdFilter, body_filter


class DecisionFilter(DateRangeFilterSet):
    """Decisions of a body, by type and status, decided between `from` and `to`."""

    body = body_filter()
    type = filters.ChoiceFilter(field_name="decision_type", choices=DecisionType.choices)
    status = filters.ChoiceFilter(choices=DecisionStatus.choices)
    meeting = IdFilter(field_name="meeting_id", label="A meeting's id.")
    reference = filters.CharFilter(
        method="filter_reference", label="A decision's reference, e.g. `KSCB/2011/004`."
    )

    class Meta(DateRangeFilterSet.Meta):
        model = Decision
        fields = ["body", "type", "status", "meeting", "reference"]

    def filter_reference(self, queryset, name, value):
        return queryset.filter(reference=value.strip().upper())

    def filter_from(self, queryset, name, value):
        return queryset.filter(decided_on__gte=value)

    def filter_to(self, queryset, name, value):
        return queryset.filter(decided_on__lte=value)


class ActionFilter(DateRangeFilterSet):
    """Actions of a body, by status, owner or agency, raised between `from` and `to`."""

    body = body_filter()
    status = filters.ChoiceFilter(choices=ActionStatus.choices)
    open = filters.BooleanFilter(
        method="filter_open", label="`true`: open and in-progress actions only; `false`: closed."
    )
    owner = IdFilter(field_name="owner_id", label="The owner's id (see /api/v1/people/).")
    organisation = IdFilter(field_name="organisation_id", label="The id of the owner's agency.")
    meeting = IdFilter(field_name="meeting_id", label="The id of the meeting it came from.")
    decision = IdFilter(field_name="decision_id", label="The id of the decision it carries out.")
    reference = filters.CharFilter(
        method="filter_reference", label="An action's reference, e.g. `EXEC/2012/007`."
    )

    class Meta(DateRangeFilterSet.Meta):
        model = Action
        fields = ["body", "status", "open", "owner", "organisation", "meeting", "decision"]

    def filter_open(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.exclude(status__in=OPEN_STATUSES)

    def filter_reference(self, queryset, name, value):
        return queryset.filter(reference=value.strip().upper())

    def filter_from(self, queryset, name, value):
        return queryset.filter(raised_on__gte=value)

    def filter_to(self, queryset, name, value):
        return queryset.filter(raised_on__lte=value)


class ChallengeFilter(DateRangeFilterSet):
    """Challenges of a body, by status or agency challenged, raised between `from` and `to`."""

    body = body_filter()
    status = filters.ChoiceFilter(choices=ChallengeStatus.choices)
    agency = IdFilter(field_name="agency_id", label="The id of the agency challenged.")
    meeting = IdFilter(field_name="meeting_id", label="The id of the meeting it was raised at.")
    reference = filters.CharFilter(
        method="filter_reference", label="A challenge's reference, e.g. `KSCB/2012/003`."
    )

    class Meta(DateRangeFilterSet.Meta):
        model = Challenge
        fields = ["body", "status", "agency", "meeting"]

    def filter_reference(self, queryset, name, value):
        return queryset.filter(reference=value.strip().upper())

    def filter_from(self, queryset, name, value):
        return queryset.filter(raised_on__gte=value)

    def filter_to(self, queryset, name, value):
        return queryset.filter(raised_on__lte=value)


class MetricFilter(filters.FilterSet):
    body = body_filter()
    owner = IdFilter(field_name="owner_id", label="The id of the agency that supplies it.")
    slug = filters.CharFilter(label="A metric's slug: the one metric with it.")

    class Meta:
        model = Metric
        fields = ["body", "owner", "slug"]


class MetricValueFilter(DateRangeFilterSet):
    """Figures of a metric or of a body's metrics, for periods starting between `from` and
    `to`; `?current=true` leaves out figures since revised."""

    metric = IdFilter(field_name="metric_id", label="A metric's id (see /api/v1/metrics/).")
    body = body_filter("metric__body")
    period_kind = filters.ChoiceFilter(choices=PeriodKind.choices)
    current = filters.BooleanFilter(
        field_name="is_current",
        label="`true`: each period's figure as it stands; `false`: the figures since revised.",
    )

    class Meta(DateRangeFilterSet.Meta):
        model = MetricValue
        fields = ["metric", "body", "period_kind", "current"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(period_start__gte=value)

    def filter_to(self, queryset, name, value):
        return queryset.filter(period_start__lte=value)
