"""Keeping the search index up to date in the background."""

from __future__ import annotations

from celery import shared_task

from search import indexing


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def search_index_update(targets: list[list]) -> int:
    """Reindex what one transaction changed. Reads the records as they are when it runs,
    so a late or repeated delivery writes the same rows."""
    return indexing.index_targets([(kind, pk) for kind, pk in targets])
