"""Who sees what of a meeting: the one rule, applied by every page, feed and comparison.

- Everyone sees that a meeting exists, when and where, and its published agenda's public
  items and public papers, as published (the latest AgendaVersion, not the live draft).
- Current members of the body and the business unit of a partnership it serves also see
  restricted items and papers (membership.access.may_see_restricted).
- An agenda not yet published is seen only by those business units, which also see the
  draft; another partnership's business unit is an outsider here.

Whether an item or paper is restricted is today's answer, not the one frozen in a published
version (`Restrictions`): restricting an item withdraws it from every version at once, opening
it up shows it in every version, and an item or paper deleted since it was published counts
as restricted. A restricted item's title, description, presenter and papers never reach
someone who may not see them; they see only that item number N is restricted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from membership.access import (
    AnyUser,
    body_ids_with_restricted_access,
    may_see_restricted,
)
from membership.models import Body
from membership.partnerships import manages

__all__ = [
    "Restrictions",
    "may_see_draft",
    "may_see_restricted",
    "restricted_body_ids",
    "visible_items",
]


def may_see_draft(user: AnyUser, body: Body) -> bool:
    """The draft agenda and everything not yet published: the body's business units."""
    return manages(user, body)


def restricted_body_ids(user: AnyUser) -> set[int]:
    """For pages that list many meetings: the bodies whose restricted material the user sees,
    answered once rather than per meeting."""
    return body_ids_with_restricted_access(user)


def sees_restricted_of(user: AnyUser, body: Body) -> bool:
    return may_see_restricted(user, body)


@dataclass(frozen=True)
class Restrictions:
    """Which of a meeting's items and papers are public today. Anything not named here, an
    item or paper deleted since a version was published included, is restricted."""

    public_item_ids: frozenset[int]
    public_paper_ids: frozenset[int]

    @classmethod
    def from_rows(cls, items: Iterable[Any]) -> Restrictions:
        """From the meeting's live items, each with `restriction_papers` (the selectors'
        `current_restrictions_prefetch`). A sub-item of a restricted item is restricted."""
        items = list(items)
        restricted = {item.pk for item in items if item.is_restricted}
        public_items = {
            item.pk
            for item in items
            if item.pk not in restricted and item.parent_id not in restricted
        }
        public_papers = {
            paper.pk
            for item in items
            if item.pk in public_items
            for paper in item.restriction_papers
            if not paper.is_restricted
        }
        return cls(frozenset(public_items), frozenset(public_papers))

    def item_is_public(self, item: dict[str, Any]) -> bool:
        return item.get("id") in self.public_item_ids

    def paper_is_public(self, paper: dict[str, Any]) -> bool:
        return paper.get("id") in self.public_paper_ids

    def lay_over(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A version's items (snapshot data) as published, with today's answer in place of
        the `restricted` flags they were frozen with. New dicts: the snapshot is untouched."""
        return [
            {
                **item,
                "restricted": not self.item_is_public(item),
                "papers": [
                    {**paper, "restricted": not self.paper_is_public(paper)}
                    for paper in item.get("papers", [])
                ],
            }
            for item in items
        ]


def visible_items(
    items: list[dict[str, Any]],
    *,
    see_restricted: bool,
    now: Restrictions,
    placeholders: bool = True,
) -> list[dict[str, Any]]:
    """The agenda items (snapshot data) a reader may see, marked restricted by today's
    restrictions (`now`), so members are told what they may not pass on. Without the right to
    see restricted material, a restricted item becomes a bare placeholder (or disappears, for
    comparisons and feeds) and restricted papers of public items disappear."""
    items = now.lay_over(items)
    if see_restricted:
        return items
    shown = []
    for item in items:
        if item["restricted"]:
            if placeholders:
                shown.append({"id": None, "number": item.get("number", ""), "hidden": True})
            continue
        public_papers = [paper for paper in item["papers"] if not paper["restricted"]]
        shown.append({**item, "papers": public_papers})
    return shown
