"""Memberships: a person in a body (usually in a seat) on behalf of an agency for a dated
term, in a role; and what agencies a body requires to be represented."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)

from core.history import TrackedHistory

from .bodies import Body, Seat
from .people import Organisation, Person, Sector
from .roles import Role, RoleType


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
    # Keyed by the role's key in the column `role`, as the terms were stored before roles
    # became a table, so a stored term reads the same and the key means the same everywhere.
    role = models.ForeignKey(
        RoleType,
        to_field="key",
        db_column="role",
        on_delete=models.PROTECT,
        related_name="memberships",
        default=Role.MEMBER,
    )
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

    def get_role_display(self) -> str:
        """The role's label, as a choice field named it; lists select_related("role")."""
        return self.role.label

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
        return self.role.may_chair

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
