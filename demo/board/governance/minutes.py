"""The Board's 2011/12 minutes, drafted, circulated, commented on and approved at the next
meeting, and the Executive's April 2012 minutes in draft."""

from __future__ import annotations

import datetime

from governance import services
from governance.minutes_snapshots import attendee_ids
from governance.models.minutes import Minutes, MinutesStatus
from governance.selectors import meeting_attendance
from meetings.models import Meeting, MeetingStatus, Purpose
from membership.models import Person

from .context import Demo

# The Board's 2011/12 cycle, which the meetings demo ends in March 2012.
BOARD_CYCLE_END = datetime.datetime(2012, 4, 1, tzinfo=datetime.UTC)
STANDING_MINUTES = {
    "welcome": "The Chair welcomed members and guests. Apologies were received as recorded above.",
    "minutes": "The Board reviewed the action log. Actions completed since the last meeting "
    "were noted; open actions are carried forward as matters arising.",
    "any other business": "There was no other business.",
}
PURPOSE_MINUTES = {
    Purpose.DECISION: "The Board considered the report and agreed its recommendations.",
    Purpose.DISCUSSION: "Members discussed the report and asked questions, which were "
    "answered. The Board noted the report.",
    Purpose.INFORMATION: "The Board noted the report.",
    Purpose.STANDING: "The Board noted the item.",
}


def _minute_for(item) -> str:
    title = item.title.lower()
    for words, text in STANDING_MINUTES.items():
        if title.startswith(words):
            return text
    if item.restricted:
        return (
            "The Board received a confidential update on the serious case reviews in "
            "progress and the monitoring of their action plans."
        )
    agenda_item = item.agenda_item
    if agenda_item is None:
        return PURPOSE_MINUTES[Purpose.INFORMATION]
    if agenda_item.parent_id is not None:
        return "The chair of the subgroup reported on its work since the last meeting."
    opening = f"{agenda_item.description} " if agenda_item.description else ""
    return opening + PURPOSE_MINUTES.get(agenda_item.purpose, PURPOSE_MINUTES[Purpose.STANDING])


def _write_minutes(demo: Demo, meeting: Meeting, *, circulate: bool) -> Minutes:
    """Minutes drafted the day after the meeting, with the chair five days later and, when
    `circulate`, circulated to those who attended eight days after the meeting."""
    after = meeting.end
    minutes = services.minutes_draft(
        actor=demo.manager, meeting=meeting, at=after + datetime.timedelta(days=1)
    )
    for item in minutes.items.select_related("agenda_item"):
        services.minutes_save_item(
            actor=demo.manager,
            minutes=minutes,
            item=item,
            text=_minute_for(item),
            expected_revision=item.revision,
        )
    if circulate:
        services.minutes_submit_for_review(
            actor=demo.manager, minutes=minutes, at=after + datetime.timedelta(days=5)
        )
        services.minutes_circulate(
            actor=demo.manager,
            minutes=minutes,
            note="For comment within two weeks",
            at=after + datetime.timedelta(days=8),
        )
    return Minutes.objects.get(pk=minutes.pk)


def _comment_by_an_attendee(demo: Demo, minutes: Minutes) -> None:
    """One of the demo logins who attended suggests a correction, if one attended."""
    attended = attendee_ids(meeting_attendance(minutes.meeting))
    person = (
        Person.objects.filter(pk__in=attended, user__isnull=False).order_by("family_name").first()
    )
    if person is None or minutes.comments.exists():
        return
    item = (
        minutes.items.filter(is_restricted=False, title__icontains="audit")
        .exclude(agenda_item__is_restricted=True)
        .exclude(agenda_item__parent__is_restricted=True)
        .first()
    )
    services.minutes_comment(
        actor=person.user,
        minutes=minutes,
        item=item,
        text="Please record that the audit's recommendations go to the Executive in April.",
        at=minutes.versions.order_by("-number").first().created_at + datetime.timedelta(days=2),
    )


def load_minutes(demo: Demo) -> None:
    """The Board's 2011/12 minutes, each approved at the next Board meeting (the approval is
    a decision of that meeting, on its minutes item, and shows in its minutes); the minutes
    of March 2012 circulated for comment; the Executive's April 2012 minutes in draft. Only
    for meetings the meetings demo made."""
    board = list(
        Meeting.objects.filter(
            body__slug="board",
            start__lt=BOARD_CYCLE_END,
            status=MeetingStatus.HELD,
        ).order_by("start")
    )
    for index, meeting in enumerate(board):
        later = board[index + 1] if index + 1 < len(board) else None
        minutes = Minutes.objects.filter(meeting=meeting).first() or _write_minutes(
            demo, meeting, circulate=True
        )
        if later is None:
            _comment_by_an_attendee(demo, minutes)
        elif minutes.status == MinutesStatus.CIRCULATED:
            services.minutes_approve(
                actor=demo.manager,
                minutes=minutes,
                at_meeting=later,
                agenda_item=demo.item(later, words="minutes"),
                at=later.start + datetime.timedelta(minutes=20),
            )
    april = demo.meeting("executive", 2012, 4)
    if (
        april is not None
        and april.agenda_versions.exists()
        and not Minutes.objects.filter(meeting=april).exists()
    ):
        _write_minutes(demo, april, circulate=False)
