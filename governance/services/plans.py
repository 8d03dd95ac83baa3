from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import today
from core.history import save_tracked, stamp
from governance.models import (
    ImprovementAction,
    ImprovementActionUpdate,
    ImprovementPlan,
    PlanObjective,
    RagState,
)

from ._common import Actor, authorise_chair, not_in_future


@transaction.atomic
def plan_save(*, actor: Actor, plan: ImprovementPlan, reason: str = "") -> ImprovementPlan:
    """Save a plan with the priorities edited alongside it."""
    if plan.body_id:
        authorise_chair(actor, plan.body)
    plan.full_clean()
    stamp(plan, actor, reason)
    for priority in plan.priorities.all():
        stamp(priority, actor, reason)
    plan.save()
    return plan


@transaction.atomic
def objective_save(*, actor: Actor, objective: PlanObjective, reason: str = "") -> PlanObjective:
    authorise_chair(actor, objective.priority.plan.body)
    return save_tracked(objective, actor=actor, reason=reason)


@transaction.atomic
def improvement_action_save(
    *, actor: Actor, improvement_action: ImprovementAction, reason: str = ""
) -> ImprovementAction:
    """Save a plan action's wording, lead and dates; its rating moves only with a dated
    update (improvement_action_rate)."""
    authorise_chair(actor, improvement_action.objective.priority.plan.body)
    if improvement_action.pk:
        improvement_action.rag = (
            ImprovementAction.objects.select_for_update().get(pk=improvement_action.pk).rag
        )
    return save_tracked(improvement_action, actor=actor, reason=reason)


@transaction.atomic
def improvement_action_rate(
    *,
    actor: Actor,
    improvement_action: ImprovementAction,
    rag: str,
    note: str,
    update_date: datetime.date | None = None,
) -> ImprovementActionUpdate:
    """Rate a plan action for the month: who rated it, when, and why, every time."""
    locked = (
        ImprovementAction.objects.select_for_update()
        .select_related("objective__priority__plan__body")
        .get(pk=improvement_action.pk)
    )
    authorise_chair(actor, locked.plan.body)
    update_date = update_date or today()
    errors = {}
    if rag not in RagState.values:
        errors["rag"] = "Choose a rating from the list."
    if not (note or "").strip():
        errors["note"] = "Say why: what the rating rests on."
    if errors:
        raise ValidationError(errors)
    not_in_future(update_date, "update_date")
    last = locked.updates.order_by("-update_date", "-pk").first()
    if last is not None and update_date < last.update_date:
        raise ValidationError(
            {"update_date": "A later rating is already recorded: date this one on or after it."}
        )
    update = save_tracked(
        ImprovementActionUpdate(
            improvement_action=locked,
            update_date=update_date,
            rag=rag,
            previous_rag=locked.rag,
            note=note.strip(),
            author=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        actor=actor,
        reason="Rated",
    )
    if rag != locked.rag:
        before = locked.rag_display().label
        locked.rag = rag
        save_tracked(
            locked,
            actor=actor,
            reason=f"RAG {before} → {locked.rag_display().label}: {note.strip()}"[:500],
        )
    return update
