from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from meetings.models import AgendaItem, Meeting
from membership.models import Body, Organisation, Person

from .base import Referenced, item_is_restricted
from .schemes import Rag, RagScheme, RagState, at_risk_days_for, scheme_for


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


def rag_state(
    status: str, due_date: datetime.date, on: datetime.date, at_risk_days: int
) -> RagState:
    """The RAG state of an action on a day. Done is complete and cancelled is suspended
    whatever the date; an open action past its due date is overdue, within the body's
    at-risk window at risk; otherwise on track once work has started, not started before."""
    if status == ActionStatus.DONE:
        return RagState.COMPLETE
    if status == ActionStatus.CANCELLED:
        return RagState.SUSPENDED
    if due_date < on:
        return RagState.OVERDUE
    if (due_date - on).days <= at_risk_days:
        return RagState.AT_RISK
    if status == ActionStatus.IN_PROGRESS:
        return RagState.ON_TRACK
    return RagState.NOT_STARTED


class Action(Referenced):
    """Something a named person agreed to do for a body, by a date."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="governance_actions")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_actions",
        help_text="The agency the owner acts for; filled in from their membership when blank.",
    )
    raised_on = models.DateField()
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True, editable=False)
    # Where the action came from: any of these, or a note.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    challenge = models.ForeignKey(
        "governance.Challenge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    improvement_action = models.ForeignKey(
        "governance.ImprovementAction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    audit = models.ForeignKey(
        "governance.Audit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The multi-agency audit whose recommendation this action carries out.",
    )
    source_note = models.CharField(
        max_length=300, blank=True, help_text="e.g. “Multi-agency audit, January 2012”."
    )
    is_restricted = models.BooleanField(
        default=False,
        help_text="Seen only by current members of the body and the business unit. An action "
        "from a restricted item is restricted whatever this says.",
    )

    history = TrackedHistory()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("body"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("owner"), FieldPanel("organisation")]),
                FieldRowPanel([FieldPanel("raised_on"), FieldPanel("due_date")]),
                FieldPanel("is_restricted"),
            ],
            heading="Action",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("meeting"), FieldPanel("agenda_item")]),
                FieldRowPanel([FieldPanel("decision"), FieldPanel("challenge")]),
                FieldRowPanel([FieldPanel("improvement_action"), FieldPanel("audit")]),
                FieldPanel("source_note"),
            ],
            heading="Source",
        ),
    ]

    class Meta:
        ordering = ["due_date", "sequence"]
        indexes = [models.Index(fields=["body", "status", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                name="action_number_unique_per_body_and_year",
                violation_error_message="This body already has an action with this number.",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("raised_on")),
                name="action_due_after_raised",
                violation_error_message="An action cannot be due before it was raised.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=CLOSED_STATUSES, closed_on__isnull=False)
                    | Q(status__in=OPEN_STATUSES, closed_on__isnull=True)
                ),
                name="action_closed_on_when_closed",
                violation_error_message="A done or cancelled action has a closing date; an open "
                "one has none.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:80]}".strip()

    def get_absolute_url(self):
        return reverse("governance:action_detail", kwargs={"key": self.reference or self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.due_date and self.raised_on and self.due_date < self.raised_on:
            errors["due_date"] = "The due date is before the action was raised: pick a later date."
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            errors["meeting"] = "This meeting is of another body: choose one of the body's."
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = "This item is on another meeting's agenda."
        if self.decision_id and self.body_id and self.decision.body_id != self.body_id:
            errors["decision"] = "This decision is another body's."
        if errors:
            raise ValidationError(errors)

    @property
    def restricted(self) -> bool:
        return self.is_restricted or item_is_restricted(self.agenda_item)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def rag_on(self, on: datetime.date, scheme: RagScheme | None = None) -> Rag:
        """The action's RAG on a day, in the words of `scheme` (a page's partnership's) or
        of its body's partnership; at risk by its own body's window."""
        state = rag_state(self.status, self.due_date, on, at_risk_days_for(self.body))
        return (scheme or scheme_for(self.body)).rag(state)

    def as_at(self, on: datetime.date) -> tuple[str, datetime.date]:
        """The status and due date the action had at the end of a day, read from its
        updates (every change of status or due date comes with one). Reads the selectors'
        `dated_updates` prefetch."""
        status, due_date = ActionStatus.OPEN, None
        updates = getattr(self, "dated_updates", None)
        if updates is None:
            updates = list(self.updates.order_by("update_date", "pk"))
        for update in updates:
            if update.update_date > on:
                break
            status = update.new_status or status
            due_date = update.new_due_date or due_date
        if due_date is None:
            # Due dates moved later than `on` are not known yet on that day: the first due
            # date is the one given when the action was raised.
            due_date = self._first_due_date(updates)
        return status, due_date

    def _first_due_date(self, updates) -> datetime.date:
        for update in updates:
            if update.previous_due_date:
                return update.previous_due_date
        return self.due_date


class ActionUpdate(models.Model):
    """A dated note of progress on an action, by its owner, the chair or the business unit;
    a change of status or due date always comes with one."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    update_date = models.DateField("date")
    text = models.TextField("progress")
    new_status = models.CharField(
        max_length=20, choices=ActionStatus.choices, blank=True, help_text="Blank for no change."
    )
    new_due_date = models.DateField(null=True, blank=True, help_text="Blank for no change.")
    previous_due_date = models.DateField(null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    history = TrackedHistory()

    class Meta:
        ordering = ["update_date", "pk"]

    def __str__(self):
        return f"{self.action.reference}: update of {self.update_date}"
