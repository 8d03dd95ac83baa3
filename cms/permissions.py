"""Who may publish a report: the chair of the board it is about. The business unit drafts
and submits it; the chair's approval (cms.models.workflows) publishes it."""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from membership.access import chairs_body
from membership.models import Body


def chairs_report_board(user, page) -> bool:
    """Whether the user chairs the report's board today. Superusers count as chairs."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    board_id = getattr(page, "board_id", None)
    return board_id is not None and chairs_body(user, Body(pk=board_id))


class ReportPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, except that publishing a report (directly, or by
    approving it in the workflow) is for the chair of its board alone: the business unit's
    publish permission on the site does not reach reports. Unpublishing stays with the
    business unit, so a report published in error can be withdrawn at once."""

    def can_publish(self):
        if not self.user.is_active or self.page_is_root:
            return False
        return chairs_report_board(self.user, self.page)


class ReportIndexPermissionTester(PagePermissionTester):
    """A new report cannot be published as it is created, by anyone but a superuser: whose
    report it is (so whose chair approves it) is only known once it is saved as a draft.
    Without this, the create view would offer the business unit a publish button that
    the report's own permissions then refuse."""

    def can_publish_subpage(self):
        return self.user.is_active and self.user.is_superuser
