"""A vote taken at a meeting, checked against who is in the room at that item."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.history import save_tracked
from governance.models import (
    Ballot,
    BodyGovernanceSettings,
    Decision,
    DeclarationOfInterest,
    Vote,
    VoteChoice,
    VoteOccasion,
    VoteRecording,
)
from meetings.models import AgendaItem, Meeting
from meetings.presence import Presence, presence_at

from ._common import Actor


@dataclass
class VoteCast:
    """What the chair announces: counts, or each voter's choice (person id to choice)."""

    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    ballots: dict[int, str] = field(default_factory=dict)
    casting_vote: str = ""


def body_vote_rules(body) -> tuple[str, bool]:
    """How the body records votes and whether its chair has a casting vote."""
    try:
        rules = body.governance_settings
    except BodyGovernanceSettings.DoesNotExist:
        return VoteRecording.COUNTS, True
    return rules.vote_recording, rules.chair_has_casting_vote


def _quorum_refusal(presence: Presence) -> str:
    quorum = presence.quorum
    missing = ", ".join(quorum.missing)
    gone = [a.person.name for a in presence.left] + [
        f"{a.person.name} (withdrew)" for a in presence.withdrawn
    ]
    away = f" Not in the room for this item: {', '.join(gone)}." if gone else ""
    return f"The meeting is not quorate for this item: it needs {missing}.{away}"


def vote_prepare(
    *, meeting: Meeting, item: AgendaItem | None, cast: VoteCast
) -> tuple[Vote, list[Ballot]]:
    """Check the vote against the room at the item and work out whether it carried;
    nothing is saved, so a refused vote leaves no trace (the decision with it included)."""
    if item is None:
        raise ValidationError({"agenda_item": "A vote is taken on an item: choose the item."})
    recording, casting_allowed = body_vote_rules(meeting.body)
    presence = presence_at(meeting, item, withdrawn_ids=withdrawn_at(item))
    if presence.quorum.has_rule and not presence.quorum.met:
        raise ValidationError(_quorum_refusal(presence))
    entitled = presence.entitled_count
    ballots = []
    if recording == VoteRecording.NAMED:
        voters = presence.voter_ids
        strangers = set(cast.ballots) - voters
        if strangers:
            raise ValidationError("Only those present and entitled to vote at this item can vote.")
        counts = dict.fromkeys(VoteChoice.values, 0)
        for person_id, choice in cast.ballots.items():
            if choice not in counts:
                raise ValidationError("Choose for, against or abstain for each voter.")
            counts[choice] += 1
            ballots.append(Ballot(person_id=person_id, choice=choice))
        votes_for = counts[VoteChoice.FOR]
        votes_against = counts[VoteChoice.AGAINST]
        abstentions = counts[VoteChoice.ABSTAIN]
    else:
        votes_for, votes_against, abstentions = (
            cast.votes_for,
            cast.votes_against,
            cast.abstentions,
        )
    if min(votes_for, votes_against, abstentions) < 0:
        raise ValidationError("Counts cannot be negative.")
    if votes_for + votes_against + abstentions > entitled:
        raise ValidationError(
            f"{votes_for + votes_against + abstentions} votes counted, but only {entitled} "
            f"{'person is' if entitled == 1 else 'people are'} present and entitled to vote "
            "at this item."
        )
    if votes_for + votes_against + abstentions == 0:
        raise ValidationError("Give the votes cast.")
    casting = cast.casting_vote or ""
    if votes_for == votes_against:
        if casting and not casting_allowed:
            raise ValidationError("The chair of this body has no casting vote.")
        carried = casting == VoteChoice.FOR
    else:
        if casting:
            raise ValidationError(
                "The chair has a casting vote only when the votes for and against are equal."
            )
        carried = votes_for > votes_against
    vote = Vote(
        occasion=VoteOccasion.MEETING,
        recording=recording,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        entitled=entitled,
        was_quorate=True,
        casting_vote=casting,
        carried=carried,
        taken_at=timezone.now(),
    )
    return vote, ballots


def vote_save(*, actor: Actor, decision: Decision, vote: Vote, ballots: list[Ballot]) -> Vote:
    vote.decision = decision
    vote.recorded_by = actor
    save_tracked(vote, actor=actor, reason="Vote recorded")
    for ballot in ballots:
        ballot.vote = vote
        save_tracked(ballot, actor=actor, reason="Vote recorded")
    return vote


def withdrawn_at(item: AgendaItem) -> set[int]:
    """Who withdrew from the item for an interest (the people its declarations name)."""
    return set(
        DeclarationOfInterest.objects.filter(agenda_item=item, withdrew=True).values_list(
            "person_id", flat=True
        )
    )
