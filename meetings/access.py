"""Who sees what of a meeting: the one rule, applied by every page, feed and comparison.

- Everyone sees that a meeting exists, when and where, and its published agenda's public
  items and public papers, as published (the latest AgendaVersion, not the live draft).
- Current members of the body and the business unit also see restricted items and papers
  (membership.access.may_see_restricted).
- An agenda not yet published is seen only by the business unit, which also sees the draft.

A restricted item's title, description, presenter and papers never reach someone who may
not see them; they see only that item number N is restricted.
"""

from __future__ import annotations

from typing import Any

from membership.access import (
    AnyUser,
    body_ids_with_restricted_access,
    is_business_unit,
    may_see_restricted,
)
from membership.models import Body

__all__ = [
    "may_see_draft",
    "may_see_restricted",
    "restricted_body_ids",
    "visible_items",
]


def may_see_draft(user: AnyUser) -> bool:
    return is_business_unit(user)


def restricted_body_ids(user: AnyUser) -> set[int]:
    """For pages that list many meetings: the bodies whose restricted material the user sees,
    answered once rather than per meeting."""
    return body_ids_with_restricted_access(user)


def sees_restricted_of(user: AnyUser, body: Body) -> bool:
    return may_see_restricted(user, body)


def visible_items(
    items: list[dict[str, Any]], *, see_restricted: bool, placeholders: bool = True
) -> list[dict[str, Any]]:
    """The agenda items (snapshot data) a reader may see. Without the right to see restricted
    material, a restricted item becomes a bare placeholder (or disappears, for comparisons
    and feeds) and restricted papers of public items disappear."""
    if see_restricted:
        return items
    shown = []
    for item in items:
        if item["restricted"]:
            if placeholders:
                shown.append({"id": None, "number": item["number"], "hidden": True})
            continue
        public_papers = [paper for paper in item.get("papers", []) if not paper["restricted"]]
        shown.append({**item, "papers": public_papers})
    return shown
