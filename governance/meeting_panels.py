"""What governance adds to the meeting page (meetings.page_panels): the meeting's minutes
and its matters arising, each read for the reader before the page renders."""

from __future__ import annotations

from governance.access import may_act_as_chair, may_view_logs, minutes_access
from governance.minutes_snapshots import attendee_ids
from governance.selectors import matters_arising_for_meeting, minutes_for_meeting_page
from membership.access import person_for


def matters_arising(request, meeting) -> dict:
    """The matters arising of a meeting for the reader: `shown` is false for readers who may
    not see the action log, `actions` leaves out what they may not see, and `may_log` says
    whether they may open the chair's console for the meeting."""
    user = request.user
    if not may_view_logs(user):
        return {"shown": False, "actions": [], "may_log": False}
    return {
        "shown": True,
        "actions": matters_arising_for_meeting(meeting, user),
        "may_log": may_act_as_chair(user, meeting.body),
    }


def minutes_section(request, meeting) -> dict:
    """The meeting's minutes for the reader: `shown` once the meeting has begun or the
    minutes exist, `minutes` (or None) and the reader's `access` to them. Who attended comes
    from the meeting's `attendance_list` (meetings.selectors.meeting_get_detail)."""
    user = request.user
    minutes = minutes_for_meeting_page(meeting)
    if minutes is None and not meeting.has_started:
        return {"shown": False}
    attended = meeting.attendance_list if person_for(user) is not None else []
    return {
        "shown": True,
        "minutes": minutes,
        "access": minutes_access(
            user,
            meeting.body,
            status=minutes.status if minutes else None,
            attendee_ids=attendee_ids(attended),
        ),
    }
