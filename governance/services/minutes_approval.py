"""Approving minutes by a decision of a later meeting of the same body, and amending them
afterwards by a later decision of that body. The approved text is kept as a version, and
so is each amended one."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from core.history import save_tracked
from governance.models import (
    Amendment,
    Decision,
    DecisionStatus,
    DecisionType,
    Minutes,
    MinutesItem,
    MinutesStatus,
    VersionStage,
)
from meetings.models import AgendaItem, Meeting

from ._common import Actor, authorise_chair
from .decisions import decision_record
from .minutes import _local_date, _lock, _normalise, _write_version


def approval_title(meeting: Meeting) -> str:
    return f"Minutes of the meeting of {_local_date(meeting)} approved as a correct record"


def _check_approving_meeting(minutes: Minutes, at_meeting: Meeting, agenda_item) -> None:
    meeting = minutes.meeting
    if at_meeting.body_id != meeting.body_id:
        raise ValidationError(
            {
                "at_meeting": f"Minutes of the {meeting.body.name} are approved at a later "
                f"meeting of the {meeting.body.name}, not at a meeting of the "
                f"{at_meeting.body.name}."
            }
        )
    if at_meeting.start <= meeting.start:
        raise ValidationError(
            {
                "at_meeting": f"Minutes are approved at a later meeting: the meeting of "
                f"{_local_date(at_meeting)} is not after the meeting of {_local_date(meeting)}."
            }
        )
    if at_meeting.is_cancelled:
        raise ValidationError(
            {"at_meeting": f"The meeting of {_local_date(at_meeting)} was cancelled."}
        )
    if not at_meeting.has_started:
        raise ValidationError(
            {
                "at_meeting": f"The meeting of {_local_date(at_meeting)} has not begun: record "
                "the approval at or after that meeting."
            }
        )
    if agenda_item is not None and agenda_item.meeting_id != at_meeting.pk:
        raise ValidationError(
            {"agenda_item": f"Choose an item of the meeting of {_local_date(at_meeting)}."}
        )


@transaction.atomic
def minutes_approve(
    *,
    actor: Actor,
    minutes: Minutes,
    at_meeting: Meeting,
    agenda_item: AgendaItem | None = None,
    at: datetime.datetime | None = None,
) -> Decision:
    """Approve circulated minutes at a later meeting of the same body. The approval is a
    decision of that meeting (in the register with its reference); the minutes are then
    locked, and the approved text is kept as a version."""
    locked = _lock(minutes)
    body = locked.meeting.body
    authorise_chair(actor, body)
    if locked.status == MinutesStatus.APPROVED:
        raise ValidationError(
            f"These minutes were already approved at the meeting of "
            f"{_local_date(locked.approved_at_meeting)} ({locked.approval_decision.reference})."
        )
    if locked.status != MinutesStatus.CIRCULATED:
        raise ValidationError(
            "These minutes have not been circulated: circulate them to those who attended "
            "before they are approved."
        )
    at_meeting = Meeting.objects.select_related("body").get(pk=at_meeting.pk)
    _check_approving_meeting(locked, at_meeting, agenda_item)
    meeting = locked.meeting
    decision = decision_record(
        actor=actor,
        body=body,
        title=approval_title(meeting),
        text=f"The minutes of the meeting of the {body.name} held on {_local_date(meeting)} "
        "were approved as a correct record.",
        decision_type=DecisionType.APPROVED,
        meeting=at_meeting,
        agenda_item=agenda_item,
        decided_on=at_meeting.date,
        reason="Minutes approved",
    )
    locked.status = MinutesStatus.APPROVED
    locked.approval_decision = decision
    locked.approved_at_meeting = at_meeting
    locked.approved_on = at_meeting.date
    save_tracked(locked, actor=actor, reason=f"Approved as a correct record ({decision.reference})")
    _write_version(
        locked,
        actor=actor,
        stage=VersionStage.APPROVED,
        note=f"Approved at the meeting of {_local_date(at_meeting)} ({decision.reference})",
        at=at,
    )
    return decision


def _amending_decision(decision: Decision, *, body, approved_on: datetime.date) -> Decision:
    """The decision that amends minutes: a current decision of their body, taken on or after
    their approval."""
    decision = Decision.objects.select_related("body").get(pk=decision.pk)
    if decision.body_id != body.pk:
        raise ValidationError(
            {
                "decision": f"Minutes of the {body.name} are amended by a decision of the "
                f"{body.name}."
            }
        )
    if decision.decided_on < approved_on:
        raise ValidationError(
            {
                "decision": f"An amendment is made by a decision taken on or after the approval "
                f"of the minutes ({long_date(approved_on)}): {decision.reference} is "
                "earlier."
            }
        )
    if decision.status != DecisionStatus.CURRENT:
        raise ValidationError(
            {"decision": f"{decision.reference} is {decision.get_status_display().lower()}."}
        )
    return decision


@transaction.atomic
def minutes_amend(
    *,
    actor: Actor,
    minutes: Minutes,
    item: MinutesItem,
    new_text: str,
    decision: Decision,
    at: datetime.datetime | None = None,
) -> Amendment:
    """Correct an item of approved minutes, as a later decision of the body resolved. The
    approved text and version stay; the amendment and a new version record the change."""
    locked = _lock(minutes)
    body = locked.meeting.body
    authorise_chair(actor, body)
    if not locked.is_locked:
        raise ValidationError(
            "Only approved minutes are amended: until they are approved, edit the text itself."
        )
    items = {entry.pk: entry for entry in locked.item_list}
    current = items.get(item.pk)
    if current is None:
        raise ValidationError({"item": "Choose an item of these minutes."})
    decision = _amending_decision(decision, body=body, approved_on=locked.approved_on)
    new_text = _normalise(new_text)
    if not new_text:
        raise ValidationError({"new_text": "Give the amended text of the minute."})
    if new_text == current.current_text:
        raise ValidationError({"new_text": "The amended text is the same as the text now."})
    now = timezone.now()
    amendment = Amendment(
        minutes=locked,
        item=current,
        decision=decision,
        previous_text=current.current_text,
        new_text=new_text,
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
        made_at=at or now,
    )
    save_tracked(
        amendment, actor=actor, reason=f"Item {current.number} amended by {decision.reference}"
    )
    _write_version(
        locked,
        actor=actor,
        stage=VersionStage.AMENDED,
        note=f"Item {current.number} amended by {decision.reference}",
        at=at,
    )
    return amendment


__all__ = ["approval_title", "minutes_amend", "minutes_approve"]
