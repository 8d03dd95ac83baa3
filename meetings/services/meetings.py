"""Scheduling, moving and cancelling meetings, alone or as a series."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.history import save_tracked, stamp
from meetings.models import (
    CALENDAR_FIELDS,
    Meeting,
    MeetingSeries,
    MeetingStatus,
)
from meetings.recurrence import MAX_MEETINGS_IN_SERIES, series_dates
from membership.models import Body


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _calendar_changed(before: Meeting, after: Meeting) -> bool:
    return any(getattr(before, name) != getattr(after, name) for name in CALENDAR_FIELDS)


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


def _notify_members(meeting: Meeting, *, before: Meeting | dict | None) -> None:
    """After a change a calendar shows (its SEQUENCE grew), tell the body's members, with
    the updated calendar entry; nobody hears of a change to a meeting that is over. `before`
    is the meeting's calendar fields before the change."""
    if before is None:
        return
    before_values, after_values = _calendar_values(before), _calendar_values(meeting)
    what = what_changed(before_values, after_values)
    if what is None or meeting.end <= timezone.now():
        return
    outbox.notify(
        "meetings.meeting_cancelled" if what == "cancelled" else "meetings.meeting_changed",
        meeting_id=meeting.pk,
        sequence=meeting.ical_sequence,
        before=_jsonable(before_values),
        after=_jsonable(after_values),
    )


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


@transaction.atomic
def meeting_schedule(
    *,
    actor: User | None,
    body: Body,
    start: datetime.datetime,
    end: datetime.datetime,
    title: str = "",
    venue: str = "",
    online_link: str = "",
    status: str = MeetingStatus.SCHEDULED,
    notes: str = "",
    series: MeetingSeries | None = None,
    reason: str = "",
) -> Meeting:
    """Put one meeting in the diary. The title defaults to the body's name."""
    meeting = Meeting(
        body=body,
        series=series,
        title=title or body.name,
        start=start,
        end=end,
        venue=venue,
        online_link=online_link,
        status=status,
        notes=notes,
    )
    return save_tracked(meeting, actor=actor, reason=reason or "Scheduled")


@transaction.atomic
def meeting_update(*, actor: User | None, meeting: Meeting, reason: str = "", **changes) -> Meeting:
    """Change a meeting's fields; a change a calendar shows (time, place, title, status)
    raises its iCalendar SEQUENCE so subscribed calendars replace the old entry."""
    locked = _lock(meeting)
    shown_before = {name: getattr(locked, name) for name in CALENDAR_FIELDS}
    for name, value in changes.items():
        if name not in {f.name for f in Meeting._meta.fields} or name in {
            "id",
            "uid",
            "ical_sequence",
            "created",
            "updated",
        }:
            raise ValueError(f"meeting_update cannot change {name!r}")
        setattr(locked, name, value)
    locked.full_clean()
    if any(getattr(locked, name) != value for name, value in shown_before.items()):
        locked.ical_sequence += 1
    stamp(locked, actor, reason)
    locked.save()
    _notify_members(locked, before=shown_before)
    return locked


@transaction.atomic
def meeting_cancel(*, actor: User | None, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel one meeting (of a series or not); the record stays, marked cancelled, and
    calendars show it as CANCELLED."""
    current = _lock(meeting)
    if current.status == MeetingStatus.HELD:
        raise ValidationError({"status": "This meeting has been held, so it cannot be cancelled."})
    if current.status == MeetingStatus.CANCELLED:
        return current
    return meeting_update(
        actor=actor,
        meeting=current,
        status=MeetingStatus.CANCELLED,
        reason=reason or "Cancelled",
    )


@transaction.atomic
def meeting_save(*, actor: User | None, meeting: Meeting, reason: str = "") -> Meeting:
    """Save a meeting's own fields as the admin form changed them, raising the calendar
    SEQUENCE when a calendar would show the change. Its agenda is changed item by item
    (agenda_item_add, agenda_item_update, agenda_item_remove, agenda_items_reorder)."""
    before = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    meeting.full_clean()
    if before is not None:
        meeting.ical_sequence = before.ical_sequence + int(_calendar_changed(before, meeting))
    stamp(meeting, actor, reason)
    meeting.save()
    _notify_members(meeting, before=before)
    return meeting


@transaction.atomic
def meeting_series_create(
    *,
    actor: User | None,
    body: Body,
    title: str,
    recurrence: str,
    start_time: datetime.time,
    end_time: datetime.time,
    first_date: datetime.date,
    last_date: datetime.date,
    interval: int = 1,
    weekday: int | None = None,
    week_of_month: int | None = None,
    day_of_month: int | None = None,
    venue: str = "",
    online_link: str = "",
    reason: str = "",
) -> MeetingSeries:
    """Make a series and all its meetings in one step ("Executive: monthly, third
    Wednesday, 10:00–12:00, April 2012 to March 2013"). All or nothing."""
    series = MeetingSeries(
        body=body,
        title=title,
        recurrence=recurrence,
        interval=interval,
        weekday=weekday,
        week_of_month=week_of_month,
        day_of_month=day_of_month,
        start_time=start_time,
        end_time=end_time,
        first_date=first_date,
        last_date=last_date,
        venue=venue,
        online_link=online_link,
    )
    series.full_clean()
    dates = series_dates(series)
    if not dates:
        raise ValidationError(
            {"last_date": "No meeting falls between the first and last dates: widen the dates."}
        )
    if len(dates) > MAX_MEETINGS_IN_SERIES:
        raise ValidationError(
            {
                "last_date": f"This would make more than {MAX_MEETINGS_IN_SERIES} meetings: "
                "choose an earlier last date."
            }
        )
    stamp(series, actor, reason or "Series created")
    series.save()
    for day in dates:
        meeting_schedule(
            actor=actor,
            body=body,
            series=series,
            title=title,
            start=_local(day, start_time),
            end=_local(day, end_time),
            venue=venue,
            online_link=online_link,
            reason=reason or f"Scheduled in the series “{title}”",
        )
    return series


@transaction.atomic
def meeting_series_rename(
    *, actor: User | None, series: MeetingSeries, reason: str = ""
) -> MeetingSeries:
    """Rename a series. Its meetings keep their own titles: each is its own record once
    made, and any may have been renamed on purpose."""
    return save_tracked(series, actor=actor, reason=reason or "Series renamed")
