"""Writes of notification preferences. (Sent notifications are written by the delivery code
alone, in notifications.delivery.)"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from membership.models import Person

from . import registry
from .models import NotificationPreference
from .registry import Delivery


@transaction.atomic
def preferences_save(
    *, actor: User | None, person: Person, choices: dict[str, str]
) -> list[NotificationPreference]:
    """Record the person's choice for each kind given (kinds left out keep what they had)."""
    errors = {}
    for key, delivery in choices.items():
        try:
            registry.get(key)
        except KeyError:
            errors[key] = f"There is no kind of notification called {key!r}."
        if delivery not in Delivery.values:
            errors[key] = "Choose straight away, weekly summary, or no email."
    if errors:
        raise ValidationError(errors)
    saved = []
    for key, delivery in choices.items():
        preference, _created = NotificationPreference.objects.update_or_create(
            person=person, kind=key, defaults={"delivery": delivery}
        )
        saved.append(preference)
    return saved
