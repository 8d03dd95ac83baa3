"""The blocks a report's body is made of.

Prose blocks hold what the editor writes: headings, rich text, quotes, callout figures,
images and tables. Live blocks (subclasses of `LiveBlock`) hold only the editor's choices
(which body, which period) and read what they show from the governance records as they stood
on the report's as-of date, through cms.selectors, which leaves out everything restricted.

A live block's value can carry a `snapshot`: the data it showed when its revision was
published (cms.snapshots fills it). A published page renders from the snapshot, so it never
changes when the records do; previews render live data; publishing a new revision takes a
new snapshot. The snapshot is kept beside the block's fields, not among them, so the editor
never sees it and an edited block starts without one.

Adding a live block (as the metric figure, metric chart and audit findings blocks were):

1. A reader in cms/selectors/ (say metrics.py) that calls the governance selector and
   returns plain data (strings, numbers, lists, dicts; dates as `long_date`), public
   records only, in a fixed number of queries:
   `metric_figure(metric_id, on) -> {"metric": …, "value": …, "target": …, "on": …}`.
2. The block in cms/blocks/live.py (cms/blocks/performance.py for figures and audits):
   subclass `LiveBlock` (or `PeriodBlock` for a series over a span of days), declare its
   fields (`metric = RecordChoiceBlock(choices=…)`), and implement `collect(value, report)`
   to call the reader with `report.as_of` or `self.period(value, report)`. If the template
   needs something worked out from the data alone, such as the SVG of a chart from
   `governance.performance.charts`, implement `present(data)`: it runs at render time on
   live and frozen data alike, so only the data is frozen, never the drawing.
3. A docstring, `Meta(icon, template, preview_value, description, default_title)`, a
   template in cms/templates/blocks/ that renders `data`, the block added to
   `ReportStreamBlock` (cms/blocks/stream.py) under the name the `PendingFigureBlock`
   kinds already use (metric_figure, metric_chart, audit_findings), and
   `makemigrations cms`.

Restricted records never reach a report: list only public ones in the block's choices,
and refuse in `clean()` one restricted since the form was drawn (the reader also leaves it
out, so a block saved before it was restricted shows it as missing).

Freezing on publish, previews, the PDF, its contents and bookmarks need nothing more:
cms.snapshots freezes every `LiveBlock` it finds in the body.
"""

from .base import (
    REPORT_IMAGE_SPEC,
    LiveBlock,
    LiveValue,
    PeriodBlock,
    RecordChoiceBlock,
    audit_choices,
    body_choices,
    body_or_every_choices,
    metric_choices,
    plan_choices,
)
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
    image_src,
)
from .stream import ReportStreamBlock, headings, live_children

__all__ = [
    "REPORT_IMAGE_SPEC",
    "ActionsBlock",
    "AttendanceBlock",
    "AuditFindingsBlock",
    "BudgetBlock",
    "CalloutBlock",
    "ChallengesBlock",
    "DataTableBlock",
    "DecisionsBlock",
    "EngagementScorecardBlock",
    "HeadingBlock",
    "ImageBlock",
    "LiveBlock",
    "LiveValue",
    "MeetingsBlock",
    "MembershipBlock",
    "MetricChartBlock",
    "MetricFigureBlock",
    "PendingFigureBlock",
    "PeriodBlock",
    "PlanBlock",
    "ProseBlock",
    "QuoteBlock",
    "RecordChoiceBlock",
    "ReportStreamBlock",
    "RisksBlock",
    "audit_choices",
    "body_choices",
    "body_or_every_choices",
    "headings",
    "image_src",
    "live_children",
    "metric_choices",
    "plan_choices",
]
