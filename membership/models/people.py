"""Agencies and people: the sectors agencies belong to, the agencies, and the people who
represent them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from wagtail.search import index

from core.history import TrackedHistory

from .partnerships import default_partnership_id


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
    partnership = models.ForeignKey(
        "membership.Partnership",
        on_delete=models.PROTECT,
        related_name="people",
        blank=True,
        help_text="The partnership that keeps this person's record. Others see them once "
        "they sit on one of their bodies.",
    )

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

    def save(self, *args, **kwargs):
        if not self.partnership_id:
            self.partnership_id = default_partnership_id()
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return " ".join(
            part for part in (self.honorific, self.given_name, self.family_name) if part
        )
