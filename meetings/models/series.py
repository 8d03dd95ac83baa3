from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.history import TrackedHistory
from membership.models import Body


class Recurrence(models.TextChoices):
    NTH_WEEKDAY = "nth_weekday", "On the nth weekday of the month (e.g. third Wednesday)"
    EVERY_N_WEEKS = "every_n_weeks", "Every n weeks, on the weekday of the first date"
    MONTHLY_ON_DAY = "monthly_on_day", "Monthly on a day of the month (e.g. the 15th)"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"
    LAST = -1, "Last"


class MeetingSeries(models.Model):
    """A body's cycle of meetings ("Executive: monthly, third Wednesday, 10:00–12:00, April
    2012 to March 2013"). Its meetings are made once, when the series is created; after
    that each meeting is its own record, so moving or cancelling one leaves the rest alone."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meeting_series")
    title = models.CharField(
        max_length=200, help_text="Each meeting's title, e.g. “KSCB Executive”."
    )
    recurrence = models.CharField(
        max_length=20, choices=Recurrence.choices, default=Recurrence.NTH_WEEKDAY
    )
    interval = models.PositiveSmallIntegerField(
        default=1,
        help_text="Every how many months (or weeks): 1 for monthly, 2 for every other month.",
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True, help_text="For “nth weekday”."
    )
    week_of_month = models.SmallIntegerField(
        choices=WeekOfMonth.choices, null=True, blank=True, help_text="For “nth weekday”."
    )
    day_of_month = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For “monthly on a day”: 1 to 28."
    )
    start_time = models.TimeField(help_text="Local time, e.g. 10:00.")
    end_time = models.TimeField(help_text="Local time, e.g. 12:00.")
    first_date = models.DateField(help_text="No meeting is made before this date.")
    last_date = models.DateField(help_text="No meeting is made after this date.")
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("body"), FieldPanel("title")]),
        MultiFieldPanel(
            [
                FieldPanel("recurrence"),
                FieldRowPanel(
                    [FieldPanel("interval"), FieldPanel("week_of_month"), FieldPanel("weekday")]
                ),
                FieldPanel("day_of_month"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("first_date"), FieldPanel("last_date")]),
            ],
            heading="When",
        ),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("online_link")]),
    ]

    class Meta:
        ordering = ["-first_date", "title"]
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=models.F("first_date")),
                name="series_last_date_after_first",
                violation_error_message="A series cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="series_ends_after_it_starts",
                violation_error_message="Each meeting must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(interval__gte=1),
                name="series_interval_at_least_one",
                violation_error_message="The interval must be at least 1.",
            ),
        ]

    def __str__(self):
        return f"{self.title}: {self.describe()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "Meetings must end after they start: pick a later end time."
        if self.first_date and self.last_date and self.last_date < self.first_date:
            errors["last_date"] = "The last date is before the first: pick a later last date."
        if self.recurrence == Recurrence.NTH_WEEKDAY:
            if self.weekday is None:
                errors["weekday"] = "Choose the weekday, e.g. Wednesday."
            if self.week_of_month is None:
                errors["week_of_month"] = "Choose which one in the month, e.g. Third."
        if self.recurrence == Recurrence.MONTHLY_ON_DAY and not (
            self.day_of_month and 1 <= self.day_of_month <= 28
        ):
            errors["day_of_month"] = (
                "Choose a day from 1 to 28, so that every month has it; for the end of the "
                "month use “last” weekday instead."
            )
        if errors:
            raise ValidationError(errors)

    def describe(self) -> str:
        """The rule in words: "every month on the third Wednesday, 10:00–12:00"."""
        if self.interval == 1:
            every = "every week" if self.recurrence == Recurrence.EVERY_N_WEEKS else "every month"
        else:
            unit = "weeks" if self.recurrence == Recurrence.EVERY_N_WEEKS else "months"
            every = f"every {self.interval} {unit}"
        if self.recurrence == Recurrence.NTH_WEEKDAY and self.weekday is not None:
            nth = WeekOfMonth(self.week_of_month).label.lower() if self.week_of_month else ""
            rule = f"{every} on the {nth} {Weekday(self.weekday).label}"
        elif self.recurrence == Recurrence.MONTHLY_ON_DAY and self.day_of_month:
            rule = f"{every} on day {self.day_of_month}"
        elif self.first_date:
            rule = f"{every} on {self.first_date:%A}"
        else:
            rule = every
        if self.start_time and self.end_time:
            rule += f", {self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return rule
