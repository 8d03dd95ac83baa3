"""Dates as people in a board's business unit write them: "2 March 2012", and reading
them back from what they type or keep in a spreadsheet."""

import datetime
import functools
import re

import holidays

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    """The day in the board's own time zone, which is the day its rules go by."""
    return timezone.localdate()


def long_date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


@functools.cache
def _bank_holidays(subdivision: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a bank holiday in the part of the UK the board serves
    (TABLED_BANK_HOLIDAYS: ENG, WLS, SCT or NIR), special ones such as a coronation included."""
    return day.weekday() < 5 and day not in _bank_holidays(settings.TABLED_BANK_HOLIDAYS, day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The day `count` working days after `day`."""
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_LONG_DATE = re.compile(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})")


def _month_number(word: str) -> int | None:
    """1 to 12 for a month's name or any abbreviation of three letters or more ("Sept")."""
    if len(word) >= 3:
        for number, name in enumerate(_MONTHS, start=1):
            if name.startswith(word):
                return number
    return None


def parse_date(text: str) -> datetime.date | None:
    """A date as the business unit writes it, or None. Slashes are read day first (UK)."""
    text = text.strip().casefold()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif (match := _LONG_DATE.fullmatch(text)) and (month := _month_number(match[2])):
        day, year = int(match[1]), int(match[3])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
