"""Meetings as iCalendar (RFC 5545), for calendar subscriptions.

Times are written in UTC, which every client reads, so no VTIMEZONE block is needed. Each
meeting keeps one UID for life and a SEQUENCE that grows whenever something a calendar
shows changes, so a moved or cancelled meeting replaces the old entry.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable

from icalendar import Calendar, Event, vText

from core.dates import long_date
from meetings.access import visible_items
from meetings.models import Meeting, MeetingStatus
from meetings.selectors import restrictions_of

PRODID = "-//Tabled//Meetings and agendas//EN"

ICAL_STATUS = {
    MeetingStatus.SCHEDULED: "TENTATIVE",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


# icalendar escapes line breaks in TEXT values but passes other control characters through,
# which RFC 5545 (3.3.11) forbids; and a title or a venue is one line, the notes several.
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain_text(value: str) -> str:
    """Text for a one-line property (a title, a venue): line breaks become spaces."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", value)).strip()


def _plain_lines(value: str) -> str:
    """Text of several lines (notes): each line made plain, the line breaks kept."""
    return "\n".join(_plain_text(line) for line in value.splitlines())


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _description(meeting: Meeting, *, see_restricted: bool, url: str) -> str:
    lines = [f"{_plain_text(meeting.body.name)}. Status: {meeting.get_status_display()}."]
    if meeting.notes:
        lines.append(_plain_lines(meeting.notes))
    version = meeting.latest_version
    if version is None:
        lines.append("The agenda has not been published yet.")
    else:
        lines.append(
            f"Agenda (version {version.number}, published "
            f"{long_date(version.published_at.date())}):"
        )
        withheld = False
        items = visible_items(
            version.items, see_restricted=see_restricted, now=restrictions_of(meeting)
        )
        for item in items:
            if item.get("hidden"):
                withheld = True
                lines.append(f"{_plain_text(item['number'])}. Restricted item")
            else:
                lines.append(_plain_text(f"{item['number']}. {item['title']}"))
        if withheld:
            lines.append("Restricted items are named on the meeting page, for members who sign in.")
    lines.append(f"Meeting page: {url}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, see_restricted: bool, url: str, member: bool) -> Event:
    """One VEVENT. Expects `meeting.latest_version` and today's restrictions
    (selectors.with_latest_version). `see_restricted` names restricted items; `member` gives
    the joining link."""
    event = Event()
    event.add("uid", f"{meeting.uid}@tabled")
    event.add("dtstamp", _utc(meeting.updated))
    event.add("last-modified", _utc(meeting.updated))
    event.add("created", _utc(meeting.created))
    event.add("dtstart", _utc(meeting.start))
    event.add("dtend", _utc(meeting.end))
    summary = meeting.title
    if meeting.status == MeetingStatus.CANCELLED:
        summary = f"Cancelled: {summary}"
    elif meeting.status == MeetingStatus.POSTPONED:
        summary = f"Postponed: {summary}"
    event.add("summary", _plain_text(summary))
    # The joining link is for members, as on the meeting page: a public feed gives the venue.
    online_link = meeting.online_link if member else ""
    location = _plain_text(", ".join(part for part in (meeting.venue, online_link) if part))
    if location:
        event.add("location", location)
    event.add("description", _description(meeting, see_restricted=see_restricted, url=url))
    event.add("url", url)
    event.add("sequence", meeting.ical_sequence)
    event.add("status", ICAL_STATUS[meeting.status])
    event.add("transp", "OPAQUE")
    return event


def calendar_bytes(
    meetings: Iterable[Meeting],
    *,
    name: str,
    restricted_body_ids: set[int],
    url_for: Callable[[Meeting], str],
    name_restricted_items: bool = True,
) -> bytes:
    """The meetings as one calendar. `restricted_body_ids`: the bodies whose members' view the
    reader has. `name_restricted_items=False` for a feed held by a calendar service, which
    must not keep restricted titles even for a member."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property has no type icalendar knows, so it would be written unescaped.
    calendar.add("x-wr-calname", vText(_plain_text(name)))
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        member = meeting.body_id in restricted_body_ids
        calendar.add_component(
            meeting_event(
                meeting,
                see_restricted=member and name_restricted_items,
                url=url_for(meeting),
                member=member,
            )
        )
    return calendar.to_ical()
