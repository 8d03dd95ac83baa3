"""The sections a new report starts from, as data: each a heading, a prompt of what to write
and the live blocks that belong there, by their names in `ReportStreamBlock`. A new kind of
live block (a budget, an engagement scorecard) joins a template as one more line.

A block's value may name a record it cannot know in advance ("the partnership's current
plan", "each public metric"): `EACH` marks it, and the builder (cms.report_builder) makes one
block per such record of the partnership, or none when it has none."""

from __future__ import annotations

from dataclasses import dataclass, field

from cms.selectors import REPORT_BOARD

# A value standing for each record of a kind the partnership has (see the module).
EACH = "@each"

BOARD_AND_GROUPS = {"body": REPORT_BOARD, "include_subgroups": True}


@dataclass(frozen=True)
class Section:
    heading: str
    prompt: str
    blocks: list[tuple[str, dict]] = field(default_factory=list)


ANNUAL_SECTIONS = [
    Section(
        "Governance and accountability",
        "How the board is constituted and held to account: its independent chair, the "
        "statutory partners, its links to other boards, and how its subgroups report to it.",
        [
            ("membership", {"body": REPORT_BOARD, "layout": "subgroup_chairs"}),
            ("meetings", BOARD_AND_GROUPS),
        ],
    ),
    Section(
        "Membership and attendance by agency",
        "Who sits on the board for each agency, and what the attendance says about each "
        "agency's engagement; name any agency below the threshold and what was done.",
        [
            ("membership", {"body": REPORT_BOARD, "layout": "members"}),
            ("attendance", {"body": REPORT_BOARD, "threshold": 75}),
            ("engagement_scorecard", BOARD_AND_GROUPS),
        ],
    ),
    Section(
        "The board's priorities and progress",
        "Last year's priorities, what was done against each and the difference it made.",
        [
            ("plan", {"plan": EACH, "show": "both"}),
            ("actions", {**BOARD_AND_GROUPS, "list_overdue": True}),
        ],
    ),
    Section(
        "Challenge and its outcomes",
        "Where the board challenged partners, and what changed as a result.",
        [("challenges", BOARD_AND_GROUPS)],
    ),
    Section(
        "Case reviews and learning",
        "The case reviews commissioned or completed in the year, their findings, and how the "
        "learning was spread and its impact checked.",
        [("decisions", BOARD_AND_GROUPS)],
    ),
    Section(
        "Performance data",
        "What the figures say about how well children are kept safe, against targets and "
        "comparators, and what the board did where they fell short.",
        [("metric_chart", {"metric": EACH, "comparators": True})],
    ),
    Section(
        "Audits",
        "The multi-agency and single-agency audits of the year (Section 11 included), what "
        "they found and what followed.",
        [("audit_findings", {"audit": EACH, "recommendations": True})],
    ),
    Section(
        "Training",
        "The multi-agency training delivered: courses, numbers trained by agency, and what "
        "the evaluation found.",
    ),
    Section(
        "The budget and each agency's contribution",
        "The board's income by contributing agency, and what it was spent on.",
        [("budget", {})],
    ),
    Section(
        "Priorities for next year",
        "The board's priorities for the year ahead, and why these.",
        [("risks", {**BOARD_AND_GROUPS, "above_appetite_only": True})],
    ),
]

PROGRESS_SECTIONS = [
    Section(
        "Context",
        "Why this report: the inspection or review it follows, its judgement, and the "
        "period it covers.",
    ),
    Section(
        "Progress by workstream",
        "Progress against each recommendation or workstream, and its direction of travel.",
        [
            ("plan", {"plan": EACH, "show": "progress"}),
            ("actions", {**BOARD_AND_GROUPS, "list_overdue": True}),
        ],
    ),
    Section(
        "Performance",
        "What the figures show since the last report.",
        [("metric_figure", {"metric": EACH})],
    ),
    Section(
        "Audit findings",
        "What the audits of the period found.",
        [("audit_findings", {"audit": EACH, "recommendations": True})],
    ),
    Section("Risks", "The risks to progress, and how they are managed.", [("risks", {})]),
    Section(
        "Decisions",
        "The decisions the board took in the period, and those it is asked to take.",
        [("decisions", BOARD_AND_GROUPS)],
    ),
    Section("Next steps", "What happens next, by whom and by when."),
]

BUILT_IN = {"annual": ANNUAL_SECTIONS, "progress": PROGRESS_SECTIONS}
