from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core import outbox
from core.dates import long_date, today
from core.history import save_tracked
from governance import access
from governance.models import (
    CLOSED_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Audit,
    Challenge,
    Decision,
    ImprovementAction,
    ReferenceKind,
    item_is_restricted,
)
from meetings.models import AgendaItem, Meeting
from membership.models import Body, Membership, Organisation, Person

from ._common import (
    NUMBERED_FIELDS,
    Actor,
    authorise_chair,
    authorise_item,
    not_in_future,
    number_record,
    refuse_after_approved_minutes,
)


def _organisation_of(owner: Person, body: Body, on: datetime.date) -> Organisation | None:
    """The agency the owner sits for: on this body if they sit on it, else on any body."""
    memberships = (
        Membership.objects.filter(person=owner, organisation__isnull=False)
        .current_on(on)
        .select_related("organisation")
        .order_by("-body_id")
    )
    chosen = None
    for membership in memberships:
        if membership.body_id == body.pk:
            return membership.organisation
        chosen = chosen or membership.organisation
    return chosen


def _notify_owner(action: Action) -> None:
    """Tell the action's owner that it is theirs, once it is committed."""
    if action.is_open:
        outbox.notify("governance.action_assigned", action_id=action.pk, owner_id=action.owner_id)


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    body: Body,
    description: str,
    owner: Person,
    due_date: datetime.date,
    raised_on: datetime.date | None = None,
    organisation: Organisation | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
    challenge: Challenge | None = None,
    improvement_action: ImprovementAction | None = None,
    audit: Audit | None = None,
    source_note: str = "",
    is_restricted: bool = False,
    notify: bool = True,
) -> Action:
    """Log an action for a body and tell its owner. An action from a restricted item,
    decision, challenge or audit is restricted."""
    authorise_chair(actor, body)
    authorise_item(actor, agenda_item)
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    if decision is not None and meeting is None:
        meeting = decision.meeting
    raised_on = raised_on or (meeting.date if meeting is not None else today())
    refuse_after_approved_minutes(meeting, "actions")
    action = Action(
        body=body,
        description=description,
        owner=owner,
        organisation=organisation or _organisation_of(owner, body, raised_on),
        raised_on=raised_on,
        due_date=due_date,
        status=ActionStatus.OPEN,
        meeting=meeting,
        agenda_item=agenda_item,
        decision=decision,
        challenge=challenge,
        improvement_action=improvement_action,
        audit=audit,
        source_note=source_note,
        is_restricted=(
            is_restricted
            or item_is_restricted(agenda_item)
            or (decision is not None and decision.restricted)
            or (challenge is not None and challenge.restricted)
            or (audit is not None and audit.restricted)
        ),
    )
    action.full_clean(exclude=NUMBERED_FIELDS)
    number_record(action, actor=actor, kind=ReferenceKind.ACTION, year=raised_on.year)
    save_tracked(action, actor=actor, reason="Action logged")
    if notify:
        _notify_owner(action)
    return action


@transaction.atomic
def action_save(*, actor: Actor, action: Action, reason: str = "") -> Action:
    """Save an edit of an action's description, owner, source or restriction made in the
    admin. Its status and due date move only with a dated update (action_update)."""
    if not action.pk:
        raise ValueError("Log new actions with action_create.")
    locked = Action.objects.select_for_update().get(pk=action.pk)
    authorise_chair(actor, locked.body)
    if action.body_id != locked.body_id:
        raise ValidationError(
            {"body": f"{locked.reference} is an action of {locked.body}; it cannot move."}
        )
    action.status, action.closed_on = locked.status, locked.closed_on
    reassigned = action.owner_id != locked.owner_id
    if reassigned and not action.organisation_id:
        action.organisation = _organisation_of(action.owner, action.body, today())
    saved = save_tracked(action, actor=actor, reason=reason or "Action edited")
    if reassigned:
        _notify_owner(saved)
    return saved


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: Action,
    text: str,
    update_date: datetime.date | None = None,
    new_status: str = "",
    new_due_date: datetime.date | None = None,
) -> ActionUpdate:
    """Add a dated progress update, with a new status or due date if there is one. The
    owner, the body's chair and the business unit may; the owner is whoever owns the action
    when the update is written."""
    locked = Action.objects.select_for_update().select_related("body").get(pk=action.pk)
    if actor is not None:
        access.require(
            access.may_update_action(actor, locked),
            "Only the action's owner, the chair of its body and the business unit can update it.",
        )
    update_date = update_date or today()
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Say what progress has been made."
    if update_date < locked.raised_on:
        errors["update_date"] = (
            f"The action was raised on {long_date(locked.raised_on)}: date the update on or "
            "after that day."
        )
    if new_status and new_status not in ActionStatus.values:
        errors["new_status"] = "Choose a status from the list."
    if new_due_date and new_due_date < locked.raised_on:
        errors["new_due_date"] = "The new due date is before the action was raised."
    last = locked.updates.order_by("-update_date", "-pk").first()
    if last is not None and update_date < last.update_date:
        # Updates run in date order, so the action's state on any day can be read back.
        errors["update_date"] = (
            f"The last update is dated {long_date(last.update_date)}: date this one on or after it."
        )
    if errors:
        raise ValidationError(errors)
    not_in_future(update_date, "update_date")
    new_status = "" if new_status == locked.status else new_status
    new_due_date = None if new_due_date == locked.due_date else new_due_date
    update = ActionUpdate(
        action=locked,
        update_date=update_date,
        text=text.strip(),
        new_status=new_status,
        new_due_date=new_due_date,
        previous_due_date=locked.due_date if new_due_date else None,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_tracked(update, actor=actor, reason="Progress update")
    if new_status or new_due_date:
        changes = []
        if new_status:
            locked.status = new_status
            locked.closed_on = update_date if new_status in CLOSED_STATUSES else None
            changes.append(f"status {locked.get_status_display().lower()}")
        if new_due_date:
            locked.due_date = new_due_date
            changes.append(f"due {long_date(new_due_date)}")
        save_tracked(
            locked, actor=actor, reason=f"Update of {long_date(update_date)}: " + ", ".join(changes)
        )
    return update
