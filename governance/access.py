"""Who may see and do what in the logs, on top of membership.access.

- The decisions register and matters are public; the action, challenge and risk logs and
  the plans are for members (anyone sitting on a body today) and the business unit.
- Restricted records (marked so, or on a restricted agenda item) are seen only by those who
  may see the body's restricted material: its current members and the business unit.
- A chair acts on the logs of the bodies they chair; the business unit on all of them.
- An action's owner updates their own action.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from membership.access import (
    AnyUser,
    body_ids_with_restricted_access,
    is_business_unit,
    may_act_as_chair,
    may_see_restricted,
    person_for,
    today,
)
from membership.models import Body, Membership

__all__ = [
    "body_ids_with_restricted_access",
    "is_business_unit",
    "is_member",
    "may_act_as_chair",
    "may_see_record",
    "may_see_restricted",
    "may_update_action",
    "may_view_logs",
    "require",
]


def is_member(user: AnyUser) -> bool:
    """Whether the user sits on any body today."""
    person = person_for(user)
    if person is None:
        return False
    cached = getattr(user, "_tabled_is_member", None)
    if cached is None:
        cached = Membership.objects.filter(person=person).current_on(today()).exists()
        user._tabled_is_member = cached
    return cached


def may_view_logs(user: AnyUser) -> bool:
    return is_business_unit(user) or is_member(user)


def may_see_record(user: AnyUser, record) -> bool:
    """A log entry of a body: restricted ones only for those who see the body's restricted
    material."""
    return not record.restricted or may_see_restricted(user, record.body)


def may_update_action(user: AnyUser, action) -> bool:
    """The owner, the chair of the action's body and the business unit."""
    person = person_for(user)
    if person is not None and person.pk == action.owner_id:
        return True
    return may_act_as_chair(user, action.body)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def chair_refusal(body: Body) -> str:
    return (
        f"Only the chair of the {body.name} and the business unit can do this. If you chair "
        "it, ask the business unit to check your membership."
    )
