"""Governance's scheduled work: written resolutions whose deadline has passed are closed
and their outcome recorded, even if nobody opens them; those yet to vote are reminded once
as the deadline nears."""

from celery import shared_task

from governance.services.resolutions import resolutions_close_due, resolutions_remind_due


@shared_task(acks_late=True)
def resolutions_close() -> int:
    return resolutions_close_due()


@shared_task(acks_late=True)
def resolutions_remind() -> int:
    return resolutions_remind_due()
