"""Background work for meetings. Each task takes ids, calls a service, and is safe to run
twice (Celery may deliver a task again after a worker dies: CELERY_TASK_ACKS_LATE). The
services queue them by name through core.outbox."""

from __future__ import annotations

from celery import shared_task

from meetings.papers import services as paper_services

# Text extraction is pure Python; a hostile or enormous PDF must not hold a worker forever.
EXTRACTION_TIME_LIMIT = 300


@shared_task(
    soft_time_limit=EXTRACTION_TIME_LIMIT,
    time_limit=EXTRACTION_TIME_LIMIT + 30,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def paper_version_extract_text(version_id: int) -> None:
    paper_services.paper_version_extract_text(version_id=version_id)


# A pack of a few hundred pages builds in about a second; this is the worst case's ceiling.
PACK_TIME_LIMIT = 120


@shared_task(soft_time_limit=PACK_TIME_LIMIT, time_limit=PACK_TIME_LIMIT + 30)
def meeting_pack_build(meeting_id: int) -> None:
    paper_services.meeting_pack_build(meeting_id=meeting_id)
