"""The membership rules, as plain functions over memberships that may not be saved yet.

Both a single membership's `clean()` and the body form (which validates a whole inline set
at once) call these, so the same rule gives the same message on every path.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from core.dates import long_date
from membership.models.roles import CHAIR_ROLES, SEAT_HOLDING_ROLES

if TYPE_CHECKING:
    from membership.models import Membership


def terms_overlap(a: Membership, b: Membership) -> bool:
    a_end = a.end_date or datetime.date.max
    b_end = b.end_date or datetime.date.max
    return a.start_date <= b_end and b.start_date <= a_end


def _term(m: Membership) -> str:
    if m.end_date:
        return f"from {long_date(m.start_date)} to {long_date(m.end_date)}"
    return f"from {long_date(m.start_date)}"


def conflict_between(a: Membership, b: Membership) -> tuple[str, str] | None:
    """The field and message for the first rule that `a` breaks because of `b`, if any."""
    if not terms_overlap(a, b):
        return None
    if a.person_id and a.person_id == b.person_id and a.role == b.role:
        return (
            "start_date",
            f"{b.person} is already {b.get_role_display().lower()} of this body {_term(b)}. "
            "Change the dates so the terms do not overlap, or edit the existing term.",
        )
    if a.role in CHAIR_ROLES and b.role in CHAIR_ROLES:
        return (
            "role",
            f"{b.person} chairs this body {_term(b)}, and a body has one chair at a time. "
            "End that term first, or make this person vice-chair.",
        )
    if (
        a.seat_id
        and a.seat_id == b.seat_id
        and a.role in SEAT_HOLDING_ROLES
        and b.role in SEAT_HOLDING_ROLES
    ):
        return (
            "seat",
            f"{b.person} holds this seat {_term(b)}. End their term the day before this one "
            "starts, or choose another seat.",
        )
    return None


def conflicts(
    memberships: Iterable[Membership], focus: Membership | None = None
) -> list[tuple[Membership, str, str]]:
    """Every (membership, field, message) that breaks a rule. With `focus`, only the
    conflicts of that one membership with the others."""
    items = [m for m in memberships if m.start_date]
    found = []
    for i, a in enumerate(items):
        if focus is not None and a is not focus:
            continue
        for b in items if focus is not None else items[i + 1 :]:
            if a is b or (a.pk and a.pk == b.pk):
                continue
            new, other = a, b
            if focus is None and a.pk and not b.pk:
                # The messages name the other term ("X chairs this body from …"): over a
                # whole set, that is the term already on record, not the one being added.
                new, other = b, a
            problem = conflict_between(new, other)
            if problem:
                found.append((new, *problem))
    return found


def raise_for_conflicts(memberships: Iterable[Membership], focus: Membership) -> None:
    errors: dict[str, list[str]] = {}
    for _membership, field, message in conflicts(memberships, focus=focus):
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def ancestor_ids(start_id: int | None, parent_of: dict[int, int | None]) -> set[int]:
    """Ids of `start_id` and everything above it, stopping at a loop rather than spinning."""
    seen: set[int] = set()
    current = start_id
    while current is not None and current not in seen:
        seen.add(current)
        current = parent_of.get(current)
    return seen
