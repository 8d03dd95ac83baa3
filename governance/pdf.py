"""The minutes as a PDF: the page's content rendered by WeasyPrint on A4, with page numbers,
a title, the language and tags for screen readers, and bookmarks from the headings.

It reads only Tabled's own static files, through the papers pack's fetcher, so nothing in
the minutes can make the renderer fetch from the network or the disk; and it renders in a
child process with a time and a memory limit (core.limits.render_in_child), since it
runs while the reader waits.

Approved minutes are public and read far more often than they change, so their PDF is kept
on the private storage, one per audience (the public, the body's members), as the papers
packs are. It is named by a digest of the HTML it is made from: whatever the PDF shows (an
amendment, a record restricted or opened up since, today's title of the meeting) changes
the name, and the next reader gets a new PDF. Drafts are made for each request.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from weasyprint import HTML

from django.template.loader import render_to_string

from core.files import write_in_place
from core.limits import render_in_child
from meetings.pdf import PACK_BASE_URL, StaticOnlyFetcher
from meetings.storage import PrivateStorage

# Rendered while the reader waits: minutes of a long meeting take a second or two, and the
# limit stops a rendering that would hold the web worker far longer.
MINUTES_PDF_TIME_LIMIT = 30
MINUTES_FOLDER = "minutes"
# Bump when the PDF changes by something other than its HTML (the renderer's options), so
# minutes kept in the old form are made again.
MINUTES_PDF_FORMAT = 1


def _render(html: str) -> bytes:
    def render() -> bytes:
        return HTML(
            string=html, base_url=PACK_BASE_URL, url_fetcher=StaticOnlyFetcher(timeout=1)
        ).write_pdf(pdf_tags=True)

    return render_in_child(render, seconds=MINUTES_PDF_TIME_LIMIT, what="The minutes")


def minutes_pdf(context: dict) -> bytes:
    """The minutes page's context (governance.views.minutes) as PDF bytes."""
    return _render(render_to_string("governance/minutes_pdf.html", context))


def kept_minutes_pdf(context: dict) -> bytes:
    """Approved minutes as PDF bytes, from the storage when this audience's PDF of exactly
    this content was made before; made and kept otherwise, replacing the audience's older
    one.

    Two readers making the same PDF at once both end with the same one (write_in_place).
    """
    html = render_to_string("governance/minutes_pdf.html", context)
    digest = hashlib.sha256(f"{MINUTES_PDF_FORMAT}\n{html}".encode()).hexdigest()[:32]
    audience = "restricted" if context["access"].see_restricted else "public"
    version = context["latest_version"]
    folder = Path(PrivateStorage().path(f"{MINUTES_FOLDER}/{context['meeting'].pk}"))
    path = folder / f"{audience}-v{version.number if version else 0}-{digest}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    pdf = _render(html)
    write_in_place(path, pdf)
    for older in folder.glob(f"{audience}-*.pdf"):
        if older != path:
            older.unlink(missing_ok=True)
    return pdf
