"""The membership rules, as plain functions over memberships that may not be saved yet.

Both a single membership's `clean()` and the body form (which validates a whole inline set
at once) call these, so the same rule gives the same message on every path. What a role
allows (chairing, holding a seat) is read from its RoleType row, so callers load the terms
with select_related("role").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from core.dates import long_date

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
    if a.person_id and a.person_id == b.person_id and a.role_id == b.role_id:
        return (
            "start_date",
            f"{b.person} is already {b.role.label.lower()} of this body {_term(b)}. "
            "Change the dates so the terms do not overlap, or edit the existing term.",
        )
    if a.role.may_chair and b.role.may_chair:
        return (
            "role",
            f"{b.person} chairs this body {_term(b)}, and a body has one chair at a time. "
            "End that term first, or make this person vice-chair.",
        )
    if a.seat_id and a.seat_id == b.seat_id and a.role.holds_seat and b.role.holds_seat:
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


def reporting_lines(
    parent_links: Iterable[tuple[int, int | None]], joint_links: Iterable[tuple[int, int]]
) -> dict[int, set[int]]:
    """Each body's parents: the one in its own partnership (`parent_links`: body, parent) and
    those of other partnerships it also reports to (`joint_links`: body, parent)."""
    parents: dict[int, set[int]] = {}
    for body_id, parent_id in parent_links:
        parents.setdefault(body_id, set())
        if parent_id is not None:
            parents[body_id].add(parent_id)
    for body_id, parent_id in joint_links:
        parents.setdefault(body_id, set()).add(parent_id)
    return parents


def _as_ids(parents: int | None | Collection[int]) -> Collection[int]:
    if parents is None:
        return ()
    if isinstance(parents, int):
        return (parents,)
    return parents


def _reach(start_id: int | None, step: Mapping[int, int | None | Collection[int]]) -> set[int]:
    """`start_id` and every id reached from it through `step`; a loop in the records ends
    the walk there rather than spinning."""
    seen: set[int] = set()
    todo = [] if start_id is None else [start_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(_as_ids(step.get(current)))
    return seen


def ancestor_ids(
    start_id: int | None, parents_of: Mapping[int, int | None | Collection[int]]
) -> set[int]:
    """Ids of `start_id` and every body it reports to, directly or through others, in its own
    partnership or (a joint body) in others. `parents_of` maps a body to its parent, or to
    all its parents (`reporting_lines`)."""
    return _reach(start_id, parents_of)


def descendant_ids(
    start_id: int | None, parents_of: Mapping[int, int | None | Collection[int]]
) -> set[int]:
    """Ids of `start_id` and every group that reports to it, directly or through others:
    joint bodies of other partnerships that also report to it, and their own subgroups."""
    children: dict[int, set[int]] = defaultdict(set)
    for body_id, parents in parents_of.items():
        for parent_id in _as_ids(parents):
            children[parent_id].add(body_id)
    return _reach(start_id, children)


def reporting_loop(
    body_id: int, parent_ids: Collection[int], parents_of: Mapping[int, Collection[int]]
) -> int | None:
    """The first of `parent_ids` that is the body itself or already reports to it, directly
    or through others: giving the body that parent would make it report to itself."""
    lines = {**parents_of, body_id: set(parent_ids)}
    for parent_id in sorted(parent_ids):
        if body_id in ancestor_ids(parent_id, lines):
            return parent_id
    return None
