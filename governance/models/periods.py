"""Reporting periods: months, quarters and financial years, known by their kind and first
day, and named as boards write them ("March 2012", "Q3 2011/12", "2011/12")."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models

from core.dates import long_date

# The UK financial year starts on 1 April; its quarters are Q1 April–June … Q4 January–March.
FINANCIAL_YEAR_START_MONTH = 4


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Financial year"


def financial_year(day: datetime.date) -> int:
    """The year a financial year starts in: 2011 for any day from 1 April 2011 to 31 March
    2012."""
    return day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1


def _year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def period_problem(kind: str, start: datetime.date) -> str | None:
    """Why `start` cannot begin a period of this kind, with the date it should be; None when
    it can."""
    if kind not in _MONTHS_IN:
        return "Choose month, quarter or financial year."
    first = start.replace(day=1)
    if kind == PeriodKind.MONTH and start.day != 1:
        return f"A month starts on its first day: for {first:%B %Y} give {long_date(first)}."
    if kind == PeriodKind.QUARTER and (start.day != 1 or (start.month - 1) % 3):
        quarter = _add_months(first, -((first.month - FINANCIAL_YEAR_START_MONTH) % 3))
        return (
            "A quarter starts on 1 April, 1 July, 1 October or 1 January: for "
            f"{period_label(PeriodKind.QUARTER, quarter)} give {long_date(quarter)}."
        )
    if kind == PeriodKind.YEAR and (start.day != 1 or start.month != FINANCIAL_YEAR_START_MONTH):
        year = datetime.date(financial_year(start), FINANCIAL_YEAR_START_MONTH, 1)
        return (
            f"A financial year starts on 1 April: for {_year_label(year.year)} give "
            f"{long_date(year)}."
        )
    return None


def period_label(kind: str, start: datetime.date) -> str:
    """The period as people write it: "March 2012", "Q3 2011/12" or "2011/12"."""
    if kind == PeriodKind.MONTH:
        return f"{start:%B %Y}"
    year = _year_label(financial_year(start))
    if kind == PeriodKind.QUARTER:
        return f"Q{(start.month - FINANCIAL_YEAR_START_MONTH) % 12 // 3 + 1} {year}"
    return year


def period_short_label(kind: str, start: datetime.date) -> str:
    """A label for a chart's axis: "Mar 2012", "Q3 2011/12", "2011/12"."""
    if kind == PeriodKind.MONTH:
        return f"{start:%b %Y}"
    return period_label(kind, start)


def period_shift(kind: str, start: datetime.date, periods: int) -> datetime.date:
    """The start of the period `periods` later (earlier when negative)."""
    return _add_months(start, _MONTHS_IN[kind] * periods)


def period_end(kind: str, start: datetime.date) -> datetime.date:
    last = _add_months(start, _MONTHS_IN[kind] - 1)
    return last.replace(day=calendar.monthrange(last.year, last.month)[1])


def period_containing(kind: str, day: datetime.date) -> datetime.date:
    """The start of the period of this kind that `day` falls in."""
    first = day.replace(day=1)
    if kind == PeriodKind.MONTH:
        return first
    if kind == PeriodKind.QUARTER:
        return _add_months(first, -((first.month - FINANCIAL_YEAR_START_MONTH) % 3))
    return datetime.date(financial_year(day), FINANCIAL_YEAR_START_MONTH, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A month, quarter or financial year, known by its kind and first day."""

    kind: str
    start: datetime.date

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start)

    @property
    def short_label(self) -> str:
        return period_short_label(self.kind, self.start)

    @property
    def end(self) -> datetime.date:
        return period_end(self.kind, self.start)

    @property
    def previous(self) -> Period:
        return Period(self.kind, period_shift(self.kind, self.start, -1))
