"""Scheduling, moving and cancelling meetings, alone or as a series."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_tracked, stamp
from meetings import notifications
from meetings.models import (
    CALENDAR_FIELDS,
    AgendaItem,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Paper,
)
from meetings.numbering import in_agenda_order
from meetings.recurrence import MAX_MEETINGS_IN_SERIES, series_dates
from membership.models import Body


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _calendar_changed(before: Meeting, after: Meeting) -> bool:
    return any(getattr(before, name) != getattr(after, name) for name in CALENDAR_FIELDS)


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
    notifications.meeting_changed_on_commit(locked, before=shown_before)
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


def _agenda_refusals(meeting: Meeting, items: list[AgendaItem]) -> list[str]:
    """Why the edited agenda cannot be saved: removing an item that has papers or whose
    sub-items stay on the agenda would lose them."""
    kept_ids = {item.pk for item in items if item.pk}
    saved = list(AgendaItem.objects.filter(meeting=meeting)) if meeting.pk else []
    removed = {item.pk: item for item in saved if item.pk not in kept_ids}
    problems = []
    for item in items:
        if item.parent_id in removed:
            problems.append(
                f"“{item.title}” sits under “{removed[item.parent_id].title}”, which you "
                "removed: choose another parent for it, or keep the item."
            )
    with_papers = Paper.objects.filter(agenda_item_id__in=removed).select_related("agenda_item")
    for paper in with_papers:
        problems.append(
            f"“{paper.agenda_item.title}” has the paper “{paper.title}”: move the paper to "
            "another item before removing it."
        )
    for item in items:
        if item.parent_id and item.parent_id not in kept_ids and item.parent_id not in removed:
            problems.append(f"“{item.title}”: its parent item is on another meeting.")
    return sorted(set(problems))


@transaction.atomic
def meeting_save(*, actor: User | None, meeting: Meeting, reason: str = "") -> Meeting:
    """Save a meeting together with the agenda edited inline in the admin (held in memory by
    modelcluster until now): numbers the items from their order, refuses removals that
    would lose papers or sub-items, and raises the calendar SEQUENCE when a calendar would
    show the change."""
    before = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    meeting.full_clean()
    items = list(meeting.agenda_items.all())
    problems = _agenda_refusals(meeting, items)
    if problems:
        raise ValidationError({"__all__": problems})
    for index, item in enumerate(in_agenda_order(items)):
        item.sort_order = index
        item.meeting = meeting
        item.full_clean(exclude=["meeting"])
        stamp(item, actor, reason)
    if before is not None:
        meeting.ical_sequence = before.ical_sequence + int(_calendar_changed(before, meeting))
    stamp(meeting, actor, reason)
    meeting.save()
    notifications.meeting_changed_on_commit(meeting, before=before)
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
