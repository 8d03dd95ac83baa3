"""The kinds of notification Tabled sends, each with a key, a label for the preferences page
and a default delivery. Apps register their kinds in their own `notifications` module, which
this package imports when Django starts (see apps.py), so the preferences page lists every
kind and a person who never chose gets the default.

    AGENDA_PUBLISHED = register(
        "meetings.agenda_published",
        label="An agenda is published or updated",
        default=Delivery.IMMEDIATE,
    )

This module imports no models, so any module may register at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email me straight away"
    DIGEST = "digest", "Include in my weekly summary"
    NONE = "none", "Do not email me"


class Audience(models.TextChoices):
    """Who a kind is for, so the preferences page offers each person only what they can get."""

    MEMBERS = "members", "Members of boards and groups"
    BUSINESS_UNIT = "business_unit", "The business unit"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    default: Delivery = Delivery.IMMEDIATE
    description: str = ""
    audience: Audience = Audience.MEMBERS

    def __str__(self):
        return self.label


_kinds: dict[str, NotificationKind] = {}


def register(
    key: str,
    *,
    label: str,
    default: Delivery = Delivery.IMMEDIATE,
    description: str = "",
    audience: Audience = Audience.MEMBERS,
) -> NotificationKind:
    """Add a kind (idempotent for the same definition, so a module imported twice is fine)."""
    kind = NotificationKind(
        key=key, label=label, default=default, description=description, audience=audience
    )
    existing = _kinds.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"The notification kind {key!r} is already registered differently.")
    _kinds[key] = kind
    return kind


def get(key: str) -> NotificationKind:
    return _kinds[key]


def all_kinds() -> list[NotificationKind]:
    """Every registered kind, in the order they were registered (meetings before governance)."""
    return list(_kinds.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in all_kinds()]
