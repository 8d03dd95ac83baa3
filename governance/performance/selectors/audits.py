"""Reads of multi-agency audits: their findings, and what became of their recommendations
as far as the reader may see the action log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from governance.access import may_view_logs
from governance.models import Action, Audit, AuditFinding, AuditRecommendation
from governance.selectors.actions import ACTION_RELATED, _with_rag
from membership.access import AnyUser, body_ids_with_restricted_access, today
from membership.models import Body, Partnership
from membership.partnerships import body_ids_in

from .metrics import visible_to


def audit_list_visible(
    user: AnyUser,
    *,
    partnership: Partnership | None = None,
    body: Body | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[Audit]:
    """The audits the user may see, newest first, optionally of one body or conducted
    between two days (inclusive), each with its findings in order; of the bodies serving the
    partnership when one is named."""
    audits = visible_to(Audit.objects.select_related("body"), user).prefetch_related(
        Prefetch("findings", queryset=AuditFinding.objects.order_by("sort_order", "pk"))
    )
    if partnership is not None:
        audits = audits.filter(body__in=body_ids_in(partnership))
    if body is not None:
        audits = audits.filter(body=body)
    if start is not None:
        audits = audits.filter(conducted_on__gte=start)
    if end is not None:
        audits = audits.filter(conducted_on__lte=end)
    return list(audits.order_by("-conducted_on", "topic"))


def audit_get_visible(user: AnyUser, pk: int, *, partnership: Partnership | None = None) -> Audit:
    """One audit with its agencies, findings and recommendations; Audit.DoesNotExist when
    the user may not see it, or its body does not serve the partnership."""
    audits = visible_to(Audit.objects.select_related("body", "lead"), user)
    if partnership is not None:
        audits = audits.filter(body__in=body_ids_in(partnership))
    return audits.prefetch_related(
        "agencies",
        Prefetch("findings", queryset=AuditFinding.objects.order_by("sort_order", "pk")),
        Prefetch(
            "recommendations",
            queryset=AuditRecommendation.objects.select_related("action_owner").order_by(
                "sort_order", "pk"
            ),
        ),
    ).get(pk=pk)


def audit_findings(audit: Audit) -> list[AuditFinding]:
    """The audit's findings in order, each with `percentage_display` ("25%") and
    `counts_display` ("5 of 20", or "" without counts). No query when the audit came from
    audit_get_visible or audit_list_visible."""
    return list(audit.findings.all())


@dataclass
class AuditRecommendationRow:
    recommendation: AuditRecommendation
    action: Action | None = None


@dataclass
class AuditActions:
    """An audit's recommendations, each with the action it became when the reader may see
    the action log and that action; and actions linked to the audit without a
    recommendation. `shown` is False for readers who may not see the action log."""

    shown: bool
    recommendations: list[AuditRecommendationRow] = field(default_factory=list)
    other_actions: list[Action] = field(default_factory=list)


def audit_actions(audit: Audit, user: AnyUser, *, on: datetime.date | None = None) -> AuditActions:
    """What became of the audit's recommendations: their actions, with RAG on the day (today
    by default), as far as the reader may see the action log."""
    on = on or today()
    recommendations = list(audit.recommendations.all())
    if not may_view_logs(user):
        return AuditActions(
            shown=False, recommendations=[AuditRecommendationRow(r) for r in recommendations]
        )
    allowed = body_ids_with_restricted_access(user)
    actions = _with_rag(
        list(
            Action.objects.filter(audit=audit)
            .select_related(*ACTION_RELATED)
            .order_by("due_date", "sequence")
        ),
        on,
    )
    visible = {a.pk: a for a in actions if not a.restricted or a.body_id in allowed}
    adopted = {r.action_id for r in recommendations}
    return AuditActions(
        shown=True,
        recommendations=[
            AuditRecommendationRow(r, visible.get(r.action_id)) for r in recommendations
        ],
        other_actions=[a for pk, a in visible.items() if pk not in adopted],
    )
