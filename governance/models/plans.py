from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.history import TrackedHistory
from membership.models import Body, Organisation, Person

from .schemes import Rag, RagState, scheme_for


class PlanKind(models.TextChoices):
    IMPROVEMENT = "improvement", "Improvement plan"
    BUSINESS = "business", "Business plan"


class ImprovementPlan(ClusterableModel):
    """A plan of priorities, objectives and actions that a body scrutinises: the Multi-agency
    Improvement Plan after an inspection, or the Board's business plan for a year."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.IMPROVEMENT)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The body that owns the plan; its RAG scheme rates the actions.",
    )
    summary = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    history = TrackedHistory()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
                FieldPanel("body"),
                FieldPanel("summary"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            ],
            heading="Plan",
        ),
        InlinePanel("priorities", heading="Priorities", label="Priority"),
    ]

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_it_starts",
                violation_error_message="A plan cannot end before it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:plan_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The plan ends before it starts: pick a later date."})


class PlanPriority(Orderable):
    """A priority of a plan ("A common understanding of thresholds across the partnership")."""

    plan = ParentalKey(ImprovementPlan, on_delete=models.CASCADE, related_name="priorities")
    number = models.CharField(max_length=10, help_text="e.g. 1, or a)")
    title = models.CharField(max_length=300)

    history = TrackedHistory()

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("title")])]

    class Meta(Orderable.Meta):
        verbose_name_plural = "plan priorities"

    def __str__(self):
        return f"{self.number} {self.title}"


class PlanObjective(models.Model):
    """An objective under a priority, which the plan's actions deliver."""

    priority = models.ForeignKey(PlanPriority, on_delete=models.PROTECT, related_name="objectives")
    number = models.CharField(max_length=10, help_text="e.g. 1.2")
    title = models.CharField(max_length=300)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        FieldPanel("priority"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["priority__sort_order", "sort_order", "number"]

    def __str__(self):
        return f"{self.number} {self.title}"


class ImprovementAction(models.Model):
    """An action of a plan: who leads it, by when, how success is measured and the evidence
    for it, and its RAG rating. The rating changes only with a dated update saying why."""

    objective = models.ForeignKey(PlanObjective, on_delete=models.PROTECT, related_name="actions")
    number = models.CharField(max_length=10, help_text="e.g. 1.2.3")
    description = models.TextField()
    lead = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="improvement_actions")
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    timescale = models.CharField(max_length=100, blank=True, help_text="As the plan words it.")
    due_date = models.DateField()
    measure_of_success = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    rag = models.CharField(
        "RAG", max_length=20, choices=RagState.choices, default=RagState.NOT_STARTED, editable=False
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        FieldPanel("objective"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("sort_order")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("lead"), FieldPanel("lead_organisation")]),
        FieldRowPanel([FieldPanel("timescale"), FieldPanel("due_date")]),
        FieldPanel("measure_of_success"),
        FieldPanel("evidence"),
    ]

    class Meta:
        ordering = ["sort_order", "number"]
        verbose_name = "plan action"

    def __str__(self):
        return f"{self.number} {self.description[:80]}"

    @property
    def plan(self) -> ImprovementPlan:
        return self.objective.priority.plan

    def rag_display(self, state: str | None = None) -> Rag:
        return scheme_for(self.plan.body).rag(state or self.rag)

    def rag_as_at(self, on: datetime.date) -> str:
        """The rating at the end of a day, from the `dated_updates` prefetch."""
        rating = RagState.NOT_STARTED
        updates = getattr(self, "dated_updates", None)
        if updates is None:
            updates = list(self.updates.order_by("update_date", "pk"))
        for update in updates:
            if update.update_date > on:
                break
            rating = update.rag
        return rating


class ImprovementActionUpdate(models.Model):
    """A dated rating of a plan action, with who rated it and why."""

    improvement_action = models.ForeignKey(
        ImprovementAction, on_delete=models.PROTECT, related_name="updates"
    )
    update_date = models.DateField("date")
    rag = models.CharField("RAG", max_length=20, choices=RagState.choices)
    previous_rag = models.CharField(max_length=20, choices=RagState.choices, editable=False)
    note = models.TextField("why", help_text="What the rating rests on.")
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
        verbose_name = "plan action update"

    def __str__(self):
        return f"{self.improvement_action.number}: {self.get_rag_display()} on {self.update_date}"
