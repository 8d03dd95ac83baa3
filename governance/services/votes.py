"""Votes at a meeting: taken at an item among those in the room and entitled to vote then,
with the quorum checked at that moment and the chair's casting vote on a tie."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_tracked
from governance.models import (
    Ballot,
    Decision,
    DecisionType,
    DeclarationOfInterest,
    Vote,
    VoteChoice,
    VoteOccasion,
    VoteRecording,
    settings_for,
)
from meetings.presence import Presence, presence_at

from ._common import Actor, authorise_chair


def presence_for_vote(decision_or_item) -> Presence:
    """Who may vote at an item: those in the room, less those who withdrew from it."""
    item = getattr(decision_or_item, "agenda_item", decision_or_item)
    withdrawn = set(
        DeclarationOfInterest.objects.filter(agenda_item=item, withdrew=True).values_list(
            "person_id", flat=True
        )
    )
    return presence_at(item.meeting, item, withdrawn_person_ids=withdrawn)


def outcome(votes_for: int, votes_against: int, casting_vote: str) -> bool:
    """Carried on a majority of the votes cast; on a tie, by the chair's casting vote, and
    without one the motion falls."""
    if votes_for != votes_against:
        return votes_for > votes_against
    return casting_vote == VoteChoice.FOR


@transaction.atomic
def vote_record(
    *,
    actor: Actor,
    decision: Decision,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    ballots: dict[int, str] | None = None,
    casting_vote: str = "",
) -> Vote:
    """Record the vote on a decision taken at an item of a meeting. The body's rule says
    whether it is recorded as counts or by name (`ballots`, person id to choice). Refused,
    with nothing saved, when the meeting is not quorate at that moment, when more votes are
    cast than there are people entitled to vote, or when a casting vote is given where the
    body allows none or the votes are not tied. A vote that is lost rejects the motion."""
    authorise_chair(actor, decision.body)
    if decision.agenda_item_id is None:
        raise ValidationError(
            {"agenda_item": "A vote is taken at an item: choose the item it was taken at."}
        )
    if Vote.objects.filter(decision=decision).exists():
        raise ValidationError(f"The vote on {decision.reference} is already recorded.")
    body_settings = settings_for(decision.body)
    recording = body_settings.vote_recording if body_settings else VoteRecording.COUNTS
    casting_allowed = body_settings.chair_has_casting_vote if body_settings else True
    presence = presence_for_vote(decision)
    quorum = presence.quorum
    if quorum.has_rule and not quorum.met:
        raise ValidationError(
            "The meeting is not quorate for this item, so no vote can be taken: missing "
            + ", ".join(quorum.missing)
            + ". Record the decision without a vote, or defer it."
        )
    entitled = len(presence.voters)
    named = recording == VoteRecording.NAMED
    if named:
        ballots = {int(person_id): choice for person_id, choice in (ballots or {}).items()}
        strangers = set(ballots) - presence.voter_ids
        if strangers:
            raise ValidationError(
                "Only those in the room and entitled to vote at this item can vote."
            )
        if any(choice not in VoteChoice.values for choice in ballots.values()):
            raise ValidationError("Each vote is for, against or an abstention.")
        counted = Counter(ballots.values())
        votes_for = counted[VoteChoice.FOR]
        votes_against = counted[VoteChoice.AGAINST]
        abstentions = counted[VoteChoice.ABSTAIN]
    else:
        votes_for, votes_against, abstentions = (
            votes_for or 0,
            votes_against or 0,
            abstentions or 0,
        )
        if min(votes_for, votes_against, abstentions) < 0:
            raise ValidationError("Counts of votes cannot be negative.")
    cast = votes_for + votes_against + abstentions
    if cast == 0:
        raise ValidationError("Enter the votes: none were recorded.")
    if cast > entitled:
        raise ValidationError(
            f"{cast} votes were entered, but only {entitled} "
            f"{'person is' if entitled == 1 else 'people are'} in the room and entitled to "
            "vote at this item."
        )
    if casting_vote:
        if not casting_allowed:
            raise ValidationError({"casting_vote": "The chair of this body has no casting vote."})
        if votes_for != votes_against:
            raise ValidationError(
                {"casting_vote": "The chair has a casting vote only when the votes are tied."}
            )
    vote = Vote(
        decision=decision,
        occasion=VoteOccasion.MEETING,
        recording=recording,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        entitled=entitled,
        was_quorate=not quorum.has_rule or quorum.met,
        casting_vote=casting_vote,
        carried=outcome(votes_for, votes_against, casting_vote),
        taken_at=timezone.now(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    vote.full_clean(exclude=["decision"])
    save_tracked(vote, actor=actor, reason="Vote recorded")
    if named:
        people = {voter.person.pk: voter.person for voter in presence.voters}
        for person_id, choice in sorted(ballots.items()):
            save_tracked(
                Ballot(vote=vote, person=people[person_id], choice=choice),
                actor=actor,
                reason="Vote recorded",
            )
    if not vote.carried and decision.decision_type != DecisionType.REJECTED:
        decision.decision_type = DecisionType.REJECTED
        save_tracked(decision, actor=actor, reason="The vote was lost")
    return vote
