"""Who may publish a report: the chair of its partnership's board. The business unit drafts
and submits it; the chair's approval (cms.models.workflows) publishes it.

A report's partnership is the one whose site its page sits under (the default partnership's
when no other site's home is above it), so a report written on one partnership's site is
never approved by another partnership's chair. A partnership with no board named yet leaves
the approval with the chair of the board the report is about."""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from membership.access import chairs_body
from membership.models import Body, Partnership, default_partnership


def _site_partnerships(user) -> list[Partnership]:
    """Partnerships with a site, deepest home first; read once per user object (a request),
    however many pages the admin asks about."""
    found = getattr(user, "_tabled_site_partnerships", None)
    if found is None:
        found = sorted(
            Partnership.objects.select_related("site__root_page").filter(site__isnull=False),
            key=lambda partnership: -len(partnership.site.root_page.path),
        )
        user._tabled_site_partnerships = found
    return found


def page_partnership(page, user) -> Partnership:
    """The partnership whose site's home is the page or above it."""
    path = getattr(page, "path", "") or ""
    for partnership in _site_partnerships(user):
        if path.startswith(partnership.site.root_page.path):
            return partnership
    return default_partnership()


def approving_board_id(page, user) -> int | None:
    """The board whose chair approves the report: its partnership's board."""
    return page_partnership(page, user).board_id or getattr(page, "board_id", None)


def chairs_report_board(user, page) -> bool:
    """Whether the user chairs, today, the board that approves the report. Superusers count
    as chairs."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    board_id = approving_board_id(page, user)
    return board_id is not None and chairs_body(user, Body(pk=board_id))


class ReportPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, except that publishing a report (directly, or by
    approving it in the workflow) is for the chair of its partnership's board alone: the
    business unit's publish permission on the site does not reach reports. Unpublishing
    stays with the business unit, so a report published in error can be withdrawn at once."""

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
