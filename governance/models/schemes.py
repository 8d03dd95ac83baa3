"""How a partnership speaks about progress (its RAG words and colours, one scheme for all its
bodies and reports), and each body's own rules: its at-risk window, risk appetite and votes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from membership.models import Body, Partnership


class RagState(models.TextChoices):
    """What Tabled knows about an action's progress. Each partnership's scheme gives each
    state the word and colour that partnership uses."""

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
    """A state as one partnership shows it: never the colour without the label."""

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
    """A partnership's RAG vocabulary: the label and colour of each state, the same on every
    page, register, report and PDF of that partnership, whichever of its bodies it speaks
    of. Partnerships differ: blue for complete, or blue for suspended and grey for
    programmed."""

    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.PROTECT,
        related_name="rag_scheme",
        help_text="Every body, page and report of this partnership uses this scheme.",
        error_messages={"unique": "This partnership already has a RAG scheme: edit that one."},
    )
    name = models.CharField(max_length=100, blank=True, help_text="For your own reference.")
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

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("partnership"), FieldPanel("name")]),
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
        ordering = ["partnership__sort_order", "partnership__name"]
        verbose_name = "RAG scheme"

    def __str__(self):
        if self.partnership_id is None:
            return self.name or "Standard"
        return f"RAG scheme of {self.partnership}"

    def clean(self):
        labels = {state: getattr(self, f"{state}_label").strip().casefold() for state in RAG_ORDER}
        uses = Counter(labels.values())
        errors = {
            f"{state}_label": "Another state has this label: give each state its own words, "
            "or readers cannot tell them apart."
            for state, label in labels.items()
            if label and uses[label] > 1
        }
        if errors:
            raise ValidationError(errors)

    def rag(self, state: str) -> Rag:
        return Rag(
            state=state,
            label=getattr(self, f"{state}_label"),
            colour=getattr(self, f"{state}_colour"),
        )

    def all_states(self) -> list[Rag]:
        return [self.rag(state) for state in RAG_ORDER]


class BodyGovernanceSettings(models.Model):
    """A body's own rules for its logs: how near its due date an action turns "at risk", the
    risk score above which its risks are reported, and how its votes are minuted. (The words
    and colours its actions are shown in are its partnership's RAG scheme.)"""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="governance_settings")
    # A board meeting quarterly needs more warning than a group meeting monthly.
    at_risk_days = models.PositiveSmallIntegerField(
        default=DEFAULT_AT_RISK_DAYS,
        help_text="An open action due within this many days is at risk.",
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
        FieldRowPanel([FieldPanel("at_risk_days"), FieldPanel("risk_appetite")]),
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
            ),
            models.CheckConstraint(
                condition=Q(at_risk_days__lte=365),
                name="governance_settings_at_risk_days_within_a_year",
                violation_error_message="The at-risk window is at most 365 days.",
            ),
        ]

    def __str__(self):
        return f"Governance settings of {self.body}"


# What a partnership that has not chosen its words is shown in (never saved).
STANDARD_SCHEME = RagScheme(name="Standard")


def settings_for(body: Body) -> BodyGovernanceSettings | None:
    """The body's settings, read from `select_related("body__governance_settings")` when the
    selector fetched them."""
    try:
        return body.governance_settings
    except ObjectDoesNotExist:
        return None


def scheme_of(partnership: Partnership | None) -> RagScheme:
    """The partnership's scheme, read from `select_related("…partnership__rag_scheme")` when
    the selector fetched it; the standard one when it has none."""
    if partnership is None:
        return STANDARD_SCHEME
    try:
        return partnership.rag_scheme
    except ObjectDoesNotExist:
        return STANDARD_SCHEME


def scheme_of_partnership_id(partnership_id: int | None) -> RagScheme:
    """The scheme of a partnership known only by its id: one query."""
    if partnership_id is None:
        return STANDARD_SCHEME
    return RagScheme.objects.filter(partnership_id=partnership_id).first() or STANDARD_SCHEME


def scheme_for(body: Body) -> RagScheme:
    """The scheme a body's records are shown in on its own pages: its partnership's (a joint
    body's, that of the partnership that runs it). Selectors fetch it with
    `BODY_SCHEME_RELATED`."""
    return scheme_of(body.partnership)


# What `scheme_for`, `at_risk_days_for` and `risk_appetite_for` read, from a record's body.
BODY_SCHEME_RELATED = ("body__partnership__rag_scheme", "body__governance_settings")


def at_risk_days_for(body: Body) -> int:
    settings = settings_for(body)
    return settings.at_risk_days if settings is not None else DEFAULT_AT_RISK_DAYS


def risk_appetite_for(body: Body) -> int:
    settings = settings_for(body)
    return settings.risk_appetite if settings is not None else DEFAULT_RISK_APPETITE
