"""Minutes as plain data: the attendance summary taken when drafting starts, what each
MinutesVersion freezes, and how two versions differ item by item, word by word.

Live minutes and versions share this shape, so the pages, the PDF and the comparison read
minutes one way, and the access rule filters them in one place (`visible_items`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.utils import timezone

from core.dates import long_date
from meetings.models import Attendance, AttendanceStatus
from meetings.presence import movements_told
from membership.models import Role

SNAPSHOT_FORMAT = 1

# Officers who attend a body without sitting on it for an agency are minuted "in attendance".
IN_ATTENDANCE_ROLES = frozenset({Role.CLERK, Role.ADVISER, Role.BUSINESS_MANAGER, Role.OFFICER})
PRESENT_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.PRESENT_ONLINE})


# ---------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------
def _organisation(record: Attendance) -> str:
    membership = record.membership
    return membership.organisation.name if membership and membership.organisation_id else ""


def _role(record: Attendance) -> str:
    return record.membership.get_role_display() if record.membership_id else ""


def attendance_summary(records: list[Attendance]) -> dict[str, list[dict[str, Any]]]:
    """Who was present (chairs first), who sent apologies, who deputised for whom, and who
    was in attendance (guests, clerks and advisers), with when anyone in the room came and
    went ("left at item 4", "returned at item 6"). Expects person, deputy,
    membership__organisation, membership__role and movements loaded."""

    def order(record: Attendance):
        chair = record.membership_id is not None and record.membership.role.may_chair
        return (not chair, record.person.family_name, record.person.given_name)

    summary: dict[str, list[dict[str, Any]]] = {
        "present": [],
        "apologies": [],
        "deputies": [],
        "in_attendance": [],
    }
    for record in sorted(records, key=order):
        name, organisation = record.person.name, _organisation(record)
        officer = record.is_guest or (
            record.membership_id is not None and record.membership.role_id in IN_ATTENDANCE_ROLES
        )
        if record.status in PRESENT_STATUSES:
            entry = {
                "name": name,
                "organisation": organisation,
                "role": _role(record),
                "online": record.status == AttendanceStatus.PRESENT_ONLINE,
                "movements": movements_told(record),
            }
            summary["in_attendance" if officer else "present"].append(entry)
        elif record.status in (AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY):
            deputy = record.deputy.name if record.status == AttendanceStatus.DEPUTY else ""
            summary["apologies"].append(
                {"name": name, "organisation": organisation, "deputy": deputy}
            )
            if deputy:
                summary["deputies"].append(
                    {
                        "name": deputy,
                        "for": name,
                        "organisation": organisation,
                        "movements": movements_told(record),
                    }
                )
    return summary


def attendee_ids(records: list[Attendance]) -> set[int]:
    """The people who were in the room (or online): those present and the deputies who came
    in someone's place. They may comment on circulated minutes."""
    ids = set()
    for record in records:
        if record.status in PRESENT_STATUSES:
            ids.add(record.person_id)
        elif record.status == AttendanceStatus.DEPUTY and record.deputy_id:
            ids.add(record.deputy_id)
    return ids


# ---------------------------------------------------------------------------
# Items and snapshots
# ---------------------------------------------------------------------------
def decision_data(decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "reference": decision.reference,
        "type": decision.get_decision_type_display(),
        "title": decision.title,
        "text": decision.text,
        "status": decision.get_status_display(),
        "restricted": decision.restricted,
        "vote": vote_data(decision),
    }


def vote_data(decision) -> dict[str, Any] | None:
    """The vote as minuted: its summary and, when recorded by name, who voted which way."""
    vote = getattr(decision, "vote", None)
    if vote is None:
        return None
    ballots = vote.ballots_by_choice() if vote.by_name else []
    return {
        "summary": vote.summary,
        "ballots": [{"choice": choice, "names": names} for choice, names in ballots],
    }


def action_data(action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "reference": action.reference,
        "description": action.description,
        "owner": action.owner.name,
        "due_date": action.due_date.isoformat(),
        "due": long_date(action.due_date),
        "restricted": action.restricted,
    }


def item_data(item, *, decisions=(), actions=()) -> dict[str, Any]:
    """One minute as data, with its text as it now stands (amended text after approval)."""
    amendment = item.current_amendment
    return {
        "id": item.pk,
        "agenda_item_id": item.agenda_item_id,
        "number": item.number,
        "title": item.title,
        "presenter": item.presenter,
        "sub_item": item.is_sub_item,
        "restricted": item.restricted,
        "text": item.current_text,
        "amended_by": amendment.decision.reference if amendment else "",
        "decisions": [decision_data(d) for d in decisions],
        "actions": [action_data(a) for a in actions],
    }


def build_snapshot(minutes, items, *, decisions_by_item, actions_by_item) -> dict[str, Any]:
    meeting = minutes.meeting
    return {
        "format": SNAPSHOT_FORMAT,
        "meeting": {
            "title": meeting.title,
            "body": meeting.body.name,
            "start": timezone.localtime(meeting.start).isoformat(),
        },
        "agenda_version": minutes.agenda_version,
        "attendance": minutes.attendance,
        "items": [
            item_data(
                item,
                decisions=decisions_by_item.get(item.agenda_item_id, ()),
                actions=actions_by_item.get(item.agenda_item_id, ()),
            )
            for item in items
        ],
    }


def visible_items(
    items: list[dict[str, Any]], *, see_restricted: bool, placeholders: bool = True
) -> list[dict[str, Any]]:
    """The minutes items (as data) a reader may see, by the agenda's rule: without the right
    to see restricted material, a restricted item keeps only its number (or disappears, for
    comparisons), and restricted decisions and actions of public items disappear."""
    if see_restricted:
        return items
    shown = []
    for item in items:
        if item["restricted"]:
            if placeholders:
                shown.append({"id": item["id"], "number": item["number"], "hidden": True})
            continue
        shown.append(
            {
                **item,
                "decisions": [d for d in item.get("decisions", []) if not d["restricted"]],
                "actions": [a for a in item.get("actions", []) if not a["restricted"]],
            }
        )
    return shown


# ---------------------------------------------------------------------------
# Comparing two versions
# ---------------------------------------------------------------------------
# Words and the spaces between them, so a diff keeps the text's own spacing and line breaks.
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Segment:
    """A run of text that is the same in both versions, removed, or added."""

    kind: str  # "same", "removed" or "added"
    text: str


def text_diff(old: str, new: str) -> list[Segment]:
    """The new text word by word against the old (difflib), as runs to show with <del> and
    <ins>."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(before[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("removed", "".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("added", "".join(after[j1:j2])))
    return segments


@dataclass
class ItemChange:
    item: dict[str, Any]
    heading_before: str = ""
    text: list[Segment] = field(default_factory=list)
    text_changed: bool = False
    records_before: list[str] = field(default_factory=list)
    records_after: list[str] = field(default_factory=list)

    @property
    def records_changed(self) -> bool:
        return self.records_before != self.records_after


@dataclass
class AttendanceChange:
    label: str
    removed: list[str]
    added: list[str]


@dataclass
class MinutesComparison:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    attendance: list[AttendanceChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed or self.attendance)


def _heading(item: dict[str, Any]) -> str:
    return f"{item['number']} {item['title']}".strip()


def _records(item: dict[str, Any]) -> list[str]:
    return [f"{d['reference']} {d['title']}" for d in item.get("decisions", [])] + [
        f"{a['reference']} {a['description']}" for a in item.get("actions", [])
    ]


ATTENDANCE_LABELS = (
    ("present", "Present"),
    ("apologies", "Apologies"),
    ("deputies", "Deputies"),
    ("in_attendance", "In attendance"),
)


def _attendee(entry: dict[str, Any]) -> str:
    # Versions taken before movements were minuted have none: nothing to compare there.
    movements = entry.get("movements")
    return f"{entry['name']} ({', '.join(movements)})" if movements else entry["name"]


def _attendance_changes(old: dict, new: dict) -> list[AttendanceChange]:
    changes = []
    for key, label in ATTENDANCE_LABELS:
        before = [_attendee(entry) for entry in old.get(key, [])]
        after = [_attendee(entry) for entry in new.get(key, [])]
        removed = [name for name in before if name not in after]
        added = [name for name in after if name not in before]
        if removed or added:
            changes.append(AttendanceChange(label, removed, added))
    return changes


def compare(old: dict[str, Any], new: dict[str, Any], *, see_restricted: bool) -> MinutesComparison:
    """What changed from one version of the minutes to another, matching items by identity;
    items the reader may not see are left out of both sides."""
    old_items = visible_items(
        old.get("items", []), see_restricted=see_restricted, placeholders=False
    )
    new_items = visible_items(
        new.get("items", []), see_restricted=see_restricted, placeholders=False
    )
    before = {item["id"]: item for item in old_items}
    after_ids = {item["id"] for item in new_items}
    result = MinutesComparison(
        attendance=_attendance_changes(old.get("attendance", {}), new.get("attendance", {}))
    )
    for item in new_items:
        previous = before.get(item["id"])
        if previous is None:
            result.added.append(item)
            continue
        change = ItemChange(
            item=item,
            heading_before=_heading(previous) if _heading(previous) != _heading(item) else "",
            text_changed=previous["text"] != item["text"],
            records_before=_records(previous),
            records_after=_records(item),
        )
        if change.text_changed:
            change.text = text_diff(previous["text"], item["text"])
        if change.heading_before or change.text_changed or change.records_changed:
            result.changed.append(change)
        else:
            result.unchanged += 1
    result.removed = [item for item in old_items if item["id"] not in after_ids]
    return result
