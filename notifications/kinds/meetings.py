"""Emails about meetings: an agenda published or updated, a meeting moved or cancelled, and
the reminder to read the papers.

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
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from core.dates import add_working_days, is_working_day, long_date
from meetings import ical, selectors
from meetings.access import Restrictions, visible_items
from meetings.models import AccessLogEntry, AgendaVersion, Meeting, MeetingStatus
from membership.models import Person
from notifications.kinds.agenda_changes import AgendaChanges, gone_withheld, public_changes
from notifications.messages import Attachment, Message, absolute_url, render_message
from notifications.registry import Notice, register
from notifications.selectors import people_on_body

REMINDER_WORKING_DAYS = 2


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
        url_for=lambda m: absolute_url(m.get_absolute_url(), m.body.partnership),
    )
    return Attachment("meeting.ics", payload, "text/calendar")


# ---------------------------------------------------------------------------
# An agenda published or updated
# ---------------------------------------------------------------------------
@register
@dataclass
class AgendaPublished(Notice):
    """A new version of an agenda, to everyone on the body, with what changed since the
    version before and the meeting for their calendar."""

    key = "meetings.agenda_published"
    label = "An agenda is published or updated"
    description = (
        "For the boards and groups you sit on: the agenda, what changed since the last "
        "version, and the meeting for your calendar."
    )

    version: AgendaVersion
    changes: AgendaChanges | None
    now: Restrictions
    attachment: Attachment

    @classmethod
    def load(cls, *, version_id: int) -> AgendaPublished | None:
        version = (
            AgendaVersion.objects.select_related("meeting__body").filter(pk=version_id).first()
        )
        if version is None or version.meeting.is_cancelled:
            return None
        meeting = version.meeting
        previous = AgendaVersion.objects.filter(meeting=meeting, number=version.number - 1).first()
        # Sent after the commit, perhaps after retries: what was restricted since publishing
        # is left out of the message as it is of the pages.
        now = selectors.restrictions_of(meeting)
        items = now.lay_over(version.items)
        changes = (
            public_changes(gone_withheld(previous.items, items, now), items) if previous else None
        )
        return cls(
            version=version, changes=changes, now=now, attachment=calendar_attachment(meeting)
        )

    @property
    def event_key(self) -> str:
        return f"agenda-published:{self.version.pk}"

    def recipients(self):
        return people_on_body(self.version.meeting.body, timezone.localdate())

    def message(self, person: Person) -> Message:
        meeting, version, changes = self.version.meeting, self.version, self.changes
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
                "items": visible_items(version.items, see_restricted=False, now=self.now),
            },
            person=person,
            subject=subject,
            summary=summary,
            url=absolute_url(meeting.get_absolute_url(), meeting.body.partnership),
            attachments=[self.attachment],
        )


# ---------------------------------------------------------------------------
# A meeting moved, changed or cancelled
# ---------------------------------------------------------------------------
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


@register
@dataclass
class MeetingChanged(Notice):
    """A change a calendar shows (its SEQUENCE grew), to everyone on the body, with the
    updated calendar entry. `before` and `after` are the meeting's calendar fields around
    the change, as the service saw them."""

    key = "meetings.meeting_changed"
    label = "A meeting is moved or changed"
    description = "A new date, time or place, with the updated calendar entry."
    cancelled = False

    meeting: Meeting
    sequence: int
    before: dict[str, Any]
    after: dict[str, Any]
    attachment: Attachment

    @classmethod
    def load(
        cls, *, meeting_id: int, sequence: int, before: dict, after: dict
    ) -> MeetingChanged | None:
        meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
        if meeting is None:
            return None
        return cls(
            meeting=meeting,
            sequence=sequence,
            before=before,
            after=after,
            attachment=calendar_attachment(meeting),
        )

    @property
    def event_key(self) -> str:
        return f"meeting-changed:{self.meeting.pk}:{self.sequence}"

    def recipients(self):
        return people_on_body(self.meeting.body, timezone.localdate())

    def message(self, person: Person) -> Message:
        meeting, before, after = self.meeting, self.before, self.after
        lines = meeting_changed_lines(before, after)
        if self.cancelled:
            day = _when_values(after).split(" on ")[1]
            subject = f"Meeting cancelled: {after['title']}, {day}"
        elif before["start"] != after["start"]:
            subject = f"Meeting moved: {meeting}"
        else:
            subject = f"Meeting changed: {meeting}"
        return render_message(
            "email/meetings/meeting_changed",
            {
                "meeting": meeting,
                "when": _when_values(after),
                "lines": lines,
                "cancelled": self.cancelled,
            },
            person=person,
            subject=subject,
            summary=f"Cancelled: {_when_values(after)}." if self.cancelled else " ".join(lines),
            url=absolute_url(meeting.get_absolute_url(), meeting.body.partnership),
            attachments=[self.attachment],
        )


@register
@dataclass
class MeetingCancelled(MeetingChanged):
    """A meeting cancelled: the same email, with a calendar update that removes it."""

    key = "meetings.meeting_cancelled"
    label = "A meeting is cancelled"
    description = "With a calendar update that removes it from your calendar."
    cancelled = True


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


@register
@dataclass
class PapersReminder(Notice):
    """Two working days before a meeting, to those on the body who have not opened its
    papers."""

    key = "meetings.papers_reminder"
    label = "A reminder to read the papers"
    description = "Two working days before a meeting, if you have not opened its papers."

    meeting: Meeting

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        return [{"meeting_id": meeting.pk} for meeting in meetings_due_a_reminder(on)]

    @classmethod
    def load(cls, *, meeting_id: int) -> PapersReminder | None:
        meeting = selectors.with_latest_version(
            Meeting.objects.filter(pk=meeting_id).select_related("body")
        )
        if not meeting or meeting[0].latest_version is None or meeting[0].is_cancelled:
            return None
        return cls(meeting=meeting[0])

    @property
    def event_key(self) -> str:
        return f"papers-reminder:{self.meeting.pk}:{self.meeting.date.isoformat()}"

    def recipients(self):
        opened = person_ids_who_opened_papers(self.meeting)
        on_body = people_on_body(self.meeting.body, self.meeting.date)
        return [person for person in on_body if person.pk not in opened]

    def message(self, person: Person) -> Message:
        meeting = self.meeting
        return render_message(
            "email/meetings/papers_reminder",
            {"meeting": meeting, "when": when(meeting), "version": meeting.latest_version},
            person=person,
            subject=f"Papers to read: {meeting}",
            summary=f"The meeting is at {when(meeting)}.",
            url=absolute_url(meeting.get_absolute_url(), meeting.body.partnership),
        )
