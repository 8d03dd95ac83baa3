"""Wagtail's signals about reports: publishing, handed to the report services, and the
steps of the chair's approval, which tell the chair and the author."""

from __future__ import annotations

from simple_history.models import HistoricalRecords

from wagtail.admin import messages

from cms import services
from cms.models import ReportChairApprovalTask, ReportPage
from core import outbox


def report_page_published(sender, instance, revision, **kwargs):
    if isinstance(instance, ReportPage):
        services.report_published(page=instance, revision=revision)


def _report_id(workflow_state) -> int | None:
    """The report a workflow is about, or None for any other object."""
    page = getattr(workflow_state, "content_object", None)
    page = getattr(page, "specific_deferred", page)
    return page.pk if isinstance(page, ReportPage) else None


def report_submitted(sender, instance, user=None, **kwargs):
    """The chair hears that a report awaits their approval (the task is theirs)."""
    if not isinstance(instance.task.specific, ReportChairApprovalTask):
        return
    page_id = _report_id(instance.workflow_state)
    if page_id is not None:
        outbox.notify("cms.report_submitted", page_id=page_id, state_id=instance.workflow_state_id)


def _confirm(text: str) -> None:
    """Say on screen what the chair's decision did. Wagtail's workflow action views (the
    dashboard's Approve, Request changes) say nothing; the request is the one
    simple_history's middleware keeps, absent outside a request (a command, a task)."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and hasattr(request, "_messages"):
        messages.success(request, text)


def report_approved(sender, instance, user=None, **kwargs):
    page_id = _report_id(instance)
    if page_id is not None:
        outbox.notify("cms.report_decided", page_id=page_id, state_id=instance.pk, approved=True)
        _confirm(
            f"You approved “{instance.content_object.title}”: it is published, and its "
            "author has been told."
        )


def report_sent_back(sender, instance, user=None, **kwargs):
    page_id = _report_id(instance.workflow_state)
    if page_id is not None:
        outbox.notify(
            "cms.report_decided",
            page_id=page_id,
            state_id=instance.workflow_state_id,
            approved=False,
            comment=instance.comment or "",
        )
        _confirm(
            f"You asked for changes to “{instance.workflow_state.content_object.title}”: "
            "its author has been told."
        )
