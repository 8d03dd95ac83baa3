from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_tracked
from governance.models import (
    Decision,
    DecisionStatus,
    DecisionType,
    ReferenceKind,
    item_is_restricted,
)
from meetings.models import AgendaItem, Meeting
from membership.models import Body

from ._common import (
    NUMBERED_FIELDS,
    Actor,
    authorise_chair,
    authorise_item,
    number_record,
    refuse_after_approved_minutes,
)
from .votes import VoteCast, vote_prepare, vote_save


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    body: Body,
    title: str,
    text: str,
    decided_on: datetime.date | None = None,
    decision_type: str = DecisionType.AGREED,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    is_restricted: bool = False,
    reason: str = "",
    vote: VoteCast | None = None,
) -> Decision:
    """Record a decision and give it the next reference of its body and year. A decision on
    a restricted item is restricted. A vote is checked against the room at its item before
    anything is saved."""
    authorise_chair(actor, body)
    authorise_item(actor, agenda_item)
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    if decided_on is None:
        if meeting is None:
            raise ValidationError({"decided_on": "Give the date of the decision."})
        decided_on = meeting.date
    refuse_after_approved_minutes(meeting, "decisions")
    decision = Decision(
        body=body,
        title=title,
        text=text,
        decision_type=decision_type,
        decided_on=decided_on,
        meeting=meeting,
        agenda_item=agenda_item,
        is_restricted=is_restricted or item_is_restricted(agenda_item),
    )
    # Check everything before taking a number, so a refused decision uses none.
    decision.full_clean(exclude=NUMBERED_FIELDS)
    if vote is not None:
        if meeting is None:
            raise ValidationError("A vote is recorded with the meeting that took it.")
        taken, ballots = vote_prepare(meeting=meeting, item=agenda_item, cast=vote)
    number_record(decision, actor=actor, kind=ReferenceKind.DECISION, year=decided_on.year)
    save_tracked(decision, actor=actor, reason=reason or "Decision recorded")
    if vote is not None:
        vote_save(actor=actor, decision=decision, vote=taken, ballots=ballots)
    return decision


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _check_reference_holds(decision: Decision, locked: Decision) -> None:
    """A reference names a body and a year; a decision cannot leave them."""
    if decision.body_id != locked.body_id:
        raise ValidationError(
            {
                "body": f"{locked.reference} is a decision of {locked.body}: withdraw it and "
                "record a new decision for the other body."
            }
        )
    if decision.decided_on.year != locked.year:
        raise ValidationError(
            {
                "decided_on": f"{locked.reference} was numbered in {locked.year}: keep the date "
                "in that year, or withdraw it and record a new decision."
            }
        )


@transaction.atomic
def decision_save(*, actor: Actor, decision: Decision, reason: str) -> Decision:
    """Save an edit made in the admin: every edit of a recorded decision is a correction,
    recorded with who, when and why."""
    if not decision.pk:
        raise ValueError("Record new decisions with decision_record.")
    if not (reason or "").strip():
        raise ValidationError(
            {
                "change_reason": "Say why the decision is being corrected; the reason is kept "
                "in its history."
            }
        )
    locked = _lock(decision)
    authorise_chair(actor, locked.body)
    _check_reference_holds(decision, locked)
    if decision.agenda_item_id and item_is_restricted(decision.agenda_item):
        decision.is_restricted = True
    return save_tracked(decision, actor=actor, reason=reason.strip())


@transaction.atomic
def decision_correct(
    *,
    actor: Actor,
    decision: Decision,
    reason: str,
    title: str | None = None,
    text: str | None = None,
    decision_type: str | None = None,
    decided_on: datetime.date | None = None,
) -> Decision:
    """Correct the wording (or type or date) of a decision. The reason is required: the
    register shows that the text was corrected, when and why, and the history who did it."""
    locked = _lock(decision)
    for field, value in (
        ("title", title),
        ("text", text),
        ("decision_type", decision_type),
        ("decided_on", decided_on),
    ):
        if value is not None:
            setattr(locked, field, value)
    return decision_save(actor=actor, decision=locked, reason=reason)


@transaction.atomic
def decision_withdraw(*, actor: Actor, decision: Decision, reason: str) -> Decision:
    """Withdraw a decision. It stays in the register, marked withdrawn, and its reference is
    never given to another."""
    locked = _lock(decision)
    if locked.status != DecisionStatus.CURRENT:
        raise ValidationError(
            {"status": f"{locked.reference} is already {locked.get_status_display().lower()}."}
        )
    locked.status = DecisionStatus.WITHDRAWN
    locked.status_note = reason
    return decision_save(actor=actor, decision=locked, reason=reason or "Withdrawn")


@transaction.atomic
def decision_supersede(
    *, actor: Actor, decision: Decision, superseded_by: Decision, reason: str
) -> Decision:
    locked = _lock(decision)
    if locked.status != DecisionStatus.CURRENT:
        raise ValidationError(
            {"status": f"{locked.reference} is already {locked.get_status_display().lower()}."}
        )
    locked.status = DecisionStatus.SUPERSEDED
    locked.superseded_by = superseded_by
    locked.status_note = reason
    return decision_save(
        actor=actor, decision=locked, reason=reason or f"Superseded by {superseded_by.reference}"
    )
