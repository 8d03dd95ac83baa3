"""What the editor writes: headings, rich text, quotes, callout figures, images, tables, and
marked places for figures still to come."""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructValue
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from .base import PROSE_FEATURES, REPORT_IMAGE_SPEC, field_error


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
            raise field_error("attribution", "Say who said it, then where: add the attribution.")
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
            raise field_error("figure", "A callout shows a figure: include the number.")
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
            raise field_error(
                "alt", "Describe the image for readers who cannot see it, or tick decorative."
            )
        if cleaned.get("decorative") and cleaned.get("caption"):
            raise field_error("caption", "A decorative image has no caption: untick decorative.")
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
