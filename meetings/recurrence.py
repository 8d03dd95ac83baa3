"""The dates of a meeting series, from its rule (RFC 5545 recurrence via dateutil)."""

from __future__ import annotations

import datetime

from dateutil import rrule

from meetings.models import MeetingSeries, Recurrence

# A year of weekly meetings is 53; anything far beyond that is a mistake in the dates.
MAX_MEETINGS_IN_SERIES = 120


def series_dates(series: MeetingSeries) -> list[datetime.date]:
    first, last = series.first_date, series.last_date
    month_start = datetime.datetime(first.year, first.month, 1)  # noqa: DTZ001 - dates only
    until = datetime.datetime.combine(last, datetime.time.max)  # noqa: DTZ001
    if series.recurrence == Recurrence.NTH_WEEKDAY:
        weekday = rrule.weekday(series.weekday)(series.week_of_month)
        rule = rrule.rrule(
            rrule.MONTHLY,
            interval=series.interval,
            byweekday=weekday,
            dtstart=month_start,
            until=until,
        )
    elif series.recurrence == Recurrence.MONTHLY_ON_DAY:
        rule = rrule.rrule(
            rrule.MONTHLY,
            interval=series.interval,
            bymonthday=series.day_of_month,
            dtstart=month_start,
            until=until,
        )
    else:
        rule = rrule.rrule(
            rrule.WEEKLY,
            interval=series.interval,
            dtstart=datetime.datetime.combine(first, datetime.time()),  # noqa: DTZ001
            until=until,
        )
    dates = []
    for occurrence in rule:
        if occurrence.date() < first:
            continue
        dates.append(occurrence.date())
        if len(dates) > MAX_MEETINGS_IN_SERIES:
            break
    return dates
