from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.blocks.base import editing_partnership
from cms.models import ReportChairApprovalTask, ReportPage
from cms.selectors import partnership_for_page
from cms.snapshots import empty_blocks, freeze_revision
from core import personal
from core.roles import may_use_admin
from membership.models import Partnership, default_partnership
from membership.partnerships import admin_partnership_ids, managed_partnership_ids


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


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_blocks_with_nothing_to_show(request, page):
    """Saving, submitting or publishing a report with blocks that have nothing to show is
    allowed (an empty period is a fact worth reporting), but never unnoticed."""
    if not isinstance(page, ReportPage) or request.method != "POST":
        return None
    revision = page.get_latest_revision()
    empty = empty_blocks(revision.as_object() if revision else page)
    if empty:
        messages.warning(
            request,
            "These blocks have nothing to show for the report's period and will say so on "
            "the page: " + "; ".join(empty) + ".",
        )
    return None


@hooks.register("before_edit_page")
def offer_the_pages_partnerships_bodies(request, page):
    """A report's blocks offer the bodies of the partnership whose site it is on."""
    editing_partnership.set(partnership_for_page(page).pk)


@hooks.register("before_create_page")
def offer_the_new_pages_partnerships_bodies(request, parent_page, page_class):
    editing_partnership.set(partnership_for_page(parent_page).pk)


@hooks.register("construct_page_chooser_queryset")
def offer_no_draft_of_another_partnership(pages, request):
    """Wagtail's page chooser offers every page in the tree. Another partnership's
    published pages are public, so linking to them is fine; its drafts and unpublished
    titles are its own business."""
    if request.user.is_superuser:
        return pages
    others = Partnership.objects.exclude(pk__in=admin_partnership_ids(request))
    roots = list(
        Page.objects.filter(sites_rooted_here__partnership__in=others).values_list(
            "path", flat=True
        )
    )
    default = default_partnership()
    if default.site_id is None and default in others:
        roots += [Site.objects.get(is_default_site=True).root_page.path]
    hidden = Q(pk__in=[])
    for path in roots:
        hidden |= Q(path__startswith=path)
    return pages.exclude(hidden & Q(live=False))


@hooks.register(personal.HOOK)
def reports_awaiting_my_approval(request, person):
    """A chair's personal page leads to the reports waiting for their approval, which they
    give in the admin's editor."""
    # Approving happens in the admin, which only the chairs' group reaches: others are not
    # asked about (and cost the page no query).
    if not may_use_admin(request.user) or (person is None and not request.user.is_superuser):
        return None
    waiting_ids = set()
    for task in ReportChairApprovalTask.objects.filter(active=True):
        waiting_ids.update(
            int(pk)
            for pk in task.get_task_states_user_can_moderate(request.user).values_list(
                "workflow_state__object_id", flat=True
            )
            if str(pk).isdigit()
        )
    if not waiting_ids:
        return None
    reports = ReportPage.objects.filter(pk__in=waiting_ids).order_by("title")
    return personal.MyPageSection(
        heading="Reports awaiting your approval",
        anchor="my-approvals",
        template="cms/includes/my_page_approvals.html",
        order=15,
        context={"reports": list(reports.only("pk", "title", "draft_title"))},
    )


@hooks.register("register_admin_viewset")
def register_board_reports():
    from cms.admin_views import BoardReportsViewSet

    return BoardReportsViewSet()


class BoardReportsPanel(Component):
    name = "board_reports"
    order = 50
    template_name = "cms/admin/board_reports_panel.html"


@hooks.register("construct_homepage_panels")
def offer_a_new_report(request, panels):
    """The business unit's dashboard says where a report starts."""
    if managed_partnership_ids(request.user):
        panels.append(BoardReportsPanel())


@hooks.register("after_create_page")
def offer_the_draft_that_held_the_slug(request, page):
    """cms.slugs gave the new report a free slug because an abandoned draft held its own."""
    holder = getattr(page, "slug_holder", None)
    if holder is not None:
        from cms.admin_views import offer_the_draft

        offer_the_draft(request, holder, page)
