"""Emails about meetings: an agenda published or updated, a meeting moved or cancelled, and
the reminder to read the papers. Each is queued by a service once its transaction commits
and sent by a task in meetings.tasks through membership.notifications.

Restricted items and papers are never named in an email, not even to the members who may
read them on the site. An email leaves the permission-checked site for good: it is
forwarded, kept on other agencies' mail servers, read on shared devices, and still there
after the reader's term has ended, whereas the access rule is "current members of the
body". So an email says that item 5 is restricted, or that a restricted item changed, and
links to the meeting page, where a signed-in member reads it. The calendar attachment is
the public one for the same reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from core.dates import add_working_days, is_working_day, long_date
from meetings import ical, selectors
from meetings.access import Restrictions, visible_items
from meetings.models import (
    CALENDAR_FIELDS,
    AccessLogEntry,
    AgendaVersion,
    Meeting,
    MeetingStatus,
)
from meetings.snapshots import FieldChange, compare
from membership.models import Person
from membership.notifications import delivery
from membership.notifications.messages import Attachment, absolute_url, render_message
from membership.notifications.outbox import enqueue, enqueue_on_commit
from membership.notifications.registry import Delivery, register
from membership.notifications.selectors import people_on_body

AGENDA_PUBLISHED = register(
    "meetings.agenda_published",
    label="An agenda is published or updated",
    default=Delivery.IMMEDIATE,
    description="For the boards and groups you sit on: the agenda, what changed since the "
    "last version, and the meeting for your calendar.",
)
MEETING_CHANGED = register(
    "meetings.meeting_changed",
    label="A meeting is moved or changed",
    default=Delivery.IMMEDIATE,
    description="A new date, time or place, with the updated calendar entry.",
)
MEETING_CANCELLED = register(
    "meetings.meeting_cancelled",
    label="A meeting is cancelled",
    default=Delivery.IMMEDIATE,
    description="With a calendar update that removes it from your calendar.",
)
PAPERS_REMINDER = register(
    "meetings.papers_reminder",
    label="A reminder to read the papers",
    default=Delivery.IMMEDIATE,
    description="Two working days before a meeting, if you have not opened its papers.",
)

REMINDER_WORKING_DAYS = 2


# ---------------------------------------------------------------------------
# Queued by the services once their transaction commits
# ---------------------------------------------------------------------------
def agenda_published_on_commit(version: AgendaVersion) -> None:
    """Tell the body's members once the new version is committed. Nobody is told about a
    meeting that is over (an agenda recorded after the event)."""
    from meetings import tasks

    if version.meeting.end > timezone.now():
        enqueue_on_commit(tasks.agenda_published_notify, version.pk)


def _calendar_values(source: Meeting | dict) -> dict[str, Any]:
    if isinstance(source, dict):
        return dict(source)
    return {name: getattr(source, name) for name in CALENDAR_FIELDS}


def what_changed(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """ "cancelled", "changed" (moved, renamed, postponed or reinstated), or None for a change
    members need not hear about (confirmed, held)."""
    cancelled = MeetingStatus.CANCELLED
    if after["status"] == cancelled and before["status"] != cancelled:
        return "cancelled"
    if any(before[name] != after[name] for name in CALENDAR_FIELDS if name != "status"):
        return "changed"
    if before["status"] != after["status"] and (
        after["status"] == MeetingStatus.POSTPONED
        or before["status"] in (cancelled, MeetingStatus.POSTPONED)
    ):
        return "changed"
    return None


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime.datetime) else str(value)
        for name, value in values.items()
    }


def meeting_changed_on_commit(meeting: Meeting, *, before: Meeting | dict | None) -> None:
    """After a change a calendar shows (its SEQUENCE grew), tell the body's members, with the
    updated calendar entry. `before` is the meeting's calendar fields before the change."""
    from meetings import tasks

    if before is None:
        return
    before_values, after_values = _calendar_values(before), _calendar_values(meeting)
    what = what_changed(before_values, after_values)
    if what is None or meeting.end <= timezone.now():
        return
    enqueue_on_commit(
        tasks.meeting_changed_notify,
        meeting.pk,
        meeting.ical_sequence,
        _jsonable(before_values),
        _jsonable(after_values),
    )


# ---------------------------------------------------------------------------
# What changed between two published versions, in words that name no restricted material
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------
def when(meeting: Meeting) -> str:
    """ "10:00 to 12:00 on Wednesday 2 March 2012"."""
    start, end = meeting.local_start, meeting.local_end
    return f"{start:%H:%M} to {end:%H:%M} on {start:%A} {long_date(start.date())}"


def _when_values(values: dict[str, Any]) -> str:
    start = timezone.localtime(datetime.datetime.fromisoformat(values["start"]))
    end = timezone.localtime(datetime.datetime.fromisoformat(values["end"]))
    return f"{start:%H:%M} to {end:%H:%M} on {start:%A} {long_date(start.date())}"


def calendar_attachment(meeting: Meeting) -> Attachment:
    """The meeting as an .ics file: its one UID, its SEQUENCE, STATUS:CANCELLED once
    cancelled, and the public description (restricted items as "Restricted item")."""
    loaded = selectors.with_latest_version(Meeting.objects.filter(pk=meeting.pk))[0]
    payload = ical.calendar_bytes(
        [loaded],
        name=str(loaded),
        restricted_body_ids=set(),
        url_for=lambda m: absolute_url(m.get_absolute_url()),
    )
    return Attachment("meeting.ics", payload, "text/calendar")


def agenda_message(
    person: Person,
    *,
    meeting: Meeting,
    version: AgendaVersion,
    changes: AgendaChanges | None,
    now: Restrictions,
    attachment: Attachment,
) -> Any:
    url = absolute_url(meeting.get_absolute_url())
    if version.number == 1:
        subject = f"Agenda published: {meeting}"
        summary = f"The agenda for {when(meeting)} has been published."
    else:
        subject = f"Agenda updated (version {version.number}): {meeting}"
        summary = f"Version {version.number} of the agenda for {when(meeting)}."
        if changes is not None and changes.lines:
            summary += " " + " ".join(changes.lines)
    return render_message(
        "email/meetings/agenda_published",
        {
            "meeting": meeting,
            "when": when(meeting),
            "version": version,
            "changes": changes,
            "items": visible_items(version.items, see_restricted=False, now=now),
        },
        person=person,
        subject=subject,
        summary=summary,
        url=url,
        attachments=[attachment],
    )


def meeting_changed_lines(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lines = []
    if before["start"] != after["start"] or before["end"] != after["end"]:
        lines.append(f"Now {_when_values(after)} (was {_when_values(before)}).")
    if before["venue"] != after["venue"]:
        lines.append(f"Venue: {after['venue'] or 'none'} (was {before['venue'] or 'none'}).")
    if before["online_link"] != after["online_link"]:
        lines.append(
            f"Online link: {after['online_link']}."
            if after["online_link"]
            else "The online link has been removed."
        )
    if before["title"] != after["title"]:
        lines.append(f"Now called “{after['title']}” (was “{before['title']}”).")
    if before["status"] != after["status"]:
        lines.append(f"Status: {MeetingStatus(after['status']).label}.")
    return lines


def meeting_changed_message(
    person: Person,
    *,
    meeting: Meeting,
    before: dict[str, Any],
    after: dict[str, Any],
    cancelled: bool,
    attachment: Attachment,
) -> Any:
    lines = meeting_changed_lines(before, after)
    if cancelled:
        subject = f"Meeting cancelled: {after['title']}, {_when_values(after).split(' on ')[1]}"
    elif before["start"] != after["start"]:
        subject = f"Meeting moved: {meeting}"
    else:
        subject = f"Meeting changed: {meeting}"
    return render_message(
        "email/meetings/meeting_changed",
        {"meeting": meeting, "when": _when_values(after), "lines": lines, "cancelled": cancelled},
        person=person,
        subject=subject,
        summary=" ".join(lines) if not cancelled else f"Cancelled: {_when_values(after)}.",
        url=absolute_url(meeting.get_absolute_url()),
        attachments=[attachment],
    )


# ---------------------------------------------------------------------------
# Sending (called by the tasks in meetings.tasks)
# ---------------------------------------------------------------------------
def agenda_published_deliver(version_id: int, *, final: bool = True) -> None:
    version = AgendaVersion.objects.select_related("meeting__body").filter(pk=version_id).first()
    if version is None or version.meeting.is_cancelled:
        return
    meeting = version.meeting
    previous = AgendaVersion.objects.filter(meeting=meeting, number=version.number - 1).first()
    # Sent after the commit, perhaps after retries: what was restricted since publishing is
    # left out of the message as it is of the pages.
    now = selectors.restrictions_of(meeting)
    items = now.lay_over(version.items)
    changes = public_changes(gone_withheld(previous.items, items, now), items) if previous else None
    attachment = calendar_attachment(meeting)
    delivery.dispatch(
        kind=AGENDA_PUBLISHED,
        event_key=f"agenda-published:{version.pk}",
        recipients=people_on_body(meeting.body, timezone.localdate()),
        build=lambda person: agenda_message(
            person,
            meeting=meeting,
            version=version,
            changes=changes,
            now=now,
            attachment=attachment,
        ),
        final=final,
    )


def meeting_changed_deliver(
    meeting_id: int,
    sequence: int,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    final: bool = True,
) -> None:
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return
    cancelled = what_changed(before, after) == "cancelled"
    attachment = calendar_attachment(meeting)
    delivery.dispatch(
        kind=MEETING_CANCELLED if cancelled else MEETING_CHANGED,
        event_key=f"meeting-changed:{meeting.pk}:{sequence}",
        recipients=people_on_body(meeting.body, timezone.localdate()),
        build=lambda person: meeting_changed_message(
            person,
            meeting=meeting,
            before=before,
            after=after,
            cancelled=cancelled,
            attachment=attachment,
        ),
        final=final,
    )


# ---------------------------------------------------------------------------
# The reminder to read the papers
# ---------------------------------------------------------------------------
def person_ids_who_opened_papers(meeting: Meeting) -> set[int]:
    """The people the portal's access log shows opening any of the meeting's papers or its
    pack."""
    return set(
        AccessLogEntry.objects.filter(meeting=meeting, user__person__isnull=False).values_list(
            "user__person__id", flat=True
        )
    )


def meetings_due_a_reminder(on: datetime.date) -> list[Meeting]:
    """Meetings on the second working day after `on` with a published agenda (none on a
    weekend or bank holiday: the reminder goes out on working days)."""
    if not is_working_day(on):
        return []
    day = add_working_days(on, REMINDER_WORKING_DAYS)
    return list(
        selectors.with_agenda_status(Meeting.objects.filter(start__date=day))
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.POSTPONED])
        .filter(agenda_version__isnull=False)
        .order_by("start", "pk")
    )


def papers_reminders_queue(on: datetime.date | None = None) -> int:
    from meetings import tasks

    due = meetings_due_a_reminder(on or timezone.localdate())
    for meeting in due:
        enqueue(tasks.papers_reminder_notify, meeting.pk)
    return len(due)


def papers_reminder_deliver(meeting_id: int, *, final: bool = True) -> None:
    meeting = selectors.with_latest_version(
        Meeting.objects.filter(pk=meeting_id).select_related("body")
    )
    if not meeting or meeting[0].latest_version is None or meeting[0].is_cancelled:
        return
    meeting = meeting[0]
    opened = person_ids_who_opened_papers(meeting)
    recipients = [p for p in people_on_body(meeting.body, meeting.date) if p.pk not in opened]
    url = absolute_url(meeting.get_absolute_url())

    def build(person: Person):
        return render_message(
            "email/meetings/papers_reminder",
            {"meeting": meeting, "when": when(meeting), "version": meeting.latest_version},
            person=person,
            subject=f"Papers to read: {meeting}",
            summary=f"The meeting is at {when(meeting)}.",
            url=url,
        )

    delivery.dispatch(
        kind=PAPERS_REMINDER,
        event_key=f"papers-reminder:{meeting.pk}:{meeting.date.isoformat()}",
        recipients=recipients,
        build=build,
        final=final,
    )
