"""Dates as people in a board's business unit write them: "2 March 2012"."""

import datetime


def long_date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"
