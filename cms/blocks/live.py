"""The live blocks: the body's structure and members, attendance, meetings, decisions,
actions, challenges, risks and plans, performance figures and audits, read from the records
as of the report's date."""

from __future__ import annotations

import datetime
from decimal import Decimal

from wagtail import blocks

from cms import selectors
from cms.selectors import EVERY_BODY, REPORT_BOARD
from governance.models import (
    Audit,
    AuditFinding,
    Direction,
    Metric,
    MetricValue,
    Period,
    metric_rag,
)
from governance.performance import charts
from governance.performance.selectors import MetricPoint

from .base import (
    LiveBlock,
    PeriodBlock,
    RecordChoiceBlock,
    ScopedMixin,
    audit_choices,
    body_choice_block,
    field_error,
    metric_choices,
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
        return {"layout": "subgroup_chairs", **selectors.subgroup_chairs(body_id, report.as_of)}


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
        body_id = selectors.body_scope(value.get("body") or REPORT_BOARD, report).single_id
        threshold = value.get("threshold")
        return selectors.attendance_by_agency(
            body_id, self.period(value, report), 75 if threshold is None else threshold
        )


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
    shows them. Restricted decisions never appear."""

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
            **selectors.plan_progress(plan_id, report.as_of),
        }


# ---------------------------------------------------------------------------
# Performance figures and audits
# ---------------------------------------------------------------------------
def _first(choices) -> str:
    first = choices()[:1]
    return first[0][0] if first else ""


def _refuse_restricted(cleaned, name: str, public) -> None:
    """A restricted metric or audit never reaches a report: the choices leave them out, and
    one restricted since the form was drawn is refused here."""
    if public(selectors.as_int(cleaned.get(name))) is None:
        raise field_error(
            name, "Choose a public one: this is restricted, or no longer in the records."
        )


def _metric_of(data: dict) -> Metric:
    """The metric as frozen, unsaved: enough for governance.performance.charts to draw it."""
    metric = data["metric"]
    return Metric(
        name=metric["name"],
        slug=metric["slug"],
        unit=metric["unit"],
        polarity=metric["polarity"],
        period_kind=metric["period_kind"],
        target=_decimal(metric["target"]),
        amber_within=_decimal(metric["amber_within"]),
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _points(metric: Metric, rows: list[dict]) -> list[MetricPoint]:
    """The series as governance's MetricPoints, rebuilt from the plain data without a
    query: the figure, the original when it was revised, its RAG and direction."""
    points = []
    for row in rows:
        period = Period(row["kind"], datetime.date.fromisoformat(row["start"]))

        def figure(value: str, row=row, period=period) -> MetricValue:
            return MetricValue(
                metric=metric,
                period_kind=period.kind,
                period_start=period.start,
                value=Decimal(value),
                england=_decimal(row.get("england")),
                statistical_neighbours=_decimal(row.get("statistical_neighbours")),
                region=_decimal(row.get("region")),
            )

        current = figure(row["value"])
        history = (
            (current,) if row["original"] == row["value"] else (figure(row["original"]), current)
        )
        points.append(
            MetricPoint(
                metric=metric,
                period=period,
                figure=current,
                history=history,
                rag=metric_rag(row["rag"]),
                direction=Direction(row["travel"], row["movement"]),
            )
        )
    return points


class MetricFigureBlock(LiveBlock):
    """A metric's latest figure on the as-of date, with its target, RAG rating and direction
    of travel from the period before; marked "revised" (with the original) when it was."""

    metric = RecordChoiceBlock(choices=metric_choices)

    class Meta:
        icon = "pick"
        template = "blocks/metric_figure.html"
        preview_value = staticmethod(lambda: {"metric": _first(metric_choices)})
        description = "A performance figure on the as-of date, with target, RAG and trend."

    def default_title(self, value):
        return "Latest figure"

    def clean(self, value):
        cleaned = super().clean(value)
        _refuse_restricted(cleaned, "metric", selectors.public_metric)
        return cleaned

    def collect(self, value, report):
        return selectors.metric_figure(selectors.as_int(value.get("metric")), report.as_of)


class MetricChartBlock(PeriodBlock):
    """A metric's figures between two dates as known on the as-of date, drawn as a line
    chart with its target and (if wanted) England, statistical neighbours and region, with
    the same figures as a table for those who prefer one."""

    metric = RecordChoiceBlock(choices=metric_choices)
    comparators = blocks.BooleanBlock(
        required=False, default=True, label="With England, neighbours and region"
    )

    class Meta:
        icon = "view"
        template = "blocks/metric_chart.html"
        preview_value = staticmethod(
            lambda: {"metric": _first(metric_choices), "comparators": True}
        )
        description = "A performance figure over time, as a chart and a table."

    def default_title(self, value):
        return "Performance over time"

    def clean(self, value):
        cleaned = super().clean(value)
        _refuse_restricted(cleaned, "metric", selectors.public_metric)
        return cleaned

    def collect(self, value, report):
        period = self.period(value, report)
        return selectors.metric_series(
            selectors.as_int(value.get("metric")),
            period.start,
            period.end,
            report.as_of,
            comparators=bool(value.get("comparators")),
        )

    def present(self, data):
        if data.get("missing") or not data.get("points"):
            return data
        metric = _metric_of(data)
        points = _points(metric, data["points"])
        chart_id = (
            f"chart-{metric.slug}-{points[0].period.start:%Y%m}-{points[-1].period.start:%Y%m}"
        )
        header, rows = charts.metric_table(metric, points)
        return {
            **data,
            "name": metric.name,
            "span": f"{points[0].period.label} to {points[-1].period.label}",
            "svg": charts.metric_chart(metric, points, chart_id=chart_id),
            "chart_id": chart_id,
            "header": header,
            "rows": rows,
        }


class AuditFindingsBlock(LiveBlock):
    """An audit's findings as percentages, drawn as bars on a scale to 100% and listed with
    their counts, and the recommendations with the owners and due dates of their actions."""

    audit = RecordChoiceBlock(choices=audit_choices)
    recommendations = blocks.BooleanBlock(
        required=False, default=True, label="With the recommendations and actions"
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/audit_findings.html"
        preview_value = staticmethod(
            lambda: {"audit": _first(audit_choices), "recommendations": True}
        )
        description = "A multi-agency audit's findings and recommendations."
        default_title = "Audit findings"

    def clean(self, value):
        cleaned = super().clean(value)
        _refuse_restricted(cleaned, "audit", selectors.public_audit)
        return cleaned

    def collect(self, value, report):
        data = selectors.audit_findings(selectors.as_int(value.get("audit")), report.as_of)
        if not value.get("recommendations"):
            data["recommendations"] = []
        return data

    def present(self, data):
        if data.get("missing"):
            return data
        frozen = data["audit"]
        audit = Audit(
            pk=frozen["id"],
            topic=frozen["topic"],
            conducted_on=datetime.date.fromisoformat(frozen["conducted_on"]),
            sample_size=frozen["sample_size"],
        )
        findings = [
            AuditFinding(label=row["label"], percentage=Decimal(row["percentage"]))
            for row in data["findings"]
        ]
        return {
            **data,
            "findings": [
                {**row, "display": finding.percentage_display}
                for row, finding in zip(data["findings"], findings, strict=True)
            ],
            "svg": charts.audit_findings_chart(audit, findings) if findings else "",
        }
