"""The decisions register and the action log of one partnership's twenty years.

Decisions are taken on agenda items at meetings held; actions arise from decisions and
discussions, are updated, extended, done or cancelled. References follow the services'
formats ("WESS-SCB/2012/004", "WESS-SCB/2012/A004"), numbered per body and year in date
order, and each body's ReferenceCounter rows are left at the last number given, so the
next decision recorded through the services carries on from there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from governance.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Decision,
    DecisionStatus,
    DecisionType,
    ReferenceCounter,
    ReferenceKind,
)
from governance.services._common import reference_for
from meetings.models import MeetingStatus, Purpose

from .context import Context, at, midday
from .meetings import MeetingPlan
from .people import Partnership
from .words import ACTION_WORDING, DECISION_WORDING, UPDATE_WORDING

DECIDED = {
    Purpose.DECISION: (0.9, (DecisionType.APPROVED, DecisionType.AGREED, DecisionType.ENDORSED,
                             DecisionType.REJECTED, DecisionType.DEFERRED), (30, 35, 25, 5, 5)),
    Purpose.DISCUSSION: (0.45, (DecisionType.AGREED, DecisionType.NOTED), (40, 60)),
    Purpose.INFORMATION: (0.25, (DecisionType.NOTED,), (1,)),
}  # fmt: skip
DUE_IN_DAYS = (28, 42, 56, 84, 112)


def logs_build(ctx: Context, p: Partnership, plans: list[MeetingPlan]) -> None:
    counters: dict[tuple[str, str, int], int] = defaultdict(int)
    held = sorted(
        (plan for plan in plans if plan.meeting.status == MeetingStatus.HELD),
        key=lambda plan: (plan.day, plan.meeting.pk),
    )
    decisions = _decisions(ctx, p, held, counters)
    _actions(ctx, p, held, decisions, counters)
    _counters(ctx, p, counters)


def _number(record, p: Partnership, kind: str, body_code: str, year: int, counters) -> None:
    counters[(kind, body_code, year)] += 1
    record.year = year
    record.sequence = counters[(kind, body_code, year)]
    record.reference = reference_for(kind, p.bodies[body_code], year, record.sequence)


def _subject(title: str) -> str:
    return title[0].lower() + title[1:] if title[:2].istitle() else title


def _decisions(ctx, p, held, counters) -> dict[int, Decision]:
    """One decision for most items for decision, fewer for discussion and information.
    A few are later withdrawn; a few superseded by the body's next decision on the same
    subject (written after it, so the successor is on record first)."""
    rng = ctx.rng
    made: list[Decision] = []
    by_item: dict[int, Decision] = {}
    for plan in held:
        for item in plan.items:
            if item.purpose not in DECIDED:
                continue
            chance, types, weights = DECIDED[item.purpose]
            if not ctx.chance(chance):
                continue
            decision_type = rng.choices(types, weights)[0]
            decision = Decision(
                body=plan.meeting.body,
                title=item.title,
                text=DECISION_WORDING[decision_type].format(
                    body=plan.meeting.body.name, subject=_subject(item.title)
                ),
                decision_type=decision_type,
                decided_on=plan.day,
                meeting=plan.meeting,
                agenda_item=item,
                is_restricted=item.restricted,
            )
            decision._history_date = plan.meeting.end
            _number(decision, p, ReferenceKind.DECISION, plan.body_code, plan.day.year, counters)
            made.append(decision)
            by_item[item.pk] = decision
    later: dict[int, Decision] = {}
    next_of_body: dict[int, Decision] = {}
    for decision in reversed(made):
        later[id(decision)] = next_of_body.get(decision.body.pk)
        next_of_body[decision.body.pk] = decision
    superseded = []
    # Latest first, so a successor's own fate is settled before it is named: only a
    # decision that is not itself superseded (and so written first) can be a successor.
    for decision in reversed(made):
        successor = later[id(decision)]
        roll = rng.random()
        if roll < 0.02 and successor is not None and successor.status != DecisionStatus.SUPERSEDED:
            decision.status = DecisionStatus.SUPERSEDED
            decision.superseded_by = successor
            decision.status_note = f"Replaced by {successor.reference}."
            superseded.append(decision)
        elif roll < 0.04:
            decision.status = DecisionStatus.WITHDRAWN
            decision.status_note = "Withdrawn: the proposal was replaced before it took effect."
    ctx.writer.create(Decision, [d for d in made if d.status != DecisionStatus.SUPERSEDED])
    ctx.writer.create(Decision, superseded[::-1])
    return by_item


def _actions(ctx, p, held, decisions, counters) -> None:
    """Actions from about half the decisions and a fifth of the other discussions, owned
    by a member of the body, each with the updates that moved it on."""
    rng = ctx.rng
    actions: list[Action] = []
    updates: list[ActionUpdate] = []
    for plan in held:
        members = p.members_on(plan.body_code, plan.day)
        if not members:
            continue
        for item in plan.items:
            decision = decisions.get(item.pk)
            if decision is not None:
                if not ctx.chance(0.75):
                    continue
            elif item.purpose != Purpose.DISCUSSION or not ctx.chance(0.4):
                continue
            owner = rng.choice(members)
            raised = plan.day
            action = Action(
                body=plan.meeting.body,
                description=rng.choice(ACTION_WORDING).format(subject=_subject(item.title)),
                owner=owner.person,
                organisation=owner.organisation,
                raised_on=raised,
                due_date=raised + datetime.timedelta(days=rng.choice(DUE_IN_DAYS)),
                meeting=plan.meeting,
                agenda_item=item,
                decision=decision,
                is_restricted=item.restricted,
            )
            action._history_date = plan.meeting.end
            _number(action, p, ReferenceKind.ACTION, plan.body_code, raised.year, counters)
            updates += _progress(ctx, action)
            actions.append(action)
    ctx.writer.create(Action, actions)
    ctx.writer.create(ActionUpdate, updates)


def _update(ctx, action, day, *, status="", new_due=None, text=None) -> ActionUpdate:
    update = ActionUpdate(
        action=action,
        update_date=day,
        text=text or ctx.rng.choice(UPDATE_WORDING[:-1]),
        new_status=status,
        new_due_date=new_due,
        previous_due_date=action.due_date if new_due else None,
        author=ctx.manager,
    )
    update._history_date = at(day, 16)
    if status:
        action.status = status
        action.closed_on = day if status in (ActionStatus.DONE, ActionStatus.CANCELLED) else None
    if new_due:
        action.due_date = new_due
    return update


def _progress(ctx: Context, action: Action) -> list[ActionUpdate]:
    """What happened to the action, as dated updates in order (never after today). Sets
    the action's final status, closing date and due date to match."""
    rng = ctx.rng
    today = ctx.today
    raised, due = action.raised_on, action.due_date
    updates = []

    def between(first, last):
        return ctx.day_between(first, min(last, today))

    if ctx.chance(0.6) and raised + datetime.timedelta(days=7) < today:
        started = between(raised + datetime.timedelta(days=7), due - datetime.timedelta(days=7))
        updates.append(_update(ctx, action, started, status=ActionStatus.IN_PROGRESS))
    if due >= today:
        return updates  # still running
    roll = rng.random()
    last = updates[-1].update_date if updates else raised
    if roll < 0.12:
        # Extended once; done by the new date if that has passed.
        asked = max(last, due - datetime.timedelta(days=7))
        updates.append(
            _update(ctx, action, asked, new_due=due + datetime.timedelta(days=56),
                    text="More time needed: partners' data arrived late.")
        )  # fmt: skip
        last, due = asked, action.due_date
        if due >= today:
            return updates
        roll = rng.random() * 0.9
    if roll < 0.9:
        closed = between(
            max(last, due - datetime.timedelta(days=20)), due + datetime.timedelta(days=25)
        )
        updates.append(
            _update(ctx, action, closed, status=ActionStatus.DONE, text=UPDATE_WORDING[-1])
        )
    elif roll < 0.97:
        closed = between(max(last, due), due + datetime.timedelta(days=30))
        updates.append(
            _update(ctx, action, closed, status=ActionStatus.CANCELLED,
                    text="No longer needed: overtaken by the new strategy.")
        )  # fmt: skip
    # Otherwise (3 in 100) it stays open past its date: the stale actions every log has.
    return updates


def _counters(ctx: Context, p: Partnership, counters) -> None:
    rows = []
    for (kind, body_code, year), last in sorted(counters.items()):
        counter = ReferenceCounter(kind=kind, body=p.bodies[body_code], year=year, last_number=last)
        counter._history_date = midday(
            datetime.date(year, 12, 31) if year < ctx.today.year else ctx.today
        )
        rows.append(counter)
    ctx.writer.create(ReferenceCounter, rows)
