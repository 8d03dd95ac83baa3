"""The minutes as a PDF: the page's content rendered by WeasyPrint on A4, with page numbers,
a title, the language and tags for screen readers, and bookmarks from the headings.

It reads only Tabled's own static files, through the papers pack's fetcher, so nothing in
the minutes can make the renderer fetch from the network or the disk; and it renders in a
child process with a time and a memory limit (membership.limits.render_in_child), since it
runs while the reader waits.
"""

from __future__ import annotations

from weasyprint import HTML

from django.template.loader import render_to_string

from meetings.documents import PACK_BASE_URL, StaticOnlyFetcher
from membership.limits import render_in_child

# Rendered while the reader waits: minutes of a long meeting take a second or two, and the
# limit stops a rendering that would hold the web worker far longer.
MINUTES_PDF_TIME_LIMIT = 30


def minutes_pdf(context: dict) -> bytes:
    """The minutes page's context (governance.views.minutes) as PDF bytes."""
    html = render_to_string("governance/minutes_pdf.html", context)

    def render() -> bytes:
        return HTML(
            string=html, base_url=PACK_BASE_URL, url_fetcher=StaticOnlyFetcher(timeout=1)
        ).write_pdf(pdf_tags=True)

    return render_in_child(render, seconds=MINUTES_PDF_TIME_LIMIT, what="The minutes")
