from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.db import models

Tracked = TypeVar("Tracked", bound=models.Model)


def _stamp(instance: models.Model, actor: User | None, reason: str) -> None:
    """Tell simple-history who made the change and why, on any path (request or not)."""
    instance._history_user = actor
    instance._change_reason = reason or None


def _save(instance: Tracked, *, actor: User | None, reason: str = "") -> Tracked:
    instance.full_clean()
    _stamp(instance, actor, reason)
    instance.save()
    return instance
