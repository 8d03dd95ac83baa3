"""Meetings held, and attendance by agency, over a period."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Q

from core.dates import long_date
from meetings.models import ATTENDING_STATUSES, Attendance, Meeting, MeetingStatus
from membership.models import Membership

from .context import BodyScope, Period, agency_name, agency_order


def _held_meetings(scope: BodyScope, period: Period):
    return scope.applies(
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            start__date__gte=period.start,
            start__date__lte=period.end,
        )
    )


def attendance_by_agency(body_id: int | None, period: Period, threshold: int) -> dict:
    """For each agency with a seat on the body during the period: the meetings held while it
    had a representing member, the meetings at which one of them (or their deputy) was
    there, and the percentage; agencies below `threshold` per cent are flagged. Matches the
    meeting records exactly: a meeting counts for an agency only if it sat on the body that
    day. Three queries."""
    scope = BodyScope(ids=frozenset({body_id}) if body_id else frozenset(), label="")
    meetings = _held_meetings(scope, period).order_by("start")
    meeting_days = [(m.pk, m.date) for m in meetings.only("pk", "start")]
    memberships = list(
        Membership.objects.filter(
            body_id=body_id,
            role__counts_for_quorum=True,
            start_date__lte=period.end,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("organisation")
    )
    # A meeting with no attendance taken at all is "not recorded", never a row of absences.
    present: set[tuple[int, int]] = set()
    recorded: set[int] = set()
    for meeting_id, person_id, status, is_guest in Attendance.objects.filter(
        meeting__in=meetings.values("pk")
    ).values_list("meeting_id", "person_id", "status", "is_guest"):
        recorded.add(meeting_id)
        if status in ATTENDING_STATUSES and not is_guest:
            present.add((meeting_id, person_id))
    expected: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    unrecorded: Counter[str] = Counter()
    for meeting_id, day in meeting_days:
        seated: dict[str, set[int]] = defaultdict(set)
        for membership in memberships:
            if membership.is_current(day):
                seated[agency_name(membership)].add(membership.person_id)
        for agency, people in seated.items():
            if meeting_id not in recorded:
                unrecorded[agency] += 1
                continue
            expected[agency] += 1
            if any((meeting_id, person_id) in present for person_id in people):
                attended[agency] += 1
    rows = []
    for agency in sorted(expected | unrecorded, key=agency_order):
        percent = round(100 * attended[agency] / expected[agency]) if expected[agency] else None
        rows.append(
            {
                "agency": agency,
                "expected": expected[agency],
                "attended": attended[agency],
                "percent": percent,
                "below": percent is not None and percent < threshold,
            }
        )
    return {
        "period": period.label,
        "meetings": len(meeting_days),
        "unrecorded": sum(1 for meeting_id, _ in meeting_days if meeting_id not in recorded),
        "threshold": threshold,
        "rows": rows,
        "below_count": sum(1 for row in rows if row["below"]),
    }


def meetings_held(scope: BodyScope, period: Period, *, with_list: bool) -> dict:
    """How many meetings each body held in the period and how many it cancelled, and (when
    asked) the meetings themselves. Two queries."""
    meetings = list(
        scope.applies(
            Meeting.objects.filter(
                start__date__gte=period.start,
                start__date__lte=period.end,
                status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED],
            )
        )
        .select_related("body")
        .order_by("start", "pk")
    )
    by_body: dict[int, dict] = {}
    order: dict[int, tuple[int, str]] = {}
    listed = []
    for meeting in meetings:
        order[meeting.body_id] = (meeting.body.sort_order, meeting.body.name)
        row = by_body.setdefault(
            meeting.body_id,
            {
                "body": meeting.body.name,
                "joint": scope.joint.get(meeting.body_id, ""),
                "held": 0,
                "cancelled": 0,
            },
        )
        if meeting.status == MeetingStatus.HELD:
            row["held"] += 1
            if with_list:
                listed.append(
                    {
                        "date": long_date(meeting.date),
                        "body": meeting.body.name,
                        "title": meeting.title,
                    }
                )
        else:
            row["cancelled"] += 1
    rows = [by_body[body_id] for body_id in sorted(by_body, key=order.__getitem__)]
    return {
        "scope": scope.label,
        "period": period.label,
        "rows": rows,
        "held": sum(row["held"] for row in rows),
        "cancelled": sum(row["cancelled"] for row in rows),
        "meetings": listed,
    }
