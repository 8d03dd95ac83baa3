"""The partner engagement scorecard's reader: for each agency on a body (and the groups
that report to it, when chosen) over a period, how it took part. Seven queries, however
many agencies, meetings or records.

Restricted records are not counted against an agency: a restricted action or challenge
would tell the public which agency it concerned. They are counted together in `withheld`
instead, by kind, with nothing of their content. Opening a paper is the member's own
doing, whatever the paper, so every paper opened is counted, restricted or not; only the
number is shown, never which paper."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper, Min, Q
from django.utils import timezone

from governance.models import Action, ActionStatus, Challenge
from governance.models.base import unrestricted_q
from meetings.models import ATTENDING_STATUSES, AccessLogEntry, Attendance, AttendanceStatus
from membership.models import Membership

from .context import BodyScope, Period, agency_name, agency_order
from .meetings import _held_meetings


def _flag(condition: Q) -> ExpressionWrapper:
    """The condition as a column, so one query reads public and restricted rows alike."""
    return ExpressionWrapper(condition, output_field=BooleanField())


def _fraction(done: int, of: int) -> dict:
    return {"done": done, "of": of}


def engagement_scorecard(scope: BodyScope, period: Period) -> dict:
    meetings = list(
        _held_meetings(scope, period).order_by("start").values_list("pk", "body_id", "start")
    )
    meeting_ids = [pk for pk, _body, _start in meetings]
    memberships = list(
        scope.applies(
            Membership.objects.filter(role__counts_for_quorum=True, start_date__lte=period.end)
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("organisation", "person")
    )
    statuses: dict[tuple[int, int], str] = {}
    recorded: set[int] = set()
    for meeting_id, person_id, status in Attendance.objects.filter(
        meeting_id__in=meeting_ids, is_guest=False
    ).values_list("meeting_id", "person_id", "status"):
        recorded.add(meeting_id)
        statuses[(meeting_id, person_id)] = status

    rows: dict[str, dict] = defaultdict(
        lambda: {
            "expected": 0,
            "attended": 0,
            "deputy": 0,
            "papers": set(),
            "actions": [0, 0],
            "challenges": [0, 0],
        }
    )
    unrecorded = 0
    for meeting_id, body_id, start in meetings:
        day = timezone.localdate(start)
        seated: dict[str, set[int]] = defaultdict(set)
        for membership in memberships:
            if membership.body_id == body_id and membership.is_current(day):
                seated[agency_name(membership)].add(membership.person_id)
        if meeting_id not in recorded:
            unrecorded += 1
            continue
        for agency, people in seated.items():
            row = rows[agency]
            row["expected"] += 1
            came = {statuses.get((meeting_id, person)) for person in people}
            if came & ATTENDING_STATUSES:
                row["attended"] += 1
                if not came & (ATTENDING_STATUSES - {AttendanceStatus.DEPUTY}):
                    row["deputy"] += 1

    # Papers opened by the agency's members: each paper (or papers pack) of the scope's
    # meetings counted once per agency, by whoever of the agency sat on its body that day.
    members_by_user: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        if membership.person.user_id:
            members_by_user[membership.person.user_id].append(membership)
    openings = scope.applies(
        AccessLogEntry.objects.filter(
            user_id__in=list(members_by_user),
            opened_at__date__gte=period.start,
            opened_at__date__lte=period.end,
        ),
        field="meeting__body_id",
    ).values_list(
        "user_id",
        "meeting__body_id",
        "opened_at",
        "paper_version__paper_id",
        "meeting_id",
        "pack_view",
    )
    for user_id, body_id, opened_at, paper_id, meeting_id, pack in openings:
        opened = ("paper", paper_id) if paper_id else ("pack", meeting_id, pack)
        for membership in members_by_user[user_id]:
            if membership.body_id == body_id and membership.is_current(
                timezone.localdate(opened_at)
            ):
                rows[agency_name(membership)]["papers"].add(opened)

    withheld = {"actions": 0, "challenges": 0}
    due_actions = scope.applies(
        Action.objects.filter(due_date__gte=period.start, due_date__lte=period.end).exclude(
            status=ActionStatus.CANCELLED
        )
    )
    public = unrestricted_q()
    for name, status, closed_on, due, is_public in due_actions.annotate(
        is_public=_flag(public)
    ).values_list("organisation__name", "status", "closed_on", "due_date", "is_public"):
        if not is_public:
            withheld["actions"] += 1
            continue
        if name is None:
            continue
        tally = rows[name]["actions"]
        tally[1] += 1
        if status == ActionStatus.DONE and closed_on and closed_on <= due:
            tally[0] += 1

    due_challenges = scope.applies(
        Challenge.objects.filter(response_due__gte=period.start, response_due__lte=period.end)
    ).annotate(first_response=Min("responses__received_on"), is_public=_flag(public))
    for name, first, due, is_public in due_challenges.values_list(
        "agency__name", "first_response", "response_due", "is_public"
    ):
        if not is_public:
            withheld["challenges"] += 1
            continue
        tally = rows[name]["challenges"]
        tally[1] += 1
        if first and first <= due:
            tally[0] += 1

    return {
        "scope": scope.label,
        "period": period.label,
        "meetings": len(meetings),
        "unrecorded": unrecorded,
        "withheld": withheld,
        "rows": [
            {
                "agency": agency,
                "attended": _fraction(rows[agency]["attended"], rows[agency]["expected"]),
                "deputy": rows[agency]["deputy"],
                "papers": len(rows[agency]["papers"]),
                "actions": _fraction(*rows[agency]["actions"]),
                "challenges": _fraction(*rows[agency]["challenges"]),
            }
            for agency in sorted(rows, key=agency_order)
        ],
    }
