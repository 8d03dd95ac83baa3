from django import template

from governance.access import may_act_as_chair, may_view_logs, minutes_access
from governance.minutes_snapshots import attendee_ids
from governance.selectors import (
    matters_arising_for_meeting,
    meeting_attendance,
    minutes_for_meeting_page,
)
from membership.access import person_for

register = template.Library()


@register.simple_tag(takes_context=True)
def matters_arising(context, meeting) -> dict:
    """The matters arising of a meeting for the reader: `shown` is false for readers who may
    not see the action log, `actions` leaves out what they may not see, and `may_log` says
    whether they may open the chair's console for the meeting."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_view_logs(user):
        return {"shown": False, "actions": [], "may_log": False}
    return {
        "shown": True,
        "actions": matters_arising_for_meeting(meeting, user),
        "may_log": may_act_as_chair(user, meeting.body),
    }


@register.simple_tag(takes_context=True)
def minutes_section(context, meeting) -> dict:
    """The meeting's minutes for the reader: `shown` once the meeting has begun or the
    minutes exist, `minutes` (or None) and the reader's `access` to them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    minutes = minutes_for_meeting_page(meeting)
    if user is None or (minutes is None and not meeting.has_started):
        return {"shown": False}
    # Only a signed-in person can have attended; the attendance query is spared otherwise.
    attended = meeting_attendance(meeting) if person_for(user) is not None else []
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
