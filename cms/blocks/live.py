"""The live blocks: the body's structure and members, attendance, meetings, decisions,
actions, challenges, risks and plans, read from the records as of the report's date.
Performance figures and audits are in .performance."""

from __future__ import annotations

from wagtail import blocks

from cms import selectors
from cms.selectors import EVERY_BODY, REPORT_BOARD

from .base import (
    LiveBlock,
    PeriodBlock,
    RecordChoiceBlock,
    ScopedMixin,
    body_choice_block,
    plan_choices,
    subgroups_block,
)


class MembershipBlock(LiveBlock):
    """The body's structure on the as-of date: each subgroup with its chair's job title (the
    table of subgroup chairs in a progress report), or every member by agency."""

    body = body_choice_block(every=False)
    layout = blocks.ChoiceBlock(
        choices=[
            ("subgroup_chairs", "Subgroups and their chairs"),
            ("members", "Members by agency"),
        ],
        default="subgroup_chairs",
    )

    class Meta:
        icon = "group"
        template = "blocks/membership.html"
        preview_value = {"body": REPORT_BOARD, "layout": "subgroup_chairs"}
        description = "Subgroups and their chairs, or the members by agency, on the as-of date."

    def default_title(self, value):
        if value.get("layout") == "members":
            return "Members by agency"
        return "Subgroups and their chairs"

    def collect(self, value, report):
        body_id = selectors.body_scope(value.get("body") or REPORT_BOARD, report).single_id
        if value.get("layout") == "members":
            return {"layout": "members", **selectors.members_table(body_id, report.as_of)}
        return {
            "layout": "subgroup_chairs",
            **selectors.subgroup_chairs(body_id, report.as_of, report.partnership_id),
        }


class AttendanceBlock(PeriodBlock):
    """Attendance by agency over a period: for each agency, the meetings it was expected at,
    those it attended (in person, online or by deputy) and the percentage, with agencies
    below the threshold flagged."""

    body = body_choice_block(every=False)
    threshold = blocks.IntegerBlock(
        default=75, min_value=0, max_value=100, help_text="Flag agencies attending less (%)."
    )

    class Meta:
        icon = "tick-inverse"
        template = "blocks/attendance.html"
        preview_value = {"body": REPORT_BOARD, "threshold": 75}
        description = "Meetings expected and attended, by agency, over a period."
        default_title = "Attendance by agency"

    def collect(self, value, report):
        scope = selectors.body_scope(value.get("body") or REPORT_BOARD, report)
        threshold = value.get("threshold")
        data = selectors.attendance_by_agency(
            scope.single_id, self.period(value, report), 75 if threshold is None else threshold
        )
        return {**data, "scope": scope.label}


class MeetingsBlock(ScopedMixin, PeriodBlock):
    """How many meetings each body held over a period, and the meetings themselves if
    wanted."""

    body = body_choice_block(every=True)
    include_subgroups = subgroups_block()
    list_meetings = blocks.BooleanBlock(required=False, label="List each meeting")

    class Meta:
        icon = "date"
        template = "blocks/meetings.html"
        preview_value = {"body": EVERY_BODY}
        description = "Meetings held in a period, by body."
        default_title = "Meetings held"

    def clean(self, value):
        cleaned = super().clean(value)
        self.check_scope(cleaned)
        return cleaned

    def collect(self, value, report):
        return selectors.meetings_held(
            self.scope(value, report),
            self.period(value, report),
            with_list=bool(value.get("list_meetings")),
        )


class DecisionsBlock(ScopedMixin, PeriodBlock):
    """The public decisions of a period, with their references, as the decisions register
    shows them. Restricted decisions never appear: only how many there were."""

    body = body_choice_block(every=True)
    include_subgroups = subgroups_block()

    class Meta:
        icon = "doc-full"
        template = "blocks/decisions.html"
        preview_value = {"body": EVERY_BODY}
        description = "Public decisions of a period."
        default_title = "Decisions"

    def clean(self, value):
        cleaned = super().clean(value)
        self.check_scope(cleaned)
        return cleaned

    def collect(self, value, report):
        return selectors.decisions_public(self.scope(value, report), self.period(value, report))


class ActionsBlock(ScopedMixin, PeriodBlock):
    """Progress on the actions live in a period: how many stood at each RAG rating on the
    as-of date, how many were overdue, and (if wanted) which."""

    body = body_choice_block(every=True)
    include_subgroups = subgroups_block()
    list_overdue = blocks.BooleanBlock(required=False, label="List the overdue actions")

    class Meta:
        icon = "list-ul"
        template = "blocks/actions.html"
        preview_value = {"body": EVERY_BODY}
        description = "Actions by RAG rating on the as-of date, and those overdue."
        default_title = "Progress on actions"

    def clean(self, value):
        cleaned = super().clean(value)
        self.check_scope(cleaned)
        return cleaned

    def collect(self, value, report):
        period = self.period(value, report)
        return selectors.actions_progress(
            self.scope(value, report),
            period,
            period.end,
            list_overdue=bool(value.get("list_overdue")),
            scheme=selectors.report_scheme(report.partnership_id),
        )


class ChallengesBlock(ScopedMixin, PeriodBlock):
    """Challenge and impact: the challenges live in a period counted by status, how many
    were escalated, and those closed with their outcome and impact."""

    body = body_choice_block(every=True)
    include_subgroups = subgroups_block()

    class Meta:
        icon = "help"
        template = "blocks/challenges.html"
        preview_value = {"body": EVERY_BODY}
        description = "Challenges by status, and those closed with their outcomes."
        default_title = "Challenge and impact"

    def clean(self, value):
        cleaned = super().clean(value)
        self.check_scope(cleaned)
        return cleaned

    def collect(self, value, report):
        return selectors.challenges_summary(self.scope(value, report), self.period(value, report))

    def is_empty(self, data):
        return not data.get("total")


class RisksBlock(ScopedMixin, LiveBlock):
    """The risk register on the as-of date: each risk's score then, its trend and target,
    and whether it was above its body's appetite."""

    body = body_choice_block(every=True)
    include_subgroups = subgroups_block()
    above_appetite_only = blocks.BooleanBlock(required=False, label="Only risks above the appetite")

    class Meta:
        icon = "warning"
        template = "blocks/risks.html"
        preview_value = {"body": REPORT_BOARD}
        description = "Risks on the as-of date, with score, trend and appetite."
        default_title = "Risks"

    def clean(self, value):
        cleaned = super().clean(value)
        self.check_scope(cleaned)
        return cleaned

    def collect(self, value, report):
        data = selectors.risks_summary(self.scope(value, report), report.as_of)
        if value.get("above_appetite_only"):
            data["rows"] = [row for row in data["rows"] if row["above"]]
        return data


def _first_plan() -> dict:
    first = plan_choices()[:1]
    return {"plan": first[0][0] if first else "", "show": "both"}


class PlanBlock(LiveBlock):
    """An improvement or business plan on the as-of date: its priorities and objectives, its
    actions counted by RAG rating, and those overdue."""

    plan = RecordChoiceBlock(choices=plan_choices)
    show = blocks.ChoiceBlock(
        choices=[
            ("progress", "Progress: actions by RAG rating"),
            ("priorities", "Priorities and objectives"),
            ("both", "Both"),
        ],
        default="progress",
    )

    class Meta:
        icon = "tasks"
        template = "blocks/plan.html"
        preview_value = staticmethod(_first_plan)
        description = "A plan's progress by RAG rating, or its priorities."

    def default_title(self, value):
        return "Priorities" if value.get("show") == "priorities" else "Progress on the plan"

    def collect(self, value, report):
        plan_id = selectors.as_int(value.get("plan"))
        return {
            "show": value.get("show") or "progress",
            **selectors.plan_progress(
                plan_id, report.as_of, scheme=selectors.report_scheme(report.partnership_id)
            ),
        }
