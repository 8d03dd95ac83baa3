"""What every part of the generator shares: the seeded random source, the writer, the
span of the history, and a few helpers for dates."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from .bulk import BulkWriter

DAY = datetime.timedelta(days=1)


@dataclass
class Context:
    rng: random.Random
    writer: BulkWriter
    first_day: datetime.date
    today: datetime.date
    # Meetings are scheduled up to this day: the coming six months.
    horizon: datetime.date
    # The share of a full partnership's activity each partnership gets (1.0 from scale 1 up).
    share: float
    manager: User
    now: datetime.datetime = field(default_factory=timezone.now)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def past(self, when: datetime.datetime) -> datetime.datetime:
        """The time, or now if it is later: nothing is recorded in the future."""
        return min(when, self.now)

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        if last <= first:
            return first
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A time on a day, in Europe/London."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute)),
        timezone.get_default_timezone(),
    )


def midday(day: datetime.date) -> datetime.datetime:
    return at(day, 12)
