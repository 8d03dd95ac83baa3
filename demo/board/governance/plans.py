"""The Improvement Plan and the Business Plan 2012/13 as plans with priorities, objectives
and rated actions, and the Business Plan's journey from the subgroup to the Executive."""

from __future__ import annotations

from governance import services
from governance.models import (
    ImprovementAction,
    ImprovementPlan,
    PlanKind,
    PlanObjective,
    PlanPriority,
    ReferralPurpose,
)

from .context import D, Demo
from .improvement_plan import IMPROVEMENT_PLAN


def _plan(
    demo: Demo, *, title: str, kind: str, slug: str, starts_on, ends_on, summary: str, priorities
) -> ImprovementPlan:
    plan = ImprovementPlan.objects.filter(title=title).first()
    if plan is not None:
        return plan
    plan = ImprovementPlan(
        title=title,
        kind=kind,
        body=demo.body(slug),
        starts_on=starts_on,
        ends_on=ends_on,
        summary=summary,
    )
    for order, (number, priority_title, _objectives) in enumerate(priorities):
        plan.priorities.add(PlanPriority(number=number, title=priority_title, sort_order=order))
    services.plan_save(actor=demo.manager, plan=plan, reason="Demo board")
    by_number = {priority.number: priority for priority in plan.priorities.all()}
    for number, _title, objectives in priorities:
        for order, (objective_number, objective_title, actions) in enumerate(objectives):
            objective = services.objective_save(
                actor=demo.manager,
                objective=PlanObjective(
                    priority=by_number[number],
                    number=objective_number,
                    title=objective_title,
                    sort_order=order,
                ),
                reason="Demo board",
            )
            for position, (
                act_number,
                text,
                lead,
                organisation,
                timescale,
                due,
                measure,
                ratings,
            ) in enumerate(actions):
                action = services.improvement_action_save(
                    actor=demo.manager,
                    improvement_action=ImprovementAction(
                        objective=objective,
                        number=act_number,
                        description=text,
                        lead=demo.people[lead],
                        lead_organisation=demo.organisation(organisation) if organisation else None,
                        timescale=timescale,
                        due_date=due,
                        measure_of_success=measure,
                        sort_order=position,
                    ),
                    reason="Demo board",
                )
                for day, rag, why in ratings:
                    services.improvement_action_rate(
                        actor=demo.manager,
                        improvement_action=action,
                        rag=rag,
                        note=why,
                        update_date=day,
                    )
    return plan


def load_improvement_plan(demo: Demo) -> None:
    _plan(
        demo,
        title="Multi-agency Improvement Plan",
        kind=PlanKind.IMPROVEMENT,
        slug="improvement-board",
        starts_on=D(2010, 12, 1),
        ends_on=D(2012, 12, 31),
        summary="The partnership's response to the improvement notice after the October 2010 "
        "inspection, scrutinised by the Improvement Board each month with the DfE.",
        priorities=IMPROVEMENT_PLAN,
    )


def load_business_plan(demo: Demo) -> None:
    def objective(number, title, lead, action_text, due):
        return (
            number,
            title,
            [
                (
                    f"{number}.1",
                    action_text,
                    lead,
                    None,
                    "2012/13",
                    due,
                    "Reported to the Board quarterly.",
                    [],
                )
            ],
        )

    _plan(
        demo,
        title="KSCB Business Plan 2012/13",
        kind=PlanKind.BUSINESS,
        slug="board",
        starts_on=D(2012, 4, 1),
        ends_on=D(2013, 3, 31),
        summary="The Board's three priorities for 2012/13, endorsed by the Executive in April "
        "2012.",
        priorities=[
            (
                "a",
                "A focus on a common understanding of thresholds across the partnership, "
                "including a "
                "reduction in the numbers of case re-referrals to children's social services",
                [
                    objective(
                        "a.1",
                        "Fewer re-referrals in every district",
                        "director_scs",
                        "Report re-referral rates by district to each Board meeting.",
                        D(2013, 3, 31),
                    )
                ],
            ),
            (
                "b",
                "Ensuring the right children are subject to child in need and child protection "
                "plans",
                [
                    objective(
                        "b.1",
                        "Plans that match need",
                        "head_qa_scs",
                        "Repeat the multi-agency audit of child protection plans.",
                        D(2012, 11, 30),
                    )
                ],
            ),
            (
                "c",
                "Increasing the numbers and quality of CAF in the context of the scrutiny of "
                "Kent's early intervention strategy",
                [
                    objective(
                        "c.1",
                        "More and better CAFs",
                        "director_els",
                        "Audit a sample of CAFs for quality.",
                        D(2013, 1, 31),
                    )
                ],
            ),
        ],
    )


def load_business_plan_journey(demo: Demo, decisions) -> None:
    """The Business Plan from the subgroup to the Executive's April 2012 item 5, when the
    meetings demo has those meetings."""
    executive_item = decisions["business_plan"].agenda_item
    subgroup_item = demo.item(
        demo.meeting("quality-and-effectiveness", 2012, 3), words="business plan"
    )
    if executive_item is None or subgroup_item is None:
        return
    if subgroup_item.referrals_out.filter(to_item=executive_item).exists():
        return
    services.matter_refer(
        actor=demo.manager,
        from_item=subgroup_item,
        to_item=executive_item,
        purpose=ReferralPurpose.ENDORSEMENT,
        title="KSCB Business Plan 2012/13",
    )
