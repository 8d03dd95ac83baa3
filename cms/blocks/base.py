"""What every live block shares: the snapshot beside its fields, data for live and frozen
rendering, its period and choice of body; and the record choices they are made of."""

from __future__ import annotations

from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue

from cms import selectors
from cms.selectors import EVERY_BODY, REPORT_BOARD, ReportContext
from governance.models import Audit, ImprovementPlan, Metric
from membership.models import Body

LIVE_GROUP = "Live from the records"
PROSE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
# The one size a report's images are shown at, on the page and in the PDF.
REPORT_IMAGE_SPEC = "max-1200x1200"


# ---------------------------------------------------------------------------
# Choices read from the records when the form is drawn
# ---------------------------------------------------------------------------
# The partnership of the report being edited, set when the editor opens it (cms.wagtail_hooks)
# and forgotten when the next request starts: a block's choice of body offers its bodies
# (its own and the joint bodies serving it). A block's form is drawn without its page, so
# this is how the choices learn it. None anywhere else: every body.
editing_partnership: ContextVar[int | None] = ContextVar("editing_partnership", default=None)


def forget_editing_partnership(**_kwargs) -> None:
    editing_partnership.set(None)


def _serving_editing_partnership(rows, body_field: str | None = "body"):
    """Rows of the bodies serving the report's partnership, while one is being edited."""
    partnership_id = editing_partnership.get()
    if partnership_id is None:
        return rows
    bodies = Body.objects.in_partnership(partnership_id)
    if body_field is None:
        return rows & bodies
    return rows.filter(**{f"{body_field}__in": bodies.values("pk")})


def body_choices() -> list[tuple[str, str]]:
    bodies = _serving_editing_partnership(Body.objects.all(), body_field=None)
    rows = bodies.order_by("sort_order", "name").values_list("pk", "name")
    return [(REPORT_BOARD, "The report's board"), *((str(pk), name) for pk, name in rows)]


def body_or_every_choices() -> list[tuple[str, str]]:
    first, *rest = body_choices()
    return [first, (EVERY_BODY, "Every board and group"), *rest]


def plan_choices() -> list[tuple[str, str]]:
    plans = _serving_editing_partnership(ImprovementPlan.objects.all())
    plans = plans.order_by("-starts_on", "title").values_list("pk", "title")
    return [(str(pk), title) for pk, title in plans]


def metric_choices() -> list[tuple[str, str]]:
    """The metrics the public may see: a report never shows a restricted one."""
    metrics = _serving_editing_partnership(Metric.objects.filter(is_restricted=False))
    metrics = metrics.order_by("sort_order", "name")
    return [(str(pk), name) for pk, name in metrics.values_list("pk", "name")]


def audit_choices() -> list[tuple[str, str]]:
    """The audits the public may see, newest first."""
    audits = _serving_editing_partnership(Audit.objects.filter(is_restricted=False))
    audits = audits.order_by("-conducted_on", "topic")
    return [
        (str(pk), f"{topic} ({conducted_on:%B %Y})")
        for pk, topic, conducted_on in audits.values_list("pk", "topic", "conducted_on")
    ]


class RecordChoiceBlock(blocks.ChoiceBlock):
    """A choice among records (bodies, plans), listed when the form is drawn and checked when
    it is saved. The stored value is the record's id as text, kept as it is when read, so
    rendering a report never lists the records: Wagtail's ChoiceBlock would, once for every
    block, to match the stored value to a choice."""

    def to_python(self, value):
        return "" if value is None else str(value)

    def normalize(self, value):
        return "" if value is None else str(value)


def field_error(name: str, message: str) -> StructBlockValidationError:
    return StructBlockValidationError(block_errors={name: ValidationError(message)})


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

    def present(self, data: dict, *, block_id: str = "") -> dict:
        """Anything the template needs worked out from the data alone (see the module).
        `block_id` is the block's own id in its page (the page's templates pass it), for
        element ids that stay unique when a page shows the same figures twice."""
        return data

    def default_title(self, value: LiveValue) -> str:
        return self.meta.default_title

    def is_empty(self, data: dict) -> bool:
        """Whether the block has nothing to show, so the editor is warned before publishing.
        Blocks listing rows are empty without them; others say so themselves."""
        return "rows" in data and not data["rows"]

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
        context["data"] = self.present(data, block_id=context.get("block_id") or "")
        context["frozen"] = frozen
        context["empty"] = self.is_empty(data)
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
            raise field_error("end", "The period ends before it starts: pick a later end date.")
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
            raise field_error(
                "include_subgroups", "Every body already includes the groups: untick this."
            )


def body_choice_block(*, every: bool) -> RecordChoiceBlock:
    return RecordChoiceBlock(
        choices=body_or_every_choices if every else body_choices,
        required=False,
        default=REPORT_BOARD,
        label="Body",
    )


def subgroups_block() -> blocks.BooleanBlock:
    return blocks.BooleanBlock(required=False, label="With the groups that report to it")
