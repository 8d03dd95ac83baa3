"""An agenda as plain data: what a published AgendaVersion freezes, what the meeting page
shows, and how two versions differ item by item.

Live items and published snapshots take the same shape, so the page, the feeds and the
comparison have one way to read an agenda and the access rule one place to filter it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from meetings.models import AgendaItem
from meetings.numbering import in_agenda_order

SNAPSHOT_FORMAT = 1


def _paper_data(paper) -> dict[str, Any]:
    latest = paper.latest_version
    return {
        "id": paper.pk,
        "title": paper.title,
        "restricted": paper.restricted,
        "version": latest.number if latest else None,
        "version_id": latest.pk if latest else None,
        "page_count": latest.page_count if latest else None,
    }


def item_data(item: AgendaItem) -> dict[str, Any]:
    """One item as data. Expects the selector's prefetches: presenter, parent and
    `paper_list` with each paper's `latest_versions`."""
    return {
        "id": item.pk,
        "number": item.number,
        "parent_id": item.parent_id,
        "title": item.title,
        "purpose": item.purpose,
        "purpose_label": item.get_purpose_display(),
        "presenter": item.presenter.name if item.presenter_id else "",
        "minutes": item.minutes_allocated,
        "description": item.description,
        "restricted": item.restricted,
        "papers": [_paper_data(paper) for paper in getattr(item, "paper_list", [])],
    }


def agenda_data(items) -> list[dict[str, Any]]:
    return [item_data(item) for item in in_agenda_order(items)]


def build_snapshot(meeting, items) -> dict[str, Any]:
    return {
        "format": SNAPSHOT_FORMAT,
        "meeting": {
            "title": meeting.title,
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "venue": meeting.venue,
            "status": meeting.status,
        },
        "items": agenda_data(items),
    }


# The fields a reader compares, in the order the comparison lists them.
COMPARED_FIELDS = (
    ("number", "Number"),
    ("title", "Title"),
    ("purpose_label", "Purpose"),
    ("presenter", "Presenter"),
    ("minutes", "Minutes"),
    ("description", "Description"),
    ("restricted", "Restricted"),
)


@dataclass
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass
class ItemChange:
    item: dict[str, Any]
    changes: list[FieldChange]


@dataclass
class AgendaComparison:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _describe_paper(paper: dict[str, Any]) -> str:
    if paper.get("version"):
        return f"{paper['title']} (version {paper['version']})"
    return paper["title"]


def _paper_changes(old: list[dict], new: list[dict]) -> list[FieldChange]:
    before = {paper["id"]: paper for paper in old}
    after = {paper["id"]: paper for paper in new}
    changes = []
    for paper_id, paper in after.items():
        if paper_id not in before:
            changes.append(FieldChange("Paper added", "", _describe_paper(paper)))
        elif _describe_paper(before[paper_id]) != _describe_paper(paper):
            changes.append(
                FieldChange("Paper", _describe_paper(before[paper_id]), _describe_paper(paper))
            )
    for paper_id, paper in before.items():
        if paper_id not in after:
            changes.append(FieldChange("Paper removed", _describe_paper(paper), ""))
    return changes


def compare(old_items: list[dict], new_items: list[dict]) -> AgendaComparison:
    """What changed from one agenda to the next, matching items by identity, so a renumbered
    item shows as a change of number rather than as one removed and one added."""
    before = {item["id"]: item for item in old_items}
    after_ids = {item["id"] for item in new_items}
    result = AgendaComparison()
    for item in new_items:
        previous = before.get(item["id"])
        if previous is None:
            result.added.append(item)
            continue
        changes = [
            FieldChange(label, previous.get(key), item.get(key))
            for key, label in COMPARED_FIELDS
            if previous.get(key) != item.get(key)
        ]
        changes += _paper_changes(previous.get("papers", []), item.get("papers", []))
        if changes:
            result.changed.append(ItemChange(item=item, changes=changes))
        else:
            result.unchanged += 1
    result.removed = [item for item in old_items if item["id"] not in after_ids]
    return result
