"""Who sits where, and when: agencies, people, bodies, seats and memberships.

The shape follows Popolo: a Body is an Organization, a Seat is a Post, a Membership joins a
Person to a Body (and usually a Seat) on behalf of an Organisation, for a dated term.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.search import index

from core.history import TrackedHistory
from membership import rules


class Sector(models.Model):
    """A kind of agency whose presence statutory guidance asks for (health, police, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = TrackedHistory()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(index.Indexed, models.Model):
    """An agency that sends representatives: a council, a police force, an NHS trust."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="organisations")
    active = models.BooleanField(default=True)

    history = TrackedHistory()

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.FilterField("sector"),
        index.FilterField("active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Person(index.Indexed, models.Model):
    """Someone who sits, or sat, on a body; optionally able to sign in."""

    honorific = models.CharField(max_length=30, blank=True, help_text="Dr, Cllr, Supt …")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The login this person signs in with, if any.",
    )
    active = models.BooleanField(default=True)

    history = TrackedHistory()

    search_fields = [
        index.SearchField("given_name"),
        index.SearchField("family_name"),
        index.SearchField("email"),
        index.AutocompleteField("given_name"),
        index.AutocompleteField("family_name"),
        index.FilterField("active"),
    ]

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique_when_set",
                violation_error_message="Another person already has this email address.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return " ".join(
            part for part in (self.honorific, self.given_name, self.family_name) if part
        )


class BodyKind(models.TextChoices):
    BOARD = "board", "Board"
    EXECUTIVE = "executive", "Executive"
    IMPROVEMENT_BOARD = "improvement_board", "Improvement Board"
    SUBGROUP = "subgroup", "Subgroup"
    TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
    OTHER = "other", "Other"


class Body(index.Indexed, ClusterableModel):
    """A board, executive, subgroup or group that meets, with its seats and members."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, blank=True, help_text="Used in references.")
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=BodyKind.choices, default=BodyKind.SUBGROUP)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body this one reports to.",
    )
    purpose = models.TextField(blank=True, help_text="One or two sentences for the public.")
    terms_of_reference = RichTextField(blank=True)
    quorum_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members who must be present; blank for no rule."
    )
    quorum_sectors = ParentalManyToManyField(
        Sector,
        blank=True,
        related_name="+",
        help_text="Sectors that must be represented for the meeting to be quorate.",
    )
    meeting_frequency = models.CharField(max_length=100, blank=True, help_text="e.g. Monthly")
    active_from = models.DateField(default=timezone.localdate)
    active_until = models.DateField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory(m2m_fields=[quorum_sectors])

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
                    FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
                    FieldPanel("parent"),
                    FieldPanel("purpose"),
                    FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]),
                    FieldPanel("sort_order"),
                    FieldPanel("terms_of_reference"),
                ],
                heading="Body",
            ),
            ObjectList(
                [InlinePanel("memberships", label="Membership")],
                heading="Members",
                help_text="End a term by giving it an end date; the person stays in the record.",
            ),
            ObjectList(
                [
                    InlinePanel("seats", heading="Seats", label="Seat"),
                    InlinePanel(
                        "requirements", heading="Representation requirements", label="Requirement"
                    ),
                ],
                heading="Seats and requirements",
            ),
            ObjectList(
                [
                    FieldPanel("meeting_frequency"),
                    FieldPanel("quorum_count"),
                    FieldPanel("quorum_sectors", widget=forms.CheckboxSelectMultiple),
                ],
                heading="Meetings and quorum",
            ),
        ]
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("purpose"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="body_active_until_after_from",
                violation_error_message="A body cannot close before it opens.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("membership:body_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.parent_id and self.pk:
            ancestor_ids = rules.ancestor_ids(
                self.parent_id, dict(Body.objects.values_list("pk", "parent_id"))
            )
            if self.pk == self.parent_id or self.pk in ancestor_ids:
                raise ValidationError(
                    {"parent": "A body cannot report to itself or to one of its own subgroups."}
                )

    @property
    def reference_code(self) -> str:
        return (self.short_name or self.slug).upper()


class SeatType(models.TextChoices):
    STATUTORY_PARTNER = "statutory_partner", "Statutory partner"
    INDEPENDENT = "independent", "Independent"
    LAY = "lay", "Lay member"
    ADVISER = "adviser", "Adviser"
    PARTICIPANT_OBSERVER = "participant_observer", "Participant observer"
    CO_OPTED = "co_opted", "Co-opted"


class Seat(models.Model):
    """A standing place on a body for an agency ("Police — Director level"). Seats outlive the
    people who fill them, so a successor takes the same seat."""

    body = ParentalKey(Body, on_delete=models.CASCADE, related_name="seats")
    title = models.CharField(max_length=200)
    seat_type = models.CharField(
        max_length=30, choices=SeatType.choices, default=SeatType.STATUTORY_PARTNER
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    seniority_note = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("seat_type")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("seniority_note"), FieldPanel("active")]),
    ]

    class Meta:
        ordering = ["sort_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="seat_title_unique_per_body",
                violation_error_message="This body already has a seat with this title.",
            )
        ]

    def __str__(self):
        return f"{self.body}: {self.title}"


class Role(models.TextChoices):
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    LAY_MEMBER = "lay_member", "Lay member"
    PARTICIPANT_OBSERVER = "participant_observer", "Participant observer"
    ADVISER = "adviser", "Adviser"
    DEPUTY = "deputy", "Deputy"
    CLERK = "clerk", "Clerk"


CHAIR_ROLES = frozenset({Role.INDEPENDENT_CHAIR, Role.CHAIR})
# Roles that fill a seat themselves; a deputy stands in for the holder and shares the seat.
SEAT_HOLDING_ROLES = frozenset(set(Role) - {Role.DEPUTY, Role.CLERK})
# Roles that count towards an agency's representation and towards quorum: clerks, advisers
# and observers attend without representing or voting.
REPRESENTING_ROLES = frozenset(
    {Role.INDEPENDENT_CHAIR, Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.LAY_MEMBER}
)


class MembershipQuerySet(models.QuerySet):
    def current_on(self, on: datetime.date):
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Membership(models.Model):
    """A person's term on a body, in a role, for an agency."""

    body = ParentalKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The agency this person represents on the body (Popolo on_behalf_of).",
    )
    job_title = models.CharField(max_length=200, blank=True, help_text="As it was at the time.")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Blank while the term runs.")
    notes = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("seat"), FieldPanel("organisation")]),
        FieldPanel("job_title"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["body", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message="A term cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.body}"

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "A term cannot end before it starts: pick a later end date."
        if self.seat_id and self.body_id and self.seat.body_id != self.body_id:
            errors["seat"] = "This seat belongs to another body."
        if errors:
            raise ValidationError(errors)
        # The rules between terms (one chair at a time, one holder per seat) need the body's
        # other memberships as they will be, not as they are in the database: the services
        # and the body form check them over the whole set (see membership.rules).

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def is_chair(self) -> bool:
        return self.role in CHAIR_ROLES

    @property
    def represented_sector_id(self) -> int | None:
        if self.organisation_id:
            return self.organisation.sector_id
        if self.seat_id:
            return self.seat.sector_id
        return None


class RepresentationRequirement(models.Model):
    """What statutory guidance or the terms of reference ask of a body's membership: at least
    N representatives from a sector, senior enough to commit their agency."""

    body = ParentalKey(Body, on_delete=models.CASCADE, related_name="requirements")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="requirements")
    minimum = models.PositiveSmallIntegerField(default=1)
    seniority_note = models.CharField(max_length=200, blank=True, help_text="e.g. Director level")

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("sector"), FieldPanel("minimum")]),
        FieldPanel("seniority_note"),
    ]

    class Meta:
        ordering = ["sector__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "sector"],
                name="requirement_unique_sector_per_body",
                violation_error_message="This body already has a requirement for this sector.",
            ),
            models.CheckConstraint(
                condition=Q(minimum__gte=1),
                name="requirement_minimum_at_least_one",
                violation_error_message="A requirement needs at least one representative.",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.minimum} × {self.sector}"
