"""What changed between two published versions of an agenda, in words that name no
restricted item or paper: an email leaves the permission-checked site for good (see
notifications.kinds.meetings), so a change to restricted material is counted, never
described."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from meetings.access import Restrictions
from meetings.snapshots import FieldChange, compare


@dataclass
class AgendaChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    now_restricted: list[str] = field(default_factory=list)
    now_public: list[str] = field(default_factory=list)
    renumbered: int = 0
    # Changes to restricted items or papers, counted but never described.
    restricted: int = 0

    @property
    def lines(self) -> list[str]:
        lines = [f"Added: {label}" for label in self.added]
        lines += [f"Removed: {label}" for label in self.removed]
        lines += [f"Changed: {label}" for label in self.changed]
        lines += [f"Now open to the public: {label}" for label in self.now_public]
        lines += [f"{label} is now restricted." for label in self.now_restricted]
        if self.renumbered:
            lines.append(
                f"{self.renumbered} other item{'s' if self.renumbered != 1 else ''} renumbered."
            )
        if self.restricted:
            lines.append(
                f"{self.restricted} change{'s' if self.restricted != 1 else ''} to restricted "
                "items or papers, not described in email: sign in to see "
                f"{'them' if self.restricted != 1 else 'it'}."
            )
        return lines

    @property
    def identical(self) -> bool:
        return not self.lines


def _label(item: dict[str, Any]) -> str:
    return f"{item['number']}. {item['title']}"


def _public_view(item: dict[str, Any]) -> dict[str, Any]:
    """What of a snapshot item an email may name: a restricted item is its number alone."""
    if item["restricted"]:
        return {"id": item["id"], "number": item["number"], "restricted": True, "papers": []}
    public_papers = [paper for paper in item.get("papers", []) if not paper["restricted"]]
    return {**item, "papers": public_papers}


def _paper_text(paper: dict[str, Any]) -> str:
    # As meetings.snapshots describes a paper in a FieldChange.
    if paper.get("version"):
        return f"{paper['title']} (version {paper['version']})"
    return paper["title"]


def _describe(change: FieldChange, full_item: dict[str, Any]) -> str:
    old = change.old if change.old not in (None, "") else "none"
    new = change.new if change.new not in (None, "") else "none"
    match change.label:
        case "Number":
            return f"now item {new} (was {old})"
        case "Title":
            return f"title was “{old}”"
        case "Description":
            return "description changed"
        case "Minutes":
            return f"time allowed {new} minutes (was {old})"
        case "Paper added":
            return f"paper added: {change.new}"
        case "Paper":
            return f"paper updated: {change.new} (was {change.old})"
        case "Paper removed":
            # Gone from the public view: withdrawn, or still there but now restricted.
            restricted_now = any(
                _paper_text(paper) == change.old for paper in full_item.get("papers", [])
            )
            return "a paper is now restricted" if restricted_now else f"paper withdrawn: {old}"
        case _:
            return f"{change.label.lower()} {new} (was {old})"


def _hides_restricted(change, before: dict[str, Any]) -> bool:
    """Whether the full comparison of an item finds a change to restricted material: to a
    restricted item (other than its number), or to a restricted paper of a public item."""
    item = change.item
    if before["restricted"] and item["restricted"]:
        return any(c.label != "Number" for c in change.changes)
    restricted_now = {_paper_text(p) for p in item.get("papers", []) if p["restricted"]}
    restricted_before = {_paper_text(p) for p in before.get("papers", []) if p["restricted"]}
    for c in change.changes:
        if c.label in ("Paper added", "Paper") and c.new in restricted_now:
            return True
        if c.label in ("Paper removed", "Paper") and c.old in restricted_before:
            return True
    return False


def public_changes(old_items: list[dict], new_items: list[dict]) -> AgendaChanges:
    """meetings.snapshots.compare, told without naming a restricted item or paper: the
    comparison is made again on what an email may name, and whatever the full comparison
    finds beyond that is only counted."""
    old_by_id = {item["id"]: item for item in old_items}
    new_by_id = {item["id"]: item for item in new_items}
    full = compare(old_items, new_items)
    shown = compare(
        [_public_view(item) for item in old_items], [_public_view(item) for item in new_items]
    )
    result = AgendaChanges()
    for item in shown.added:
        if item["restricted"]:
            result.restricted += 1
        else:
            result.added.append(_label(item))
    for item in shown.removed:
        if item["restricted"]:
            result.restricted += 1
        else:
            result.removed.append(_label(item))
    # Items reported as opened up or restricted: nothing more is said of them.
    flipped: set[int] = set()
    for change in shown.changed:
        item, before = change.item, old_by_id[change.item["id"]]
        labels = [c.label for c in change.changes]
        if before["restricted"] and item["restricted"]:
            result.renumbered += 1  # only its number can differ in the public view
        elif item["restricted"]:
            result.now_restricted.append(f"Item {item['number']}")
            flipped.add(item["id"])
        elif before["restricted"]:
            result.now_public.append(_label(item))
            flipped.add(item["id"])
        elif labels == ["Number"]:
            result.renumbered += 1
        else:
            full_item = new_by_id[item["id"]]
            result.changed.append(
                f"{_label(item)}: " + "; ".join(_describe(c, full_item) for c in change.changes)
            )
    for change in full.changed:
        before = old_by_id[change.item["id"]]
        if change.item["id"] not in flipped and _hides_restricted(change, before):
            result.restricted += 1
    return result


def gone_withheld(
    old_items: list[dict], new_items: list[dict], now: Restrictions
) -> list[dict[str, Any]]:
    """The previous version's items, with today's restrictions on what the new version no
    longer lists in the same place (an item deleted from the draft, a paper moved or
    deleted), which the pages count as restricted unless it is public today. What both
    versions list keeps the flag it was published with, so the email can still say that it
    has been restricted or opened up."""
    papers_now = {item["id"]: {p["id"] for p in item.get("papers", [])} for item in new_items}
    withheld = []
    for item in old_items:
        listed = papers_now.get(item["id"])
        if listed is None:
            item = {**item, "restricted": not now.item_is_public(item)}
        papers = [
            paper
            if listed is not None and paper["id"] in listed
            else {**paper, "restricted": not now.paper_is_public(paper)}
            for paper in item.get("papers", [])
        ]
        withheld.append({**item, "papers": papers})
    return withheld
