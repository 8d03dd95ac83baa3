from django.shortcuts import redirect

from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.blocks.base import editing_partnership
from cms.models import ReportPage
from cms.selectors import partnership_for_page
from cms.snapshots import freeze_revision


@hooks.register("before_publish_page")
def freeze_report_before_publish(request, page):
    """The edit view's publish button publishes the revision it has just saved without
    calling `ReportPage.publish()`; `page.latest_revision` is that same revision object, so
    freezing it here is what goes live (see cms.snapshots)."""
    if isinstance(page, ReportPage) and page.latest_revision is not None:
        freeze_revision(page.latest_revision)


@hooks.register("after_edit_page")
def return_a_reviewer_to_the_dashboard(request, page):
    """After approving or sending back a report in the editor, Wagtail sends the reviewer to
    the page explorer. A chair has no page permissions of their own (they review through the
    workflow task), so the explorer refused them with "Sorry, you do not have permission":
    they go back to the dashboard, which lists what still awaits them, with the message."""
    if not isinstance(page, ReportPage) or "action-workflow-action" not in request.POST:
        return None
    if request.GET.get("next") or PagePermissionPolicy().explorable_root_instance(request.user):
        return None
    return redirect("wagtailadmin_home")


@hooks.register("before_edit_page")
def offer_the_pages_partnerships_bodies(request, page):
    """A report's blocks offer the bodies of the partnership whose site it is on."""
    editing_partnership.set(partnership_for_page(page).pk)


@hooks.register("before_create_page")
def offer_the_new_pages_partnerships_bodies(request, parent_page, page_class):
    editing_partnership.set(partnership_for_page(parent_page).pk)
