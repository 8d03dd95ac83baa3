"""What happens when a report is published, and the building of its PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Revision

from cms import pdf
from cms.snapshots import freeze_revision
from core import outbox


@transaction.atomic
def report_published(*, page, revision) -> None:
    """After a report is published: make sure the revision that went live is frozen (every
    known path freezes it before it goes live; this catches any other), and have a worker
    build its PDF when there is one."""
    if freeze_revision(revision):
        frozen = revision.as_object()
        type(page).objects.filter(pk=page.pk).update(body=frozen.body)
    if settings.REPORT_PDF_PREBUILD:
        report_pdf_queue(page_id=page.pk, revision_id=revision.pk)


def report_pdf_queue(*, page_id: int, revision_id: int) -> None:
    """Ask a worker to build a revision's PDF once the transaction commits. Asking twice is
    harmless: the build does nothing when the file is there."""
    outbox.enqueue("cms.tasks.report_pdf_build", page_id, revision_id)


def report_pdf_build(*, page_id: int, revision_id: int) -> bool:
    """Build the PDF of the page's live revision. A revision that is no longer live is
    skipped: the publishing that replaced it queued its own. Returns whether it built."""
    page = Page.objects.filter(pk=page_id).only("live", "live_revision_id").first()
    if page is None or not page.live or page.live_revision_id != revision_id:
        return False
    pdf.report_pdf_build(Revision.objects.get(pk=revision_id))
    return True
