from django import template

from governance.access import may_act_as_chair, may_view_logs
from governance.selectors import matters_arising_for_meeting

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
