from __future__ import annotations

import secrets

from django.db import models

from core.history import TrackedHistory
from membership.models import Person


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a person's calendar feed address. Resetting it makes a new address and
    stops every calendar that used the old one."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="feed_token")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # The history says when a token was reset, never what it was.
    history = TrackedHistory(excluded_fields=["token"])

    class Meta:
        verbose_name = "calendar feed token"

    def __str__(self):
        return f"Calendar feed of {self.person}"
