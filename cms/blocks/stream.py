"""A report's body, and what is read from it: its live blocks and its contents."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from wagtail import blocks

from .base import LiveBlock
from .live import (
    ActionsBlock,
    AttendanceBlock,
    ChallengesBlock,
    DecisionsBlock,
    MeetingsBlock,
    MembershipBlock,
    PlanBlock,
    RisksBlock,
)
from .partners import BudgetBlock, EngagementScorecardBlock
from .performance import AuditFindingsBlock, MetricChartBlock, MetricFigureBlock
from .prose import (
    CalloutBlock,
    DataTableBlock,
    HeadingBlock,
    ImageBlock,
    PendingFigureBlock,
    ProseBlock,
    QuoteBlock,
)


# ---------------------------------------------------------------------------
# The body of a report
# ---------------------------------------------------------------------------
class ReportStreamBlock(blocks.StreamBlock):
    """A report's body: prose and live blocks in any order. Headings must differ, so that
    the contents and the PDF's bookmarks can link to each one."""

    heading = HeadingBlock()
    prose = ProseBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    table = DataTableBlock()
    pending_figure = PendingFigureBlock()
    membership = MembershipBlock()
    attendance = AttendanceBlock()
    meetings = MeetingsBlock()
    decisions = DecisionsBlock()
    actions = ActionsBlock()
    challenges = ChallengesBlock()
    risks = RisksBlock()
    plan = PlanBlock()
    metric_figure = MetricFigureBlock()
    metric_chart = MetricChartBlock()
    audit_findings = AuditFindingsBlock()
    budget = BudgetBlock()
    engagement_scorecard = EngagementScorecardBlock()

    def clean(self, value):
        cleaned = super().clean(value)
        seen: dict[str, int] = {}
        errors = {}
        for index, child in enumerate(cleaned):
            if child.block_type != "heading":
                continue
            anchor = child.value.anchor
            if anchor in seen:
                errors[index] = ValidationError(
                    "Another heading has the same words: make each heading different, so "
                    "the contents can link to it."
                )
            seen.setdefault(anchor, index)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return cleaned


def live_children(stream_value):
    """The live blocks of a report's body, as (child, block) pairs."""
    return [(child, child.block) for child in stream_value if isinstance(child.block, LiveBlock)]


def headings(stream_value) -> list[dict]:
    """The report's contents: each section heading with its anchor, and its sub-sections
    under it as `children`."""
    contents: list[dict] = []
    for child in stream_value:
        if child.block_type != "heading":
            continue
        entry = {"text": child.value.get("text"), "anchor": child.value.anchor, "children": []}
        if child.value.tag == "h3" and contents:
            contents[-1]["children"].append(entry)
        else:
            contents.append(entry)
    return contents
