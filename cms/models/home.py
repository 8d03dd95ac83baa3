from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .reports import ReportIndexPage


class HomePage(Page):
    """The site's front page: what the board is, and the way into its work."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    # One per partnership, each the root of its own site.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ReportIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report_index"] = ReportIndexPage.objects.live().child_of(self).first()
        return context
