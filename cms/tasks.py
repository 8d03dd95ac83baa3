"""Background work for reports: building a published report's PDF."""

from __future__ import annotations

from celery import shared_task

from cms import services
from cms.pdf import REPORT_PDF_TIME_LIMIT


@shared_task(soft_time_limit=REPORT_PDF_TIME_LIMIT, time_limit=REPORT_PDF_TIME_LIMIT + 30)
def report_pdf_build(page_id: int, revision_id: int) -> None:
    services.report_pdf_build(page_id=page_id, revision_id=revision_id)
