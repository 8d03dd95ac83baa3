"""Governance's scheduled work: written resolutions whose deadline has passed are closed
and their outcome recorded, even if nobody opens them."""

from celery import shared_task

from governance.services.resolutions import resolutions_close_due


@shared_task(acks_late=True)
def resolutions_close() -> int:
    return resolutions_close_due()
