"""Members' logins: which person a login belongs to."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_tracked
from membership.models import Person


@transaction.atomic
def person_link_login(*, actor: User | None, person: Person, user: User | None) -> Person:
    """Give a person a login (or take it away); one login belongs to one person."""
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ValidationError({"user": f"The login {user.username} belongs to someone else."})
    person.user = user
    return save_tracked(person, actor=actor, reason="Login linked" if user else "Login removed")
