"""The kinds of notification Tabled sends: one class per kind, registered by its key.

A kind says who hears of an event (`recipients`), what each is told (`message`), and what
makes two notices the same event (`event_key`), so that each person hears of it once. A
service names the kind and the records it is about, and the notice goes once the change
commits:

    outbox.notify("governance.action_assigned", action_id=action.pk, owner_id=owner.pk)

The one delivery task (notifications.tasks.deliver) loads the notice as things then stand
(`load`) and sends it to each recipient by their choice for the kind (the label, default and
description here are what the preferences page offers). A kind sent on a schedule says which
notices are due on a day (`due`); the beat task notices_due queues each of them.

This module imports no models, so the kinds' modules may import it at any time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from django.db import models

if TYPE_CHECKING:
    from membership.models import Person

    from .messages import Message


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email me straight away"
    DIGEST = "digest", "Include in my weekly summary"
    NONE = "none", "Do not email me"


class Audience(models.TextChoices):
    """Who a kind is for, so the preferences page offers each person only what they can get."""

    MEMBERS = "members", "Members of boards and groups"
    BUSINESS_UNIT = "business_unit", "The business unit"


class Notice:
    """One kind of notification; an instance is one event of that kind, ready to send."""

    key: ClassVar[str]
    label: ClassVar[str]
    default: ClassVar[Delivery] = Delivery.IMMEDIATE
    description: ClassVar[str] = ""
    audience: ClassVar[Audience] = Audience.MEMBERS
    # False for an email someone cannot do without (an invitation to sign in): always sent
    # straight away, whatever their choices, and not offered on the preferences page.
    optional: ClassVar[bool] = True
    # Templates read a kind's label and description; a class must not be called for them.
    do_not_call_in_templates = True

    @classmethod
    def load(cls, **params) -> Notice | None:
        """The notice about the records named by `params`, as they stand when the task runs
        (perhaps after retries), or None when there is nothing (any longer) to say."""
        raise NotImplementedError

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        """For a kind sent on a schedule: the params of each notice due on the day."""
        raise NotImplementedError(f"{cls.key} is not sent on a schedule.")

    @property
    def event_key(self) -> str:
        """What happened, e.g. "agenda-published:41": a person gets one email per key."""
        raise NotImplementedError

    def recipients(self) -> Iterable[Person]:
        raise NotImplementedError

    def message(self, person: Person) -> Message:
        """The email for one recipient; built only for those who get one."""
        raise NotImplementedError


_kinds: dict[str, type[Notice]] = {}


def register(kind: type[Notice]) -> type[Notice]:
    """Class decorator: make the kind known by its key (once: two kinds may not share one)."""
    existing = _kinds.get(kind.key)
    if existing is not None and existing is not kind:
        raise ValueError(f"The notification kind {kind.key!r} is already registered.")
    _kinds[kind.key] = kind
    return kind


def get(key: str) -> type[Notice]:
    return _kinds[key]


def all_kinds() -> list[type[Notice]]:
    """Every registered kind, in the order they were registered (meetings before governance)."""
    return list(_kinds.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in all_kinds()]
