"""Written resolutions: a decision put to a body's voting members between meetings, each
voting once in writing before a deadline. The threshold is of those entitled to vote (the
usual rule for written resolutions: silence is not assent): every voting member of the body
when it is circulated, so leaving one out of those asked never lowers the bar."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from core.history import TrackedHistory
from meetings.storage import private_storage
from membership.models import Body, Person

from .decisions import Decision, DecisionType
from .votes import VoteChoice

# A reminder goes a day before the deadline, or half way through a shorter window, so a
# resolution circulated for six hours is not followed by its reminder at once.
REMINDER_BEFORE = datetime.timedelta(hours=24)


class Threshold(models.TextChoices):
    MAJORITY = "majority", "More than half of those entitled to vote"
    TWO_THIRDS = "two_thirds", "At least two-thirds of those entitled to vote"
    UNANIMOUS = "unanimous", "All of those entitled to vote"


class ResolutionStatus(models.TextChoices):
    OPEN = "open", "Open for votes"
    CARRIED = "carried", "Carried"
    LOST = "lost", "Lost"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Resolution(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="resolutions")
    title = models.CharField(max_length=250)
    text = models.TextField(help_text="The resolution as it will be recorded if carried.")
    decision_type = models.CharField(
        max_length=20, choices=DecisionType.choices, default=DecisionType.AGREED
    )
    deadline = models.DateTimeField()
    threshold = models.CharField(
        max_length=12,
        choices=Threshold.choices,
        default=Threshold.MAJORITY,
        help_text="Counted of all the body's voting members, asked or not, not only of "
        "those who answer.",
    )
    entitled = models.PositiveSmallIntegerField(
        default=0, help_text="The body's voting members when it was circulated."
    )
    is_restricted = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN
    )
    circulated_at = models.DateTimeField()
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="resolution"
    )
    withdrawn_reason = models.TextField(blank=True)

    history = TrackedHistory()

    class Meta:
        ordering = ["-circulated_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ResolutionStatus.OPEN

    @property
    def reminder_due_at(self) -> datetime.datetime:
        halfway = self.circulated_at + (self.deadline - self.circulated_at) / 2
        return max(halfway, self.deadline - REMINDER_BEFORE)

    def needed(self, entitled: int) -> int:
        """How many votes for it needs to carry, of `entitled`."""
        if self.threshold == Threshold.UNANIMOUS:
            return entitled
        if self.threshold == Threshold.TWO_THIRDS:
            return -(-2 * entitled // 3)
        return entitled // 2 + 1


class ResolutionVoter(models.Model):
    """One person asked to vote, with the hash of the single-use link sent to them."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="voters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    choice = models.CharField(max_length=10, choices=VoteChoice.choices, blank=True)
    voted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    history = TrackedHistory()

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "person"], name="resolution_voter_once")
        ]

    def __str__(self):
        return f"{self.person} on {self.resolution}"


def resolution_paper_upload_to(instance: ResolutionPaper, filename: str) -> str:
    # No title in the stored name: a restricted resolution's papers must not leak from a path.
    return f"resolutions/{instance.resolution_id}/{instance.sha256[:16]}.pdf"


class ResolutionPaper(models.Model):
    """A paper circulated with a resolution, read by those who may read the resolution."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(
        storage=private_storage, upload_to=resolution_paper_upload_to, max_length=300
    )
    original_filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)

    history = TrackedHistory()

    class Meta:
        ordering = ["resolution", "pk"]

    def __str__(self):
        return self.title
