"""Who the meeting page's governance panels are for, as membership.page_cache keys them:
each function answers, with the rules in governance.access, every question about the reader
that its panel's HTML depends on (see the template tags in governance_tags)."""

from __future__ import annotations

from governance.access import may_act_as_chair, may_see_restricted, may_view_logs
from governance.minutes_snapshots import attendee_ids
from governance.selectors import meeting_attendance
from membership import page_cache
from membership.access import person_for


def sees_restricted(request, body) -> bool:
    return page_cache.remember(
        request, ("may_see_restricted", body.pk), lambda: may_see_restricted(request.user, body)
    )


def acts_as_chair(request, body) -> bool:
    return page_cache.remember(
        request, ("may_act_as_chair", body.pk), lambda: may_act_as_chair(request.user, body)
    )


def matters_arising_audience(request, meeting) -> tuple:
    """Shown to those who may view the logs; restricted actions to those who see the
    body's restricted material; the console link to its chairs and the business unit."""
    user = request.user
    if not may_view_logs(user):
        return ("hidden",)
    return (
        "shown",
        sees_restricted(request, meeting.body),
        acts_as_chair(request, meeting.body),
    )


def minutes_audience(request, meeting) -> tuple:
    """What governance.access.minutes_access decides from, about this reader: editor,
    attended, restricted material; and whether the meeting has begun (the section appears
    then)."""
    user = request.user
    attended = False
    person = person_for(user)
    if person is not None:
        attendees = page_cache.value(
            request,
            "meeting-attendees",
            meeting.pk,
            lambda: attendee_ids(meeting_attendance(meeting)),
        )
        attended = person.pk in attendees
    return (
        meeting.has_started,
        user.is_authenticated,
        acts_as_chair(request, meeting.body),
        attended,
        sees_restricted(request, meeting.body),
    )
