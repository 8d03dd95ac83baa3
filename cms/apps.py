from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        from django.core.signals import request_started

        from wagtail.models import WorkflowState
        from wagtail.signals import (
            page_published,
            task_rejected,
            task_submitted,
            workflow_approved,
            workflow_rejected,
            workflow_submitted,
        )

        from cms.blocks.base import forget_editing_partnership
        from cms.signals import (
            report_approved,
            report_page_published,
            report_sent_back,
            report_submitted,
        )

        page_published.connect(report_page_published, dispatch_uid="cms.report_page_published")
        # Reports are the only pages in a workflow, and their notices (cms.signals) replace
        # Wagtail's: those went to every superuser rather than the board's chair, linked to
        # the installation's address rather than the partnership's site, and told the author
        # a second time. Wagtail's admin app is readied after this one; a receiver already
        # under Wagtail's dispatch_uid keeps its own from being connected.
        for signal, uid in (
            (workflow_submitted, "workflow_state_submitted_email_notification"),
            (workflow_rejected, "workflow_state_rejected_email_notification"),
            (workflow_approved, "workflow_state_approved_email_notification"),
        ):
            signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
            signal.connect(_replaced, sender=WorkflowState, dispatch_uid=uid)
        task_submitted.connect(report_submitted, dispatch_uid="cms.report_submitted")
        workflow_approved.connect(report_approved, dispatch_uid="cms.report_approved")
        task_rejected.connect(report_sent_back, dispatch_uid="cms.report_sent_back")
        request_started.connect(
            forget_editing_partnership, dispatch_uid="cms.forget_editing_partnership"
        )


def _replaced(**kwargs) -> None:
    """Stands in for a Wagtail notifier that cms.signals replaces (see CmsConfig.ready)."""
