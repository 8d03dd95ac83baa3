"""What a report's live blocks show: the governance records as they stood on the report's
as-of date, and only what the public may see.

Each reader returns plain data (strings, numbers, booleans, lists and dicts) so that the same
value can be rendered straight away (previews, drafts) or frozen into a published revision as
it is (cms.snapshots) and rendered from there for ever after. Dates are written as people
write them ("2 March 2012"). Each reader runs a fixed number of queries, however many records
it reads.

Restricted records never reach a report: decisions, actions and challenges are read through
governance's `unrestricted_q` (the record and its agenda item), risks through their own flag.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Min, Prefetch, Q

from governance.models import (
    RAG_ORDER,
    STANDARD_SCHEME,
    Action,
    ActionUpdate,
    Challenge,
    ChallengeAssessment,
    ChallengeEscalation,
    ChallengeResponse,
    ChallengeStatus,
    Decision,
    DecisionStatus,
    ImprovementPlan,
    Risk,
    RiskReview,
    RiskStatus,
    Trend,
    rag_state,
    rating_for,
    risk_appetite_for,
    scheme_for,
    trend_between,
    unrestricted_q,
)
from governance.models.challenges import Assessment
from governance.selectors import plan_get_month
from meetings.models import ATTENDING_STATUSES, Attendance, Meeting, MeetingStatus
from membership.dates import long_date
from membership.models import REPRESENTING_ROLES, Body, BodyKind, Membership, Role
from membership.selectors import (
    INDEPENDENT,
    LAY_MEMBERS,
    body_list_structure,
    members_by_agency,
    membership_list_current,
)

# The choice in a block that means "the body this report is about" and "every body".
REPORT_BOARD = ""
EVERY_BODY = "*"
SUBGROUP_KINDS = frozenset({BodyKind.SUBGROUP, BodyKind.TASK_AND_FINISH})


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ReportContext:
    """What a report speaks for: its reporting period, the day its figures are taken at,
    and the body (usually the Board) it reports on."""

    as_of: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    board_id: int | None = None

    def period(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> Period:
        """The block's own dates, or the report's; never past the as-of date, since nothing
        after it is known to the report."""
        return Period(start or self.period_start, min(end or self.period_end, self.as_of))

    @classmethod
    def around(cls, today: datetime.date) -> ReportContext:
        """For a block shown outside a report (the block picker's preview): the year to
        today, about the first Board."""
        board = (
            Body.objects.filter(kind=BodyKind.BOARD).order_by("sort_order", "pk").first()
            or Body.objects.order_by("sort_order", "pk").first()
        )
        return cls(
            as_of=today,
            period_start=today.replace(year=today.year - 1) + datetime.timedelta(days=1),
            period_end=today,
            board_id=board.pk if board else None,
        )


@dataclass(frozen=True)
class BodyScope:
    """Which bodies a block reads: `ids` is None for every body."""

    ids: frozenset[int] | None
    label: str

    def applies(self, queryset, field: str = "body_id"):
        return queryset if self.ids is None else queryset.filter(**{f"{field}__in": self.ids})

    @property
    def single_id(self) -> int | None:
        return next(iter(self.ids)) if self.ids is not None and len(self.ids) == 1 else None


def body_scope(choice: str, report: ReportContext, *, include_subgroups: bool = False) -> BodyScope:
    """The bodies a block's choice stands for: the report's board (""), every body ("*") or
    one body by id, with the bodies that report to it when asked. One query."""
    bodies = {
        pk: (parent_id, name)
        for pk, parent_id, name in Body.objects.values_list("pk", "parent_id", "name")
    }
    if choice == EVERY_BODY:
        return BodyScope(ids=None, label="every board and group")
    body_id = report.board_id if choice in (REPORT_BOARD, None) else _as_int(choice)
    if body_id not in bodies:
        return BodyScope(ids=frozenset(), label="no body")
    ids = {body_id}
    if include_subgroups:
        grew = True
        while grew:
            below = {pk for pk, (parent, _name) in bodies.items() if parent in ids}
            grew = not below <= ids
            ids |= below
    label = bodies[body_id][1] + (" and the groups reporting to it" if len(ids) > 1 else "")
    return BodyScope(ids=frozenset(ids), label=label)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _agency(membership: Membership) -> str:
    if membership.organisation_id:
        return membership.organisation.name
    return LAY_MEMBERS if membership.role == Role.LAY_MEMBER else INDEPENDENT


def _agency_order(name: str) -> tuple[int, str]:
    return ({INDEPENDENT: 0, LAY_MEMBERS: 1}.get(name, 2), name)


# ---------------------------------------------------------------------------
# Membership
# ---------------------------------------------------------------------------
def subgroup_chairs(body_id: int | None, on: datetime.date) -> dict:
    """Each subgroup and task-and-finish group reporting to the body on the day, in the order
    of the structure chart, with its chair's job title (the table of the seed report). Two
    queries."""
    structure = body_list_structure(on)
    body = next((b for b in structure if b.pk == body_id), None)
    rows = []
    for group in structure:
        if body is None or group.parent_id != body.pk or group.kind not in SUBGROUP_KINDS:
            continue
        chair = group.current_chairs[0] if group.current_chairs else None
        rows.append(
            {
                "group": group.name,
                "chair_title": (chair.job_title or chair.person.name) if chair else "",
                "chair_name": chair.person.name if chair else "",
                "vacant": chair is None,
            }
        )
    return {
        "body": body.name if body else "",
        "on": long_date(on),
        "rows": rows,
    }


def members_table(body_id: int | None, on: datetime.date) -> dict:
    """The body's members on the day, by agency, with role and job title; clerks and
    deputies, who do not hold seats, are left out. Two queries."""
    body = Body.objects.filter(pk=body_id).first()
    if body is None:
        return {"body": "", "on": long_date(on), "agencies": [], "count": 0}
    memberships = [
        m for m in membership_list_current(body, on) if m.role not in (Role.CLERK, Role.DEPUTY)
    ]
    agencies = [
        {
            "agency": agency,
            "members": [
                {"name": m.person.name, "role": m.get_role_display(), "job_title": m.job_title}
                for m in members
            ],
        }
        for agency, members in members_by_agency(memberships)
    ]
    return {"body": body.name, "on": long_date(on), "agencies": agencies, "count": len(memberships)}


# ---------------------------------------------------------------------------
# Meetings and attendance
# ---------------------------------------------------------------------------
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
            role__in=REPRESENTING_ROLES,
            start_date__lte=period.end,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("organisation")
    )
    present = set(
        Attendance.objects.filter(
            meeting__in=meetings.values("pk"), status__in=ATTENDING_STATUSES, is_guest=False
        ).values_list("meeting_id", "person_id")
    )
    expected: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    for meeting_id, day in meeting_days:
        seated: dict[str, set[int]] = defaultdict(set)
        for membership in memberships:
            if membership.is_current(day):
                seated[_agency(membership)].add(membership.person_id)
        for agency, people in seated.items():
            expected[agency] += 1
            if any((meeting_id, person_id) in present for person_id in people):
                attended[agency] += 1
    rows = []
    for agency in sorted(expected, key=_agency_order):
        percent = round(100 * attended[agency] / expected[agency])
        rows.append(
            {
                "agency": agency,
                "expected": expected[agency],
                "attended": attended[agency],
                "percent": percent,
                "below": percent < threshold,
            }
        )
    return {
        "period": period.label,
        "meetings": len(meeting_days),
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
            meeting.body_id, {"body": meeting.body.name, "held": 0, "cancelled": 0}
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


# ---------------------------------------------------------------------------
# The logs
# ---------------------------------------------------------------------------
def decisions_public(scope: BodyScope, period: Period) -> dict:
    """The public decisions of the period, oldest first, with their references: what the
    public decisions register shows. One query."""
    decisions = scope.applies(
        Decision.objects.filter(unrestricted_q(), decided_on__gte=period.start)
        .filter(decided_on__lte=period.end)
        .select_related("body")
    ).order_by("decided_on", "sequence", "pk")
    rows = [
        {
            "reference": decision.reference,
            "date": long_date(decision.decided_on),
            "body": decision.body.name,
            "title": decision.title,
            "text": decision.text,
            "type": decision.get_decision_type_display(),
            "status": ""
            if decision.status == DecisionStatus.CURRENT
            else decision.get_status_display(),
            "url": decision.get_absolute_url(),
        }
        for decision in decisions
    ]
    return {"scope": scope.label, "period": period.label, "rows": rows, "count": len(rows)}


def actions_progress(
    scope: BodyScope, period: Period, on: datetime.date, *, list_overdue: bool
) -> dict:
    """The public actions that were live in the period (raised by its end, not closed before
    it began), counted by their RAG state at the end of the as-of day, read from each
    action's dated updates; with one body, in that body's RAG words. Three queries."""
    scheme = STANDARD_SCHEME
    if scope.single_id is not None:
        body = (
            Body.objects.select_related("governance_settings__rag_scheme")
            .filter(pk=scope.single_id)
            .first()
        )
        scheme = scheme_for(body) if body else STANDARD_SCHEME
    actions = scope.applies(
        Action.objects.filter(unrestricted_q(), raised_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.order_by("update_date", "pk"),
                to_attr="dated_updates",
            )
        )
    ).order_by("due_date", "sequence")
    counts: Counter[str] = Counter()
    overdue = []
    for action in actions:
        status, due_date = action.as_at(on)
        state = rag_state(status, due_date, on, scheme.at_risk_days)
        counts[state] += 1
        if state == RAG_ORDER[0]:
            overdue.append(
                {
                    "reference": action.reference,
                    "description": action.description,
                    "agency": action.organisation.name if action.organisation_id else "",
                    "due": long_date(due_date),
                    "days": (on - due_date).days,
                }
            )
    total = sum(counts.values())
    return {
        "scope": scope.label,
        "on": long_date(on),
        "counts": [
            {
                "label": rag.label,
                "colour": rag.colour,
                "state": rag.state,
                "count": counts[rag.state],
            }
            for rag in scheme.all_states()
        ],
        "total": total,
        "overdue_count": len(overdue),
        "overdue": overdue if list_overdue else [],
    }


def _challenge_status_on(challenge: Challenge, on: datetime.date) -> str:
    """A challenge's status at the end of a day, replayed from its dated responses,
    assessments, escalations and closing, in the order the services move it."""
    status = (
        ChallengeStatus.OPEN
        if challenge.status == ChallengeStatus.OPEN
        else ChallengeStatus.AWAITING_RESPONSE
    )
    events = [(r.received_on, 0, ChallengeStatus.RESPONDED) for r in challenge.all_responses]
    events += [
        (a.assessed_on, 1, ChallengeStatus.AWAITING_RESPONSE)
        for a in challenge.all_assessments
        if a.assessment == Assessment.FURTHER_ASSURANCE
    ]
    events += [(e.escalated_on, 2, ChallengeStatus.ESCALATED) for e in challenge.all_escalations]
    if challenge.closed_on:
        events.append((challenge.closed_on, 3, ChallengeStatus.CLOSED))
    for day, _order, then in sorted(events, key=lambda event: event[:2]):
        if day > on:
            break
        status = then
    return status


def challenges_summary(scope: BodyScope, period: Period) -> dict:
    """The public challenges that were live in the period (raised by its end, not closed
    before it began): how many stood at each status at its end, how many had been escalated,
    and those closed within it with their outcome and impact. Four queries."""
    on = period.end
    challenges = scope.applies(
        Challenge.objects.filter(unrestricted_q(), raised_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=ChallengeResponse.objects.only("challenge_id", "received_on"),
                to_attr="all_responses",
            ),
            Prefetch(
                "assessments",
                queryset=ChallengeAssessment.objects.only(
                    "challenge_id", "assessed_on", "assessment"
                ),
                to_attr="all_assessments",
            ),
            Prefetch(
                "escalations",
                queryset=ChallengeEscalation.objects.only("challenge_id", "escalated_on"),
                to_attr="all_escalations",
            ),
        )
    ).order_by("raised_on", "sequence")
    counts: Counter[str] = Counter()
    escalated = 0
    closed = []
    for challenge in challenges:
        status = _challenge_status_on(challenge, on)
        counts[status] += 1
        if any(e.escalated_on <= on for e in challenge.all_escalations):
            escalated += 1
        if status == ChallengeStatus.CLOSED and challenge.closed_on in period:
            closed.append(
                {
                    "reference": challenge.reference,
                    "raised": long_date(challenge.raised_on),
                    "closed": long_date(challenge.closed_on),
                    "agency": challenge.agency.name,
                    "issue": challenge.issue,
                    "outcome": challenge.outcome,
                    "impact": challenge.impact,
                }
            )
    return {
        "scope": scope.label,
        "period": period.label,
        "counts": [
            {"label": label, "status": status, "count": counts[status]}
            for status, label in ChallengeStatus.choices
        ],
        "total": sum(counts.values()),
        "escalated": escalated,
        "closed": closed,
    }


def risks_summary(scope: BodyScope, on: datetime.date) -> dict:
    """The public risks on the register at the end of the day, highest score first: each
    scored by its latest review by then, with the trend against the review before, the
    target, and whether it was above its body's appetite. Three queries."""
    risks = scope.applies(
        Risk.objects.filter(is_restricted=False, opened_on__lte=on)
        .select_related("body__governance_settings")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=RiskReview.objects.order_by("reviewed_on", "pk"),
                to_attr="dated_reviews",
            )
        )
    ).order_by("sequence")
    # The register keeps no closing date; its history does.
    closed_on = dict(
        scope.applies(Risk.history.filter(status=RiskStatus.CLOSED))
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    rows = []
    for risk in risks:
        closed_at = closed_on.get(risk.pk)
        if risk.status == RiskStatus.CLOSED and (closed_at is None or closed_at.date() <= on):
            continue
        reviews = [review for review in risk.dated_reviews if review.reviewed_on <= on]
        score = reviews[-1].score if reviews else risk.score
        previous = reviews[-2].score if len(reviews) > 1 else None
        trend = trend_between(previous, score) if reviews else Trend.NEW
        appetite = risk_appetite_for(risk.body)
        rating = rating_for(score)
        rows.append(
            {
                "reference": risk.reference,
                "title": risk.title,
                "body": risk.body.name,
                "score": score,
                "rating": rating.label,
                "colour": rating.colour,
                "trend": Trend(trend).label,
                "target": risk.target_score,
                "appetite": appetite,
                "above": score > appetite,
                "reviewed": long_date(reviews[-1].reviewed_on) if reviews else "",
            }
        )
    rows.sort(key=lambda row: -row["score"])
    return {
        "scope": scope.label,
        "on": long_date(on),
        "rows": rows,
        "total": len(rows),
        "above_count": sum(1 for row in rows if row["above"]),
    }


def plan_progress(plan_id: int | None, on: datetime.date) -> dict:
    """A plan as it stood at the end of the day: its actions counted by RAG (in the words of
    the plan's body), those overdue, and its priorities and objectives. Four queries."""
    if plan_id is None or not ImprovementPlan.objects.filter(pk=plan_id).exists():
        return {"missing": True}
    month = plan_get_month(plan_id, month=on.replace(day=1), today=on)
    return {
        "missing": False,
        "plan": month.plan.title,
        "body": month.plan.body.name,
        "on": long_date(month.as_at),
        "total": month.total,
        "counts": [
            {"label": rag.label, "colour": rag.colour, "state": rag.state, "count": count}
            for rag, count in month.counts
        ],
        "overdue": [
            {"number": a.number, "description": a.description, "due": long_date(a.due_date)}
            for a in month.overdue
        ],
        "priorities": [
            {
                "number": priority.number,
                "title": priority.title,
                "objectives": [
                    {
                        "number": row.objective.number,
                        "title": row.objective.title,
                        "actions": len(row.actions),
                    }
                    for row in rows
                ],
            }
            for priority, rows in month.priorities
        ],
    }
