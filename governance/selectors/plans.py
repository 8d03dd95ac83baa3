from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet

from governance.models import (
    ImprovementAction,
    ImprovementActionUpdate,
    ImprovementPlan,
    PlanObjective,
    Rag,
    RagScheme,
    RagState,
    scheme_for,
)
from membership.models import Partnership

from ._visibility import serving

FINISHED = frozenset({RagState.COMPLETE, RagState.SUSPENDED})


def plan_list(partnership: Partnership | None = None) -> QuerySet[ImprovementPlan]:
    """The plans of bodies serving the partnership (every plan for None)."""
    plans = serving(ImprovementPlan.objects.select_related("body"), partnership)
    return plans.order_by("-starts_on", "title")


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def plan_latest_month(plan: ImprovementPlan, today: datetime.date) -> datetime.date:
    """The month of the plan's latest rating (what the Improvement Board saw last), or this
    month when nothing has been rated yet."""
    latest = ImprovementActionUpdate.objects.filter(
        improvement_action__objective__priority__plan=plan
    ).aggregate(latest=Max("update_date"))["latest"]
    return (latest or today).replace(day=1)


@dataclass
class ObjectiveRow:
    objective: PlanObjective
    actions: list[ImprovementAction] = field(default_factory=list)


@dataclass
class PlanMonth:
    """A plan as it stood at the end of a month (or today, for the current month)."""

    plan: ImprovementPlan
    scheme: RagScheme
    month: datetime.date
    as_at: datetime.date
    counts: list[tuple[Rag, int]]
    overdue: list[ImprovementAction]
    changes: list[ImprovementActionUpdate]
    priorities: list[tuple[object, list[ObjectiveRow]]]
    total: int

    @property
    def previous_month(self) -> datetime.date:
        return (self.month - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next_month(self) -> datetime.date:
        return month_end(self.month) + datetime.timedelta(days=1)


def plan_get_month(
    pk: int,
    month: datetime.date,
    today: datetime.date,
    scheme: RagScheme | None = None,
) -> PlanMonth:
    """Counts by RAG, the overdue actions and the month's changes of rating, for the monthly
    Improvement Board, in the words of `scheme` (the partnership's whose page shows it) or
    of the plan body's partnership. Ratings are read as they stood at the end of the month
    from each action's dated updates."""
    plan = ImprovementPlan.objects.select_related("body__partnership__rag_scheme").get(pk=pk)
    as_at = min(month_end(month), today)
    scheme = scheme or scheme_for(plan.body)
    objectives = list(
        PlanObjective.objects.filter(priority__plan=plan)
        .select_related("priority")
        .order_by("priority__sort_order", "sort_order", "number")
    )
    actions = list(
        ImprovementAction.objects.filter(objective__priority__plan=plan)
        .select_related("lead", "lead_organisation")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ImprovementActionUpdate.objects.select_related("author__person").order_by(
                    "update_date", "pk"
                ),
                to_attr="dated_updates",
            )
        )
        .order_by("sort_order", "number")
    )
    rows = {objective.pk: ObjectiveRow(objective) for objective in objectives}
    counts: Counter[str] = Counter()
    overdue, changes = [], []
    for action in actions:
        state = action.rag_as_at(as_at)
        action.rag_then = scheme.rag(state)
        action.overdue = action.due_date < as_at and state not in FINISHED
        counts[state] += 1
        if action.overdue:
            overdue.append(action)
        for update in action.dated_updates:
            if month <= update.update_date <= as_at:
                update.action = action
                update.rag_shown = scheme.rag(update.rag)
                update.previous_shown = scheme.rag(update.previous_rag)
                changes.append(update)
        rows[action.objective_id].actions.append(action)
    priorities: dict[int, tuple[object, list[ObjectiveRow]]] = {}
    for objective in objectives:
        priorities.setdefault(objective.priority_id, (objective.priority, []))[1].append(
            rows[objective.pk]
        )
    return PlanMonth(
        plan=plan,
        scheme=scheme,
        month=month,
        as_at=as_at,
        counts=[(rag, counts.get(rag.state, 0)) for rag in scheme.all_states()],
        overdue=sorted(overdue, key=lambda action: action.due_date),
        changes=sorted(changes, key=lambda update: (update.update_date, update.pk)),
        priorities=list(priorities.values()),
        total=len(actions),
    )
