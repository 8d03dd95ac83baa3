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

Adding a live block (the metric figure, metric chart and audit findings blocks are next):

1. Subclass `LiveBlock` (or `PeriodBlock` for a block over a span of days), declare its
   fields, and implement `collect(value, report)` to return plain data (strings, numbers,
   lists, dicts) from a selector, e.g. `governance.selectors.metric_series(...)`.
2. If the template needs something worked out from that data alone, such as an SVG chart
   drawn by `governance.charts`, implement `present(data)`: it runs at render time on live
   and frozen data alike, so only the data is frozen, never the drawing.
3. Give it a docstring and `Meta(icon, template, preview_value, description)`, write the
   template in templates/blocks/ from `data`, add it to `ReportStreamBlock` and run
   `makemigrations cms`. Freezing, previews, the PDF and its contents need nothing more.
"""

from .base import (
    REPORT_IMAGE_SPEC,
    LiveBlock,
    LiveValue,
    PeriodBlock,
    RecordChoiceBlock,
    body_choices,
    body_or_every_choices,
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
    "CalloutBlock",
    "ChallengesBlock",
    "DataTableBlock",
    "DecisionsBlock",
    "HeadingBlock",
    "ImageBlock",
    "LiveBlock",
    "LiveValue",
    "MeetingsBlock",
    "MembershipBlock",
    "PendingFigureBlock",
    "PeriodBlock",
    "PlanBlock",
    "ProseBlock",
    "QuoteBlock",
    "RecordChoiceBlock",
    "ReportStreamBlock",
    "RisksBlock",
    "body_choices",
    "body_or_every_choices",
    "headings",
    "image_src",
    "live_children",
    "plan_choices",
]
