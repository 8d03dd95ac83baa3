"""The one kind of user the platform itself knows: the business unit, who runs Tabled and
must use two factors. What a member may see comes from their memberships (membership.access)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

BUSINESS_UNIT_GROUP = "Business unit"
# Each further partnership's business unit is a group of its own, "Business unit · KSAB".
BUSINESS_UNIT_GROUPS = Q(name=BUSINESS_UNIT_GROUP) | Q(name__startswith=f"{BUSINESS_UNIT_GROUP} · ")

AnyUser = User | AnonymousUser


def is_business_unit(user: AnyUser) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_tabled_is_business_unit", None)
    if cached is None:
        cached = user.groups.filter(BUSINESS_UNIT_GROUPS).exists()
        user._tabled_is_business_unit = cached
    return cached


# Chairs reach the admin to approve reports (cms.models.workflows), with no other right there.
CHAIRS_GROUP = "Chairs"


def may_use_admin(user: AnyUser) -> bool:
    """Whether the site's header offers the admin: to the business unit, and to chairs, who
    approve reports there."""
    if is_business_unit(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_tabled_is_chair", None)
    if cached is None:
        cached = user.groups.filter(name=CHAIRS_GROUP).exists()
        user._tabled_is_chair = cached
    return cached
