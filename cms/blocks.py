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

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from cms import selectors
from cms.selectors import EVERY_BODY, REPORT_BOARD, ReportContext
from governance.models import ImprovementPlan
from membership.models import Body

LIVE_GROUP = "Live from the records"
PROSE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
# The one size a report's images are shown at, on the page and in the PDF.
REPORT_IMAGE_SPEC = "max-1200x1200"


# ---------------------------------------------------------------------------
# Choices read from the records when the form is drawn
# ---------------------------------------------------------------------------
def body_choices() -> list[tuple[str, str]]:
    bodies = Body.objects.order_by("sort_order", "name").values_list("pk", "name")
    return [(REPORT_BOARD, "The report's board"), *((str(pk), name) for pk, name in bodies)]


def body_or_every_choices() -> list[tuple[str, str]]:
    first, *rest = body_choices()
    return [first, (EVERY_BODY, "Every board and group"), *rest]


def plan_choices() -> list[tuple[str, str]]:
    plans = ImprovementPlan.objects.order_by("-starts_on", "title").values_list("pk", "title")
    return [(str(pk), title) for pk, title in plans]


class RecordChoiceBlock(blocks.ChoiceBlock):
    """A choice among records (bodies, plans), listed when the form is drawn and checked when
    it is saved. The stored value is the record's id as text, kept as it is when read, so
    rendering a report never lists the records: Wagtail's ChoiceBlock would, once for every
    block, to match the stored value to a choice."""

    def to_python(self, value):
        return "" if value is None else str(value)

    def normalize(self, value):
        return "" if value is None else str(value)


def _field_error(name: str, message: str) -> StructBlockValidationError:
    return StructBlockValidationError(block_errors={name: ValidationError(message)})


# ---------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------
class HeadingValue(StructValue):
    @property
    def anchor(self) -> str:
        return slugify(self.get("text") or "") or "section"

    @property
    def tag(self) -> str:
        return self.get("level") or "h2"


class HeadingBlock(blocks.StructBlock):
    """A section heading. Second-level headings make the contents list, the PDF's contents
    page and its bookmarks; third-level headings sit under them."""

    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section"), ("h3", "Sub-section")], default="h2", required=True
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        value_class = HeadingValue
        preview_value = {"text": "Securing more meaningful engagement from partners", "level": "h2"}
        description = "A section heading; sections are listed in the contents."


class ProseBlock(blocks.RichTextBlock):
    """Paragraphs and lists. Headings are separate blocks, so that the contents can find
    them."""

    def __init__(self, **kwargs):
        super().__init__(features=PROSE_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/prose.html"
        preview_value = (
            "<p>Revised eligibility criteria for universal, targeted and specialist services "
            "were agreed by the Board in May 2011.</p>"
        )
        description = "Paragraphs, lists and links."


class QuoteValue(StructValue):
    @property
    def citation(self) -> str:
        return ", ".join(part for part in (self.get("attribution"), self.get("source")) if part)


class QuoteBlock(blocks.StructBlock):
    """A quotation, from an inspection report or a child's voice, with who said it."""

    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, help_text="Who said or wrote it.")
    source = blocks.CharBlock(required=False, help_text="Where: a report, a date.")

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        value_class = QuoteValue
        preview_value = {
            "text": "A serious lack of concerted action by the partnership to address the "
            "disjointed arrangements between child protection services and other key services.",
            "attribution": "Ofsted",
            "source": "Inspection of safeguarding and looked after children services, 2010",
        }
        description = "A quotation with its source."

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned.get("source") and not cleaned.get("attribution"):
            raise _field_error("attribution", "Say who said it, then where: add the attribution.")
        return cleaned


class CalloutValue(StructValue):
    @property
    def sentence(self) -> str:
        return f"{self.get('figure', '')} {self.get('label', '')}".strip()


class CalloutBlock(blocks.StructBlock):
    """One figure the reader should not miss, set large, with what it counts."""

    figure = blocks.CharBlock(max_length=20, help_text="The figure as it should read: 46%, 1,360.")
    label = blocks.CharBlock(
        max_length=200, help_text="What it counts: “of cases were re-referrals”."
    )
    detail = blocks.TextBlock(required=False)
    source = blocks.CharBlock(required=False, help_text="e.g. Multi-agency audit, January 2012")

    class Meta:
        icon = "pick"
        template = "blocks/callout.html"
        value_class = CalloutValue
        preview_value = {
            "figure": "46%",
            "label": "of cases into children's social services were re-referrals",
            "source": "KSCB multi-agency audit, January 2012",
        }
        description = "A single figure set large, with what it counts and where it is from."

    def clean(self, value):
        cleaned = super().clean(value)
        if not any(character.isdigit() for character in cleaned.get("figure") or ""):
            raise _field_error("figure", "A callout shows a figure: include the number.")
        return cleaned


def _first_image() -> dict:
    image = get_image_model().objects.order_by("-created_at").first()
    return {"image": image, "alt": image.title if image else "", "caption": ""}


class ImageValue(StructValue):
    @property
    def alt_text(self) -> str:
        return "" if self.get("decorative") else self.get("alt") or ""


class ImageBlock(blocks.StructBlock):
    """A picture or chart image with its text alternative and an optional caption."""

    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        required=False,
        label="Text alternative",
        help_text="What the image shows, for readers who cannot see it.",
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Tick only if the image adds nothing to the text."
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        value_class = ImageValue
        preview_value = staticmethod(_first_image)
        description = "An image with its text alternative and caption."

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("decorative") and not (cleaned.get("alt") or "").strip():
            raise _field_error(
                "alt", "Describe the image for readers who cannot see it, or tick decorative."
            )
        if cleaned.get("decorative") and cleaned.get("caption"):
            raise _field_error("caption", "A decorative image has no caption: untick decorative.")
        return cleaned

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        image = value.get("image")
        context["src"] = image_src(image, context) if image else ""
        return context


def image_src(image, context) -> str:
    """Where the image is fetched from: on the published page, the report's own image
    route; in the PDF, the rendition's file (the fetcher maps it); in a preview or the block
    picker, the rendition inline, since a draft report has no public route yet."""
    rendition = image.get_rendition(REPORT_IMAGE_SPEC)
    if context.get("report_print"):
        return context["report_media_url"] + rendition.file.name
    page = context.get("page")
    if page is not None and page.live and not context.get("report_live"):
        return f"{page.url}images/{image.pk}/"
    with rendition.file.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:{rendition.mime_type};base64,{encoded}"


class DataTableBlock(TableBlock):
    """A table typed in by the editor: a budget, contributions by agency, training figures.
    Every table has a caption and a header row or column, so screen readers can follow it."""

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        preview_value = {
            "table_caption": "Contributions by agency, 2011/12",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
            "data": [["Agency", "Contribution"], ["Kent County Council", "£250,000"]],
        }
        description = "A table with a caption and headers."

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned:
            return cleaned
        if not (cleaned.get("table_caption") or "").strip():
            raise ValidationError("Give the table a caption saying what it shows.")
        if not (cleaned.get("first_row_is_table_header") or cleaned.get("first_col_is_header")):
            raise ValidationError("Make the first row or the first column the table's headers.")
        return cleaned


PENDING_KINDS = [
    ("metric_figure", "Metric figure"),
    ("metric_chart", "Metric chart"),
    ("audit_findings", "Audit findings"),
]


class PendingFigureValue(StructValue):
    @property
    def kind_label(self) -> str:
        return dict(PENDING_KINDS).get(self.get("kind"), "Figure")


class PendingFigureBlock(blocks.StructBlock):
    """A marked place for a figure that will come from the performance data (a metric
    figure, a metric chart, audit findings), shown as a clearly marked box until then."""

    kind = blocks.ChoiceBlock(choices=PENDING_KINDS)
    description = blocks.TextBlock(help_text="What will go here, and from which data.")

    class Meta:
        icon = "time"
        template = "blocks/pending_figure.html"
        value_class = PendingFigureValue
        preview_value = {
            "kind": "metric_chart",
            "description": "Children subject to a child protection plan, 2007 to 2012.",
        }
        description = "A marked place for a figure still to come from the performance data."


# ---------------------------------------------------------------------------
# Live blocks
# ---------------------------------------------------------------------------
class LiveValue(StructValue):
    """A live block's choices, and the data frozen when its revision was published."""

    snapshot: dict | None = None

    def __reduce__(self):
        return (
            self.__class__,
            (self.block,),
            {"snapshot": self.snapshot},
            None,
            iter(self.items()),
        )

    @property
    def heading(self) -> str:
        return self.get("title") or self.block.default_title(self)


class LiveBlock(blocks.StructBlock):
    """A block whose content comes from the records, as they stood on the report's as-of
    date. Subclasses implement `collect`."""

    title = blocks.CharBlock(required=False, help_text="Blank for the usual title.")

    class Meta:
        value_class = LiveValue
        group = LIVE_GROUP
        form_classname = "struct-block live-block"

    def collect(self, value: LiveValue, report: ReportContext) -> dict:
        """The data the block shows, as plain data that can be frozen as it is."""
        raise NotImplementedError

    def present(self, data: dict) -> dict:
        """Anything the template needs worked out from the data alone (see the module)."""
        return data

    def default_title(self, value: LiveValue) -> str:
        return self.meta.default_title

    # The snapshot travels with the value through every conversion, next to the fields.
    def to_python(self, value):
        struct = super().to_python(value)
        struct.snapshot = value.get("snapshot")
        return struct

    def bulk_to_python(self, values):
        structs = super().bulk_to_python(values)
        for struct, raw in zip(structs, values, strict=True):
            struct.snapshot = raw.get("snapshot")
        return structs

    def normalize(self, value):
        if isinstance(value, self.meta.value_class):
            return value
        value = dict(value)
        snapshot = value.pop("snapshot", None)
        struct = super().normalize(value)
        struct.snapshot = snapshot
        return struct

    def get_prep_value(self, value):
        prep = super().get_prep_value(value)
        if getattr(value, "snapshot", None):
            prep["snapshot"] = value.snapshot
        return prep

    def clean(self, value):
        cleaned = super().clean(value)
        cleaned.snapshot = getattr(value, "snapshot", None)
        return cleaned

    def data_for(self, value: LiveValue, context: dict) -> tuple[dict, bool]:
        """The frozen data on a published page; live data in previews (`report_live`), in
        drafts and for blocks published before they could be frozen."""
        if value.snapshot and not context.get("report_live"):
            return value.snapshot["data"], True
        report = context.get("report") or ReportContext.around(timezone.localdate())
        return self.collect(value, report), False

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        data, frozen = self.data_for(value, context)
        context["data"] = self.present(data)
        context["frozen"] = frozen
        return context


class PeriodBlock(LiveBlock):
    """A live block over a span of days: the report's period unless the block gives its own;
    never past the as-of date."""

    start = blocks.DateBlock(
        required=False, help_text="Blank: from the start of the report's period."
    )
    end = blocks.DateBlock(required=False, help_text="Blank: to the end of the report's period.")

    def clean(self, value):
        cleaned = super().clean(value)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise _field_error("end", "The period ends before it starts: pick a later end date.")
        return cleaned

    def period(self, value, report: ReportContext) -> selectors.Period:
        return report.period(value.get("start"), value.get("end"))


class ScopedMixin:
    """The choice of body for blocks that can also read every body, or a body and the groups
    that report to it."""

    def scope(self, value, report: ReportContext) -> selectors.BodyScope:
        return selectors.body_scope(
            value.get("body") or REPORT_BOARD,
            report,
            include_subgroups=bool(value.get("include_subgroups")),
        )

    def check_scope(self, cleaned) -> None:
        if cleaned.get("body") == EVERY_BODY and cleaned.get("include_subgroups"):
            raise _field_error(
                "include_subgroups", "Every body already includes the groups: untick this."
            )


def _body_block(*, every: bool) -> RecordChoiceBlock:
    return RecordChoiceBlock(
        choices=body_or_every_choices if every else body_choices,
        required=False,
        default=REPORT_BOARD,
        label="Body",
    )


def _subgroups_block() -> blocks.BooleanBlock:
    return blocks.BooleanBlock(required=False, label="With the groups that report to it")


class MembershipBlock(LiveBlock):
    """The body's structure on the as-of date: each subgroup with its chair's job title (the
    table of subgroup chairs in a progress report), or every member by agency."""

    body = _body_block(every=False)
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

    body = _body_block(every=False)
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

    body = _body_block(every=True)
    include_subgroups = _subgroups_block()
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

    body = _body_block(every=True)
    include_subgroups = _subgroups_block()

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

    body = _body_block(every=True)
    include_subgroups = _subgroups_block()
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

    body = _body_block(every=True)
    include_subgroups = _subgroups_block()

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

    body = _body_block(every=True)
    include_subgroups = _subgroups_block()
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
        plan_id = selectors._as_int(value.get("plan"))
        return {
            "show": value.get("show") or "progress",
            **selectors.plan_progress(plan_id, report.as_of),
        }


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
