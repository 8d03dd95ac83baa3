"""How a body speaks about progress: its RAG vocabulary and colours, and its risk appetite."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from membership.models import Body


class RagState(models.TextChoices):
    """What Tabled knows about an action's progress. Each body's scheme gives each state the
    word and colour that body uses."""

    COMPLETE = "complete", "Complete"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OVERDUE = "overdue", "Overdue"
    NOT_STARTED = "not_started", "Not started"
    SUSPENDED = "suspended", "Suspended"


class RagColour(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    GREY = "grey", "Grey"
    PURPLE = "purple", "Purple"
    BLACK = "black", "Black"


# The order the states are counted and listed in, worst first.
RAG_ORDER = (
    RagState.OVERDUE,
    RagState.AT_RISK,
    RagState.ON_TRACK,
    RagState.NOT_STARTED,
    RagState.SUSPENDED,
    RagState.COMPLETE,
)


class VoteRecording(models.TextChoices):
    """Whether a body minutes how each member voted or only the numbers (its standing
    orders say which)."""

    COUNTS = "counts", "Counts only"
    NAMED = "named", "By name"


DEFAULT_AT_RISK_DAYS = 14
DEFAULT_RISK_APPETITE = 12


@dataclass(frozen=True)
class Rag:
    """A state as one body shows it: never the colour without the label."""

    state: str
    label: str
    colour: str

    def __str__(self):
        return self.label


def _label(state: RagState, **kwargs) -> models.CharField:
    return models.CharField(max_length=40, default=state.label, **kwargs)


def _colour(colour: RagColour) -> models.CharField:
    return models.CharField(max_length=10, choices=RagColour.choices, default=colour)


class RagScheme(models.Model):
    """A RAG vocabulary: the label and colour of each state, and how near its due date an
    action turns "at risk". Boards differ: blue for complete, or blue for suspended and grey
    for programmed."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    complete_label = _label(RagState.COMPLETE)
    complete_colour = _colour(RagColour.BLUE)
    on_track_label = _label(RagState.ON_TRACK)
    on_track_colour = _colour(RagColour.GREEN)
    at_risk_label = _label(RagState.AT_RISK)
    at_risk_colour = _colour(RagColour.AMBER)
    overdue_label = _label(RagState.OVERDUE)
    overdue_colour = _colour(RagColour.RED)
    not_started_label = _label(RagState.NOT_STARTED)
    not_started_colour = _colour(RagColour.GREY)
    suspended_label = _label(RagState.SUSPENDED)
    suspended_colour = _colour(RagColour.BLACK)
    at_risk_days = models.PositiveSmallIntegerField(
        default=DEFAULT_AT_RISK_DAYS,
        help_text="An open action due within this many days is at risk.",
    )

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("at_risk_days")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(f"{state}_label"), FieldPanel(f"{state}_colour")])
                for state in RagState.values
            ],
            heading="Labels and colours",
            help_text="Pages always show the label; the colour is a help, never the message.",
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "RAG scheme"
        constraints = [
            models.CheckConstraint(
                condition=Q(at_risk_days__lte=365),
                name="rag_scheme_at_risk_days_within_a_year",
                violation_error_message="The at-risk window is at most 365 days.",
            )
        ]

    def __str__(self):
        return self.name

    def rag(self, state: str) -> Rag:
        return Rag(
            state=state,
            label=getattr(self, f"{state}_label"),
            colour=getattr(self, f"{state}_colour"),
        )

    def all_states(self) -> list[Rag]:
        return [self.rag(state) for state in RAG_ORDER]


class BodyGovernanceSettings(models.Model):
    """A body's choices for its logs: the RAG scheme its actions are rated with, and the
    risk score above which its risks are reported."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="governance_settings")
    rag_scheme = models.ForeignKey(
        RagScheme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_settings",
        help_text="Blank for the standard scheme.",
    )
    risk_appetite = models.PositiveSmallIntegerField(
        default=DEFAULT_RISK_APPETITE,
        help_text="Risks scoring above this (1 to 25) are flagged to the body.",
    )
    vote_recording = models.CharField(
        max_length=10,
        choices=VoteRecording.choices,
        default=VoteRecording.COUNTS,
        help_text="Whether the minutes record how each member voted or only the numbers.",
    )
    chair_has_casting_vote = models.BooleanField(
        default=True, help_text="On a tie the chair's casting vote decides."
    )

    history = TrackedHistory()

    panels = [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("rag_scheme"), FieldPanel("risk_appetite")]),
        FieldRowPanel([FieldPanel("vote_recording"), FieldPanel("chair_has_casting_vote")]),
    ]

    class Meta:
        verbose_name = "body governance settings"
        verbose_name_plural = "body governance settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_appetite__gte=1) & Q(risk_appetite__lte=25),
                name="governance_settings_risk_appetite_1_to_25",
                violation_error_message="The risk appetite is a score from 1 to 25.",
            )
        ]

    def __str__(self):
        return f"Governance settings of {self.body}"


STANDARD_SCHEME = RagScheme(name="Standard")


def settings_for(body: Body) -> BodyGovernanceSettings | None:
    """The body's settings, read from `select_related("body__governance_settings…")` when the
    selector fetched them."""
    try:
        return body.governance_settings
    except ObjectDoesNotExist:
        return None


def scheme_for(body: Body) -> RagScheme:
    settings = settings_for(body)
    if settings is not None and settings.rag_scheme_id:
        return settings.rag_scheme
    return STANDARD_SCHEME


def risk_appetite_for(body: Body) -> int:
    settings = settings_for(body)
    return settings.risk_appetite if settings is not None else DEFAULT_RISK_APPETITE
