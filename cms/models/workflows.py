"""The chair's approval of a report: a Wagtail workflow task."""

from __future__ import annotations

from django.utils import timezone

from wagtail.models import Task, TaskState

from cms.permissions import approving_board_id, chairs_report_board
from membership.access import person_for
from membership.models import Membership

from .reports import ReportPage


class ReportChairApprovalTask(Task):
    """Approval by whoever chairs the report's partnership's board on the day
    (cms.permissions): for the Board's annual report, its independent chair. Approving
    publishes the report; requesting changes sends it back to the business unit. The chair
    of another body, or of another partnership's board, cannot approve it."""

    def _approves(self, obj, user) -> bool:
        page = getattr(obj, "specific_deferred", obj)
        return chairs_report_board(user, page)

    def user_can_access_editor(self, obj, user):
        return self._approves(obj, user)

    def locked_for_user(self, obj, user):
        return not self._approves(obj, user)

    def user_can_lock(self, obj, user):
        return self._approves(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._approves(obj, user):
            # The page editor adds "and Publish" to an approval at the workflow's last task
            # (this one): "Approve and publish" came out as "Approve and publish and Publish".
            return [
                ("reject", "Request changes", True),
                ("approve", "Approve", False),
                ("approve", "Approve with comment", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        person = person_for(user)
        if person is None:
            return TaskState.objects.none()
        chaired = set(
            Membership.objects.filter(person=person, role__may_chair=True)
            .current_on(timezone.localdate())
            .values_list("body_id", flat=True)
        )
        if not chaired:
            return TaskState.objects.none()
        # Which board approves a report depends on the site it sits under: asked of each
        # report in moderation (a handful), with the partnerships read once.
        waiting = ReportPage.objects.filter(
            pk__in=[
                int(pk)
                for pk in in_progress.values_list("workflow_state__object_id", flat=True)
                if str(pk).isdigit()
            ]
        ).only("pk", "path", "board_id")
        mine = [str(page.pk) for page in waiting if approving_board_id(page, user) in chaired]
        return in_progress.filter(workflow_state__object_id__in=mine)

    @classmethod
    def get_description(cls):
        return "The chair of the report's board approves it, which publishes it."

    class Meta:
        verbose_name = "chair's approval of a report"
        verbose_name_plural = "chair's approvals of reports"
