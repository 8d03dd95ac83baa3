"""How a decision was voted on: at a meeting among those present and entitled, or by written
resolution among a body's voting members. Most decisions are taken by consensus and carry no
vote."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.history import TrackedHistory
from membership.models import Person

from .decisions import Decision
from .schemes import VoteRecording


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class VoteOccasion(models.TextChoices):
    MEETING = "meeting", "At a meeting"
    WRITTEN = "written", "By written resolution"


class Vote(models.Model):
    """The vote that carried or lost a decision. The counts are stored as minuted; a vote
    by name also keeps each member's ballot, and its counts are those ballots' sums."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="vote")
    occasion = models.CharField(
        max_length=10, choices=VoteOccasion.choices, default=VoteOccasion.MEETING
    )
    recording = models.CharField(
        max_length=10, choices=VoteRecording.choices, default=VoteRecording.COUNTS
    )
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    entitled = models.PositiveSmallIntegerField(
        default=0, help_text="How many were present (or asked, in writing) and entitled to vote."
    )
    was_quorate = models.BooleanField(
        default=True, help_text="Whether the meeting was quorate when the vote was taken."
    )
    casting_vote = models.CharField(
        max_length=10,
        blank=True,
        choices=[(VoteChoice.FOR, "For"), (VoteChoice.AGAINST, "Against")],
        help_text="The chair's casting vote, given only on a tie.",
    )
    carried = models.BooleanField()
    taken_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = TrackedHistory()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(casting_vote="") | Q(votes_for=models.F("votes_against")),
                name="vote_casting_only_on_a_tie",
                violation_error_message="The chair has a casting vote only when the votes "
                "for and against are equal.",
            ),
        ]

    def __str__(self):
        return f"{self.votes_for} for, {self.votes_against} against, {self.abstentions} abstaining"

    @property
    def summary(self) -> str:
        """The outcome as the register and minutes print it: "Carried 7–2, 1 abstention",
        "Lost 2–7", with the chair's casting vote and the written occasion named."""
        text = f"{'Carried' if self.carried else 'Lost'} {self.votes_for}–{self.votes_against}"
        if self.abstentions:
            plural = "" if self.abstentions == 1 else "s"
            text += f", {self.abstentions} abstention{plural}"
        if self.casting_vote:
            text += ", on the chair's casting vote"
        if self.occasion == VoteOccasion.WRITTEN:
            text += ", by written resolution"
        return text

    @property
    def by_name(self) -> bool:
        return self.recording == VoteRecording.NAMED

    def ballots_by_choice(self) -> list[tuple[str, list[str]]]:
        """For a vote by name: each choice with the names of those who made it, using the
        prefetched ballots."""
        names: dict[str, list[str]] = {choice: [] for choice in VoteChoice.values}
        for ballot in self.ballots.all():
            names[ballot.choice].append(ballot.person.name)
        return [(VoteChoice(choice).label, people) for choice, people in names.items() if people]


class Ballot(models.Model):
    """One member's vote, kept when the body records votes by name and for every written
    resolution."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    history = TrackedHistory()

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "person"],
                name="ballot_one_per_person_per_vote",
                violation_error_message="This person has already voted.",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_choice_display()}"
