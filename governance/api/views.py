"""The governance endpoints: read-only, each reading through the selectors the pages use,
so a reader gets exactly the rows the pages would show them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import BasePermission

from governance.access import may_view_logs
from governance.api import filters, selectors, serializers
from governance.performance.selectors import metric_latest_many
from governance.views._common import MEMBERS_ONLY
from meetings.api import popolo
from meetings.api.base import ReadOnlyViewSet
from meetings.api.views import POPOLO_ARRAY, PopoloView


class MayViewLogs(BasePermission):
    """The action and challenge logs are for members and the business unit, as on the
    pages: without credentials a 401 asking for a token, for anyone else a 403 saying why."""

    message = MEMBERS_ONLY

    def has_permission(self, request, view):
        return may_view_logs(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="The decisions register, restricted decisions only for those who may see them."
    ),
    retrieve=extend_schema(summary="One decision."),
)
class DecisionViewSet(ReadOnlyViewSet):
    """Every decision of the partnership's bodies, oldest first, as the decisions register
    shows it:
    reference, body, date, title, the decision as minuted, type, status (and what replaced
    it), meeting and agenda item. Restricted decisions (marked so, or on a restricted item)
    reach only current members of the body and the business unit; anyone else never
    receives them. `?body=<slug>`, `?from=&to=` (date decided), `?type=`, `?status=`,
    `?meeting=<id>`, `?reference=`."""

    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter

    def get_queryset(self):
        return selectors.decision_list(self.request.user, self.partnership)


@extend_schema_view(
    list=extend_schema(summary="The action log (members and the business unit)."),
    retrieve=extend_schema(summary="One action."),
)
class ActionViewSet(ReadOnlyViewSet):
    """The action log, soonest due first, for members of the Board and its groups and the
    business unit (sign in, or send a token): what was agreed, who owns it for which agency,
    when it was raised and is due, its status and today's RAG by the body's scheme.
    Restricted actions reach only current members of the body and the business unit.
    `?body=<slug>`, `?from=&to=` (date raised), `?status=`, `?open=true`, `?owner=<id>`,
    `?organisation=<id>`, `?meeting=<id>`, `?decision=<id>`, `?reference=`."""

    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    permission_classes = [MayViewLogs]

    def get_queryset(self):
        return selectors.action_list(self.request.user, self.partnership)


@extend_schema_view(
    list=extend_schema(summary="The challenge log (members and the business unit)."),
    retrieve=extend_schema(summary="One challenge."),
)
class ChallengeViewSet(ReadOnlyViewSet):
    """The challenge log, oldest first, for members and the business unit: the challenge put
    to an agency, the evidence, what was asked and by when, its status, the Board's
    assessment, escalation, outcome and impact. Restricted challenges reach only current
    members of the body and the business unit. `?body=<slug>`, `?from=&to=` (date raised),
    `?status=`, `?agency=<id>`, `?meeting=<id>`, `?reference=`."""

    serializer_class = serializers.ChallengeSerializer
    filterset_class = filters.ChallengeFilter
    permission_classes = [MayViewLogs]

    def get_queryset(self):
        return selectors.challenge_list(self.request.user, self.partnership)


@extend_schema_view(
    list=extend_schema(summary="Performance metrics, each with its latest figure and RAG."),
    retrieve=extend_schema(summary="One metric."),
)
class MetricViewSet(ReadOnlyViewSet):
    """Performance metrics in the performance page's order: what each counts, its unit,
    which way is better, its target and RAG rule, the agency that supplies it, the body it
    reports to, its definitions, and its latest figure known today with RAG and direction
    of travel. Restricted metrics reach only current members of that body and the business
    unit. `?body=<slug>`, `?owner=<id>`, `?slug=`."""

    serializer_class = serializers.MetricSerializer
    filterset_class = filters.MetricFilter

    def get_queryset(self):
        return selectors.metric_list(self.request.user, self.partnership)

    def paginate_queryset(self, queryset):
        return self._with_readings(super().paginate_queryset(queryset))

    def get_object(self):
        return self._with_readings([super().get_object()])[0]

    @staticmethod
    def _with_readings(metrics):
        # The latest figures of a whole page in two queries (the page's own reading).
        for metric, reading in metric_latest_many(list(metrics)):
            metric.reading = reading
        return metrics


@extend_schema_view(
    list=extend_schema(summary="Figures of the metrics, revisions included."),
    retrieve=extend_schema(summary="One figure."),
)
class MetricValueViewSet(ReadOnlyViewSet):
    """Every figure recorded for the metrics the reader may see, by metric and period, with
    comparators (England, statistical neighbours, region) and RAG against the target. A
    revised figure is kept: its revision names it in `supersedes` with the reason, and only
    the newest figure of a period is `is_current`. `?metric=<id>`, `?body=<slug>`,
    `?from=&to=` (period start), `?period_kind=`, `?current=true`."""

    serializer_class = serializers.MetricValueSerializer
    filterset_class = filters.MetricValueFilter

    def get_queryset(self):
        return selectors.metric_value_list(self.request.user, self.partnership)


@extend_schema(
    summary="Popolo VoteEvents: the votes on decisions, with counts and, when recorded by "
    "name, each member's vote. Restricted decisions are left out as in the register.",
    responses={200: POPOLO_ARRAY},
    tags=["popolo"],
)
class PopoloVoteEventsView(PopoloView):
    def records(self, request):
        decisions = selectors.decision_list(request.user, self.partnership).filter(
            vote__isnull=False
        )
        return [popolo.vote_event(decision, request) for decision in decisions]
