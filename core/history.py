"""django-simple-history, adapted to Wagtail's clusters, and the one way a service saves a
tracked record: checked, with who made the change and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from simple_history.models import HistoricalRecords

from django.db import models

from modelcluster.fields import ParentalKey

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TrackedHistory(HistoricalRecords):
    """HistoricalRecords for every Tabled model. A historical copy of a ParentalKey must be a
    plain ForeignKey: modelcluster refuses the `related_name="+"` that history copies use."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, ParentalKey):
                field.swappable = False
                _name, _path, args, kwargs = field.deconstruct()
                plain = models.ForeignKey(*args, **kwargs)
                plain.name = field.name
                fields[name] = plain
        return fields


Tracked = TypeVar("Tracked", bound=models.Model)


def stamp(instance: models.Model, actor: User | None, reason: str) -> None:
    """Tell simple-history who made the change and why, on any path (request or not)."""
    instance._history_user = actor
    instance._change_reason = reason or None


def save_tracked(instance: Tracked, *, actor: User | None, reason: str = "") -> Tracked:
    """Check the record's rules (`full_clean`), stamp it and save it."""
    instance.full_clean()
    stamp(instance, actor, reason)
    instance.save()
    return instance
