"""A report as a PDF: A4, a cover, a contents page with page numbers, a running header and
page numbers, the tables, tagged for accessibility (PDF/UA-1, with its language and title)
and its fonts embedded. All of that is in the print stylesheet and WeasyPrint; this module
renders, stores and finds the file.

A published report's PDF is rendered once per published revision, from that revision (so
from its frozen data), and kept in the default storage under
`reports/<page id>/<revision id>-v<format>.pdf`; the page's `pdf/` route serves it. With a
worker (REPORT_PDF_PREBUILD), a task builds it as soon as the revision is published and the
page says "being prepared" until then; without one (the demo), the first request builds it.

Rendering fetches nothing but our own static files and the report's image renditions:
resources resolve against a made-up origin, and the fetcher maps its /static/ and /media/
paths to files and refuses everything else, so there is no network access and no file://.
The HTML is made here; WeasyPrint turns it into a PDF in a child process with a time and a
memory limit (core.limits.render_in_child), in a request or in a worker alike.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import PageLogEntry, TaskState

from cms.blocks.base import REPORT_IMAGE_SPEC
from core.dates import long_date
from core.files import write_in_place
from core.limits import render_in_child
from membership.models import Person
from membership.selectors import membership_list_current

# Bump when the layout changes, so PDFs built with the old layout are built again.
REPORT_PDF_FORMAT = 2
REPORT_PDF_FOLDER = "reports"
# A report of a hundred pages renders in a few seconds; this is the worst case's ceiling.
REPORT_PDF_TIME_LIMIT = 120

REPORT_BASE_URL = "https://report.tabled.invalid/"
STATIC_PREFIX = REPORT_BASE_URL + "static/"
MEDIA_PREFIX = REPORT_BASE_URL + "media/"
# Only image renditions are read from the media storage.
MEDIA_FOLDERS = ("images/", "original_images/")


def _relative(url: str, prefix: str) -> str:
    relative = posixpath.normpath(url[len(prefix) :].split("?")[0].split("#")[0])
    if relative.startswith(("/", "..")) or "/../" in f"/{relative}/":
        raise ValueError(f"Not a file of ours: {url}")
    return relative


class ReportFetcher(URLFetcher):
    """Fetches our own static files and the report's images, nothing else. Anything refused
    raises, which WeasyPrint logs and skips."""

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_PREFIX):
            relative = _relative(url, STATIC_PREFIX)
            path = finders.find(relative)
        elif url.startswith(MEDIA_PREFIX):
            relative = _relative(url, MEDIA_PREFIX)
            if not relative.startswith(MEDIA_FOLDERS):
                raise ValueError(f"A report may use only image renditions, not {relative}")
            path = default_storage.path(relative)
        else:
            raise ValueError(f"A report may use only Tabled's own files, not {url}")
        if not path or not os.path.isfile(path):
            raise ValueError(f"No such file: {relative}")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = "text/css" if relative.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


@dataclass
class Approval:
    name: str
    role: str
    on: str


@dataclass
class Cover:
    logo_url: str
    logo_alt: str
    published: str
    approval: Approval | None


def _approval(page, revision_id: int) -> Approval | None:
    """Who approved the revision and when: the workflow's approving task, or, when the chair
    published it directly (no workflow on the page), whoever published it."""
    state = (
        TaskState.objects.filter(revision_id=revision_id, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    if state is not None and state.finished_by_id:
        user, when = state.finished_by, state.finished_at
    else:
        entry = (
            PageLogEntry.objects.filter(
                page_id=page.pk, revision_id=revision_id, action="wagtail.publish"
            )
            .select_related("user")
            .order_by("-timestamp")
            .first()
        )
        if entry is None or entry.user_id is None:
            return None
        user, when = entry.user, entry.timestamp
    person = Person.objects.filter(user=user).first()
    name = person.name if person else (user.get_full_name() or user.get_username())
    role = ""
    if person and page.board_id:
        membership = (
            membership_list_current(page.board, timezone.localdate(when))
            .filter(person=person)
            .first()
        )
        if membership is not None:
            role = f"{membership.get_role_display()}, {page.board.name}"
    return Approval(name=name, role=role, on=long_date(timezone.localdate(when)))


def report_cover(page, revision=None) -> Cover:
    """The cover's facts beyond the page's own: the partnership's logo, and for a published
    revision its date of publication and its approval."""
    partnership = page.report_partnership
    logo_url = ""
    if partnership.logo_id:
        rendition = partnership.logo.get_rendition(REPORT_IMAGE_SPEC)
        logo_url = MEDIA_PREFIX + rendition.file.name
    published, approval = "", None
    if revision is not None:
        approval = _approval(page, revision.pk)
        when = revision.approved_go_live_at or page.last_published_at or revision.created_at
        published = long_date(timezone.localdate(when))
    return Cover(
        logo_url=logo_url,
        logo_alt=f"{partnership.name} logo",
        published=published,
        approval=approval,
    )


def report_html(page, *, live: bool, revision=None) -> str:
    """The report as the HTML the PDF is printed from."""
    context = {
        "page": page,
        "self": page,
        **page.report_template_context(live=live),
        "cover": report_cover(page, revision),
        "report_print": True,
        "report_media_url": MEDIA_PREFIX,
    }
    return render_to_string("cms/report_pdf.html", context)


def html_to_pdf(html: str) -> bytes:
    def render() -> bytes:
        return HTML(
            string=html, base_url=REPORT_BASE_URL, url_fetcher=ReportFetcher(timeout=2)
        ).write_pdf(pdf_variant="pdf/ua-1")

    return render_in_child(render, seconds=REPORT_PDF_TIME_LIMIT, what="The report")


def report_pdf_bytes(page, *, live: bool, revision=None) -> bytes:
    """The PDF of the page as it is: with live data for a preview, frozen for a revision."""
    return html_to_pdf(report_html(page, live=live, revision=revision))


# ---------------------------------------------------------------------------
# The stored PDF of a published revision
# ---------------------------------------------------------------------------
def report_pdf_name(page_id: int, revision_id: int) -> str:
    return f"{REPORT_PDF_FOLDER}/{page_id}/{revision_id}-v{REPORT_PDF_FORMAT}.pdf"


def _path(page_id: int, revision_id: int) -> Path:
    return Path(default_storage.path(report_pdf_name(page_id, revision_id)))


def report_pdf_status(page) -> dict:
    """For the page: where its PDF is, and whether it is ready or being prepared."""
    if not page.live or page.live_revision_id is None:
        return {"url": "", "ready": False, "pending": False}
    ready = _path(page.pk, page.live_revision_id).exists()
    return {
        "url": f"{page.url}pdf/",
        "ready": ready,
        "pending": not ready and settings.REPORT_PDF_PREBUILD,
    }


def report_pdf_build(revision) -> Path:
    """Render the revision as published and keep it; a no-op when it is already kept. The
    file is written under a temporary name and renamed into place, so no reader ever sees
    half a PDF, and the PDFs of the page's earlier revisions are removed."""
    path = _path(revision.object_id, revision.pk)
    if path.exists():
        return path
    write_in_place(path, report_pdf_bytes(revision.as_object(), live=False, revision=revision))
    for other in path.parent.glob("*.pdf"):
        if other != path:
            other.unlink(missing_ok=True)
    return path


def report_pdf_open(page, *, build: bool):
    """The live revision's PDF, open for reading (the caller closes it), built first when
    `build` is true and it is not there yet; None when it is not there and not built."""
    if page.live_revision_id is None:
        return None
    path = _path(page.pk, page.live_revision_id)
    if not path.exists():
        if not build:
            return None
        path = report_pdf_build(page.live_revision)
    return open(path, "rb")  # noqa: SIM115 - handed to the response, which closes it
