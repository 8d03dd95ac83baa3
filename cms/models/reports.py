"""Annual and progress reports: Wagtail pages with revisions, comparison and the chair's
approval, whose body mixes prose with live blocks, published as a web page and a PDF."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from cms import services
from cms.blocks import REPORT_IMAGE_SPEC, ImageBlock, ReportStreamBlock, headings
from cms.pdf import report_pdf_bytes, report_pdf_open, report_pdf_status
from cms.permissions import ReportIndexPermissionTester, ReportPermissionTester
from cms.selectors import ReportContext, partnership_for_page
from cms.slugs import ReportPageForm, slug_widget
from cms.snapshots import freeze_revision
from core.dates import long_date
from core.limits import RenderLimitExceeded
from core.middleware import render_stopped
from membership.models import Body, Person

FOREWORD_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ReportIndexPage(Page):
    """Where the board's published reports are listed, newest first."""

    intro = RichTextField(blank=True, features=FOREWORD_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AnnualReportPage", "cms.ProgressReportPage"]

    class Meta:
        verbose_name = "report index"

    def permissions_for_user(self, user):
        return ReportIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = (
            ReportPage.objects.live()
            .public()
            .child_of(self)
            .select_related("board")
            .order_by("-as_of", "-pk")
        )
        return context


class ReportPage(RoutablePageMixin, Page):
    """A report of a board: its period, the day its figures are taken at, its author, a
    foreword and a body of prose and live blocks. Published as a page and as a PDF at
    `<url>pdf/`; approved by the chair of the board before it goes out."""

    board = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The board the report is about: its chair approves the report, and live "
        "blocks read its records unless they name another body.",
    )
    period_start = models.DateField("reporting period from")
    period_end = models.DateField("to")
    as_of = models.DateField(
        "figures as of",
        help_text="Live blocks show the records as they stood at the end of this day.",
    )
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who signs the report, if they are in the records.",
    )
    author_name = models.CharField(
        max_length=200, blank=True, help_text="Or their name, if they are not."
    )
    author_role = models.CharField(
        max_length=200, blank=True, help_text="e.g. Kent Safeguarding Children Board Manager"
    )
    signed_on = models.CharField(
        "date under the signature",
        max_length=50,
        blank=True,
        help_text="As the report printed it, e.g. “2nd March 2012”; blank for the figures' date.",
    )
    summary = models.TextField(
        blank=True, help_text="One or two sentences for the list of reports."
    )
    title_note = models.TextField(
        "note under the title",
        blank=True,
        help_text="Shown under the title, e.g. where the report's text comes from.",
    )
    foreword = RichTextField(blank=True, features=FOREWORD_FEATURES)
    body = StreamField(ReportStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("board"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("as_of"),
            ],
            heading="What the report covers",
        ),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_role")]),
                FieldPanel("signed_on"),
            ],
            heading="Author",
        ),
        FieldPanel("summary"),
        FieldPanel("title_note"),
        FieldPanel("foreword"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug", widget=slug_widget()),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading="For search engines",
        ),
    ]
    base_form_class = ReportPageForm

    parent_page_types = ["cms.ReportIndexPage"]
    subpage_types: list[str] = []
    template = "cms/report_page.html"
    preview_modes = [("", "Web page"), ("pdf", "PDF")]
    # Only the two kinds of report are made; this is what they share.
    is_creatable = False
    kind_label = "Report"

    class Meta:
        verbose_name = "report"

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period ends before it starts: pick a later date."
        if self.period_start and self.as_of and self.as_of < self.period_start:
            errors["as_of"] = (
                "The figures cannot be taken before the period starts: pick a date in or "
                "after the period."
            )
        if not self.author_id and not self.author_name.strip():
            errors["author_name"] = "Choose the author from the records, or give their name."
        if errors:
            raise ValidationError(errors)

    # -- What the templates show ---------------------------------------------------------
    @property
    def report_context(self) -> ReportContext:
        return ReportContext(
            as_of=self.as_of,
            period_start=self.period_start,
            period_end=self.period_end,
            board_id=self.board_id,
            partnership_id=self.report_partnership.pk,
        )

    @cached_property
    def report_partnership(self):
        """The partnership whose site publishes the report: its live blocks speak for it."""
        return partnership_for_page(self)

    @property
    def period_label(self) -> str:
        return f"{long_date(self.period_start)} to {long_date(self.period_end)}"

    @property
    def as_of_label(self) -> str:
        return long_date(self.as_of)

    @property
    def signature_date(self) -> str:
        return self.signed_on or self.as_of_label

    @property
    def author_display(self) -> str:
        return self.author.name if self.author_id else self.author_name

    @cached_property
    def contents(self) -> list[dict]:
        return headings(self.body)

    def report_template_context(self, *, live: bool) -> dict:
        """What the page and PDF templates need besides the page: the report's dates for the
        live blocks, and whether they show live data (previews) or their snapshots."""
        return {"report": self.report_context, "report_live": live, "contents": self.contents}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.report_template_context(live=getattr(request, "is_preview", False)))
        context["pdf"] = report_pdf_status(self)
        return context

    # -- Routes: the page, its PDF and its images ---------------------------------------
    @path("pdf/")
    def pdf(self, request):
        """The live revision's PDF, built once and kept; see cms.pdf."""
        stored = report_pdf_open(self, build=not settings.REPORT_PDF_PREBUILD)
        if stored is None:
            services.report_pdf_queue(page_id=self.pk, revision_id=self.live_revision_id)
            response = TemplateResponse(
                request, "cms/report_pdf_pending.html", {"page": self}, status=202
            )
            response["Retry-After"] = "30"
            return response
        return FileResponse(
            stored,
            content_type="application/pdf",
            filename=f"{self.slug}.pdf",
        )

    @path("images/<int:image_id>/")
    def image(self, request, image_id: int):
        """An image of the published report, at the size the report shows it. Only images
        the live report uses are served, so the route reveals nothing else in the library."""
        if image_id not in self.image_ids():
            raise Http404
        image = get_image_model().objects.get(pk=image_id)
        rendition = image.get_rendition(REPORT_IMAGE_SPEC)
        content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
        return FileResponse(rendition.file.open("rb"), content_type=content_type)

    def image_ids(self) -> set[int]:
        return {
            child.value["image"].pk
            for child in self.body
            if isinstance(child.block, ImageBlock) and child.value.get("image")
        }

    def serve_preview(self, request, mode_name):
        if mode_name == "pdf":
            try:
                pdf = report_pdf_bytes(self, live=True)
            except RenderLimitExceeded as stopped:
                # Wagtail serves previews past the middleware's process_exception.
                return render_stopped(request, stopped)
            return HttpResponse(pdf, content_type="application/pdf")
        return super().serve_preview(request, mode_name)

    # -- Publishing ---------------------------------------------------------------------
    def publish(self, revision, *args, **kwargs):
        """Freeze the live blocks' data into the revision before it goes live. Every path
        that publishes through a revision comes here (workflow approval, scheduled
        publishing, the create view, the demo); the editor's publish button, which does
        not, freezes through the before_publish_page hook (cms.wagtail_hooks)."""
        freeze_revision(revision)
        return super().publish(revision, *args, **kwargs)

    def permissions_for_user(self, user):
        return ReportPermissionTester(user, self)


class AnnualReportPage(ReportPage):
    """The board's statutory annual report (Children Act 2004 s14A): how well local services
    keep children safe, what the board did, and its priorities for the year ahead."""

    is_creatable = True
    kind_label = "Annual report"
    template = ReportPage.template

    class Meta:
        verbose_name = "annual report"


class ProgressReportPage(ReportPage):
    """A report on progress between annual reports, such as after an inspection: progress
    by workstream, risks, and next steps."""

    is_creatable = True
    kind_label = "Progress report"
    template = ReportPage.template

    class Meta:
        verbose_name = "progress report"
