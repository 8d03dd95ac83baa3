"""Meetings as iCalendar (RFC 5545), for calendar subscriptions.

Times are written in UTC, which every client reads, so no VTIMEZONE block is needed. Each
meeting keeps one UID for life and a SEQUENCE that grows whenever something a calendar
shows changes, so a moved or cancelled meeting replaces the old entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from icalendar import Calendar, Event

from meetings.access import visible_items
from meetings.models import Meeting, MeetingStatus
from meetings.selectors import restrictions_of
from membership.dates import long_date

PRODID = "-//Tabled//Meetings and agendas//EN"

ICAL_STATUS = {
    MeetingStatus.SCHEDULED: "TENTATIVE",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _description(meeting: Meeting, *, see_restricted: bool, url: str) -> str:
    lines = [f"{meeting.body.name}. Status: {meeting.get_status_display()}."]
    if meeting.notes:
        lines.append(meeting.notes)
    version = meeting.latest_version
    if version is None:
        lines.append("The agenda has not been published yet.")
    else:
        lines.append(
            f"Agenda (version {version.number}, published "
            f"{long_date(version.published_at.date())}):"
        )
        items = visible_items(
            version.items, see_restricted=see_restricted, now=restrictions_of(meeting)
        )
        for item in items:
            if item.get("hidden"):
                lines.append(f"{item['number']}. Restricted item")
            else:
                lines.append(f"{item['number']}. {item['title']}")
    lines.append(f"Meeting page: {url}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, see_restricted: bool, url: str) -> Event:
    """One VEVENT. Expects `meeting.latest_version` and today's restrictions
    (selectors.with_latest_version)."""
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
    event.add("summary", summary)
    # The joining link is for members, as on the meeting page: a public feed gives the venue.
    online_link = meeting.online_link if see_restricted else ""
    location = ", ".join(part for part in (meeting.venue, online_link) if part)
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
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        calendar.add_component(
            meeting_event(
                meeting,
                see_restricted=meeting.body_id in restricted_body_ids,
                url=url_for(meeting),
            )
        )
    return calendar.to_ical()
