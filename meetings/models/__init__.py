"""Meetings, their agendas, papers and attendance; split by concept."""

from .access_log import AccessLogEntry, PackViewChoice
from .agenda import AgendaItem, AgendaVersion, Purpose
from .attendance import (
    ATTENDING_STATUSES,
    Attendance,
    AttendanceMovement,
    AttendanceStatus,
    Movement,
)
from .calendar import CalendarFeedToken
from .meeting import CALENDAR_FIELDS, Meeting, MeetingStatus
from .notes import PaperNote
from .papers import Paper, PaperVersion
from .series import MeetingSeries, Recurrence, Weekday, WeekOfMonth

__all__ = [
    "AccessLogEntry",
    "ATTENDING_STATUSES",
    "CALENDAR_FIELDS",
    "AgendaItem",
    "AgendaVersion",
    "Attendance",
    "AttendanceMovement",
    "AttendanceStatus",
    "CalendarFeedToken",
    "Meeting",
    "MeetingSeries",
    "MeetingStatus",
    "Movement",
    "PackViewChoice",
    "Paper",
    "PaperNote",
    "PaperVersion",
    "Purpose",
    "Recurrence",
    "WeekOfMonth",
    "Weekday",
]
