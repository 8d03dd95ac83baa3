"""A challenge's life: raised, answered, assessed, escalated, closed with its outcome and
impact. Only these functions move its status."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date, today
from core.history import save_tracked
from governance.models import (
    Assessment,
    Challenge,
    ChallengeAssessment,
    ChallengeEscalation,
    ChallengeResponse,
    ChallengeStatus,
    EscalationLevel,
    EvidenceKind,
    ReferenceKind,
    item_is_restricted,
)
from meetings.models import AgendaItem, Meeting
from membership.models import Body, Organisation, Person

from ._common import (
    NUMBERED_FIELDS,
    Actor,
    authorise_chair,
    authorise_item,
    not_in_future,
    number_record,
)


def _recorder(actor: Actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock_open(challenge: Challenge, actor: Actor) -> Challenge:
    locked = Challenge.objects.select_for_update().select_related("body").get(pk=challenge.pk)
    authorise_chair(actor, locked.body)
    if locked.status == ChallengeStatus.CLOSED:
        raise ValidationError(
            f"{locked.reference} was closed on {long_date(locked.closed_on)}; raise a new "
            "challenge if the matter returns."
        )
    return locked


def _on_or_after_raised(challenge: Challenge, value: datetime.date, field: str) -> None:
    if value < challenge.raised_on:
        raise ValidationError(
            {
                field: f"The challenge was raised on {long_date(challenge.raised_on)}: give a "
                "date on or after it."
            }
        )
    not_in_future(value, field)


@transaction.atomic
def challenge_raise(
    *,
    actor: Actor,
    body: Body,
    raised_by: Person,
    agency: Organisation,
    issue: str,
    ask: str,
    evidence_kind: str = EvidenceKind.OTHER,
    evidence_detail: str = "",
    response_due: datetime.date | None = None,
    agency_lead: Person | None = None,
    raised_on: datetime.date | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    is_restricted: bool = False,
) -> Challenge:
    """Log a challenge to an agency. With a date for the response it is awaiting one."""
    authorise_chair(actor, body)
    authorise_item(actor, agenda_item)
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    raised_on = raised_on or (meeting.date if meeting is not None else today())
    challenge = Challenge(
        body=body,
        raised_on=raised_on,
        raised_by=raised_by,
        meeting=meeting,
        agenda_item=agenda_item,
        agency=agency,
        agency_lead=agency_lead,
        issue=issue,
        evidence_kind=evidence_kind,
        evidence_detail=evidence_detail,
        ask=ask,
        response_due=response_due,
        status=ChallengeStatus.AWAITING_RESPONSE if response_due else ChallengeStatus.OPEN,
        is_restricted=is_restricted or item_is_restricted(agenda_item),
    )
    challenge.full_clean(exclude=NUMBERED_FIELDS)
    number_record(challenge, actor=actor, kind=ReferenceKind.CHALLENGE, year=raised_on.year)
    return save_tracked(challenge, actor=actor, reason="Challenge raised")


@transaction.atomic
def challenge_save(*, actor: Actor, challenge: Challenge, reason: str = "") -> Challenge:
    """Save an edit of a challenge's wording made in the admin; its status, assessment and
    escalation move only through the other services."""
    if not challenge.pk:
        raise ValueError("Raise new challenges with challenge_raise.")
    locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
    authorise_chair(actor, locked.body)
    if challenge.body_id != locked.body_id:
        raise ValidationError({"body": f"{locked.reference} belongs to {locked.body}."})
    for field in ("status", "assessment", "escalation_level", "outcome", "impact", "closed_on"):
        setattr(challenge, field, getattr(locked, field))
    if (
        challenge.response_due != locked.response_due
        and locked.status == ChallengeStatus.OPEN
        and challenge.response_due
    ):
        challenge.status = ChallengeStatus.AWAITING_RESPONSE
    return save_tracked(challenge, actor=actor, reason=reason or "Challenge edited")


@transaction.atomic
def challenge_record_response(
    *,
    actor: Actor,
    challenge: Challenge,
    text: str,
    received_on: datetime.date | None = None,
    responder: Person | None = None,
) -> ChallengeResponse:
    """Record the agency's answer; the challenge waits for the Board's assessment."""
    locked = _lock_open(challenge, actor)
    received_on = received_on or today()
    if not (text or "").strip():
        raise ValidationError({"text": "Enter the agency's response."})
    _on_or_after_raised(locked, received_on, "received_on")
    response = ChallengeResponse(
        challenge=locked,
        received_on=received_on,
        text=text.strip(),
        responder=responder or locked.agency_lead,
        recorded_by=_recorder(actor),
    )
    save_tracked(response, actor=actor, reason="Response received")
    locked.status = ChallengeStatus.RESPONDED
    save_tracked(locked, actor=actor, reason=f"Response received on {long_date(received_on)}")
    return response


@transaction.atomic
def challenge_assess(
    *,
    actor: Actor,
    challenge: Challenge,
    assessment: str,
    note: str = "",
    assessed_on: datetime.date | None = None,
    response_due: datetime.date | None = None,
    escalate_to: int | None = None,
    escalated_to: str = "",
) -> ChallengeAssessment:
    """The Board's view of the latest response. Satisfied: ready to close. Further assurance
    needed: a new date for the agency to answer by. Escalate: up the ladder, at once."""
    locked = _lock_open(challenge, actor)
    assessed_on = assessed_on or today()
    if locked.status != ChallengeStatus.RESPONDED:
        raise ValidationError(
            {
                "assessment": "There is no response to assess yet: record the agency's response "
                "first."
            }
        )
    if assessment not in Assessment.values:
        raise ValidationError({"assessment": "Choose satisfied, further assurance or escalate."})
    _on_or_after_raised(locked, assessed_on, "assessed_on")
    if assessment == Assessment.FURTHER_ASSURANCE and not response_due:
        raise ValidationError(
            {"response_due": "Give the date by which the agency must give further assurance."}
        )
    if assessment == Assessment.ESCALATE and not escalate_to:
        raise ValidationError({"escalate_to": "Choose the level to escalate to."})
    record = ChallengeAssessment(
        challenge=locked,
        assessed_on=assessed_on,
        assessment=assessment,
        note=note,
        recorded_by=_recorder(actor),
    )
    save_tracked(record, actor=actor, reason="Response assessed")
    locked.assessment = assessment
    if assessment == Assessment.FURTHER_ASSURANCE:
        locked.response_due = response_due
        locked.status = ChallengeStatus.AWAITING_RESPONSE
    locked.full_clean(exclude=NUMBERED_FIELDS)
    save_tracked(locked, actor=actor, reason=f"Assessed: {record.get_assessment_display().lower()}")
    if assessment == Assessment.ESCALATE:
        challenge_escalate(
            actor=actor,
            challenge=locked,
            level=escalate_to,
            reason=note or "The response was judged insufficient.",
            escalated_to=escalated_to,
            escalated_on=assessed_on,
            response_due=response_due,
        )
    return record


@transaction.atomic
def challenge_escalate(
    *,
    actor: Actor,
    challenge: Challenge,
    level: int,
    reason: str,
    escalated_to: str = "",
    escalated_on: datetime.date | None = None,
    response_due: datetime.date | None = None,
) -> ChallengeEscalation:
    """Take a challenge one or more steps up: subgroup chair → Executive → Board → agency
    chief executive → regulator. It never steps down."""
    locked = _lock_open(challenge, actor)
    escalated_on = escalated_on or today()
    try:
        level = EscalationLevel(int(level))
    except (TypeError, ValueError):
        raise ValidationError({"level": "Choose a level from the list."}) from None
    if level == EscalationLevel.NONE:
        raise ValidationError({"level": "Choose a level from subgroup chair to regulator."})
    if level <= locked.escalation_level:
        current = EscalationLevel(locked.escalation_level).label
        raise ValidationError(
            {
                "level": f"{locked.reference} is already escalated to {current.lower()}: choose "
                "a higher level."
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the challenge is escalated."})
    _on_or_after_raised(locked, escalated_on, "escalated_on")
    escalation = ChallengeEscalation(
        challenge=locked,
        escalated_on=escalated_on,
        level=level,
        escalated_to=escalated_to,
        reason=reason.strip(),
        recorded_by=_recorder(actor),
    )
    save_tracked(escalation, actor=actor, reason="Escalated")
    locked.escalation_level = level
    locked.status = ChallengeStatus.ESCALATED
    if response_due:
        locked.response_due = response_due
    locked.full_clean(exclude=NUMBERED_FIELDS)
    save_tracked(locked, actor=actor, reason=f"Escalated to {level.label.lower()}")
    return escalation


@transaction.atomic
def challenge_close(
    *,
    actor: Actor,
    challenge: Challenge,
    outcome: str,
    impact: str,
    closed_on: datetime.date | None = None,
) -> Challenge:
    """Close a challenge. Inspectors look for the impact of challenge, so a challenge closes
    only with what came of it (the outcome) and what changed (the impact)."""
    locked = _lock_open(challenge, actor)
    closed_on = closed_on or today()
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = (
            "Record the outcome before closing: what the agency did or committed to."
        )
    if not (impact or "").strip():
        errors["impact"] = (
            "Record the impact before closing: what changed for children and families, or "
            "for the partnership."
        )
    if errors:
        raise ValidationError(errors)
    _on_or_after_raised(locked, closed_on, "closed_on")
    locked.outcome = outcome.strip()
    locked.impact = impact.strip()
    locked.closed_on = closed_on
    locked.status = ChallengeStatus.CLOSED
    return save_tracked(locked, actor=actor, reason=f"Closed on {long_date(closed_on)}")
