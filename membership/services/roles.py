"""The installation's role vocabulary: the roles terms are held in and what each allows."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_tracked, stamp
from membership.models import Membership, RoleType


@transaction.atomic
def role_type_save(*, actor: User | None, role_type: RoleType, reason: str = "") -> RoleType:
    """Add or change a role of the installation's vocabulary. What it allows takes effect
    on every term in that role, past ones included (quorum, chairs, seats are read from it)."""
    if role_type.pk:
        RoleType.objects.select_for_update().filter(pk=role_type.pk).first()
    return save_tracked(role_type, actor=actor, reason=reason)


@transaction.atomic
def role_type_remove(*, actor: User | None, role_type: RoleType, reason: str = "") -> None:
    """Remove a role no term has used; one in use stays, as the terms that name it do."""
    locked = RoleType.objects.select_for_update().get(pk=role_type.pk)
    used = Membership.objects.filter(role_id=locked.key).count()
    if used:
        raise ValidationError(
            f"The role “{locked.label}” is held in {used} term{'s' if used != 1 else ''} "
            "on record, so it cannot be deleted: rename it instead."
        )
    stamp(locked, actor, reason or "Role removed")
    locked.delete()
