"""Setting up a partnership: its business-unit group, its public site and home page.

A partnership is set up once, by whoever runs the installation (a superuser, or the
`add_partnership` command); from then on its own business unit runs it without one.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wagtail.models import (
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

from cms.models import HomePage, ReportChairApprovalTask, ReportIndexPage
from core.history import save_tracked
from core.roles import BUSINESS_UNIT_GROUP
from membership.collections import partnership_collection_provide
from membership.models import Body, BodyKind, Partnership
from membership.models.partnerships import business_unit_group_name

# What the business unit may do with its own pages, as the original group may with its own.
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


@transaction.atomic
def create_partnership(
    *,
    actor: User | None,
    name: str,
    code: str,
    hostname: str,
    port: int = 80,
    board_name: str = "",
    board_short_name: str = "",
    contact_email: str = "",
) -> Partnership:
    """A partnership with its own business-unit group (the original group's permissions), a
    home page and reports page of its own, a collection for its images and documents, and a
    Wagtail Site answering on `hostname`.
    `actor` None is the command line."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("Only whoever runs the installation sets up a partnership.")
    code = code.strip().upper()
    hostname = hostname.strip().lower()
    if Site.objects.filter(hostname=hostname, port=port).exists():
        raise ValidationError({"hostname": f"Another site already answers on {hostname}."})
    if Partnership.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Another partnership already has the code {code}."})

    group = Group.objects.create(name=business_unit_group_name(code, default=False))
    original = Group.objects.filter(name=BUSINESS_UNIT_GROUP).first()
    if original is not None:
        group.permissions.set(original.permissions.all())
    else:
        group.permissions.set(Permission.objects.filter(codename="access_admin"))

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=code.lower()))
    index = home.add_child(instance=ReportIndexPage(title="Reports", slug="reports"))
    # Its reports go to its own board's chair for approval, as the first site's do
    # (cms.permissions), by the same workflow.
    approval = Workflow.objects.filter(
        active=True, workflow_tasks__task__in=ReportChairApprovalTask.objects.all()
    ).first()
    if approval is not None:
        WorkflowPage.objects.create(workflow=approval, page=index)
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)

    partnership = Partnership(
        name=name, code=code, site=site, business_unit=group, contact_email=contact_email
    )
    save_tracked(partnership, actor=actor, reason="Set up")
    # Its images and documents (a logo, a report's pictures) live in a collection of its own.
    partnership_collection_provide(actor=actor, partnership=partnership)
    if board_name:
        board = Body(
            partnership=partnership,
            name=board_name,
            short_name=board_short_name,
            slug=(board_short_name or code).lower(),
            kind=BodyKind.BOARD,
        )
        save_tracked(board, actor=actor, reason="Set up with its partnership")
        partnership.board = board
        save_tracked(partnership, actor=actor, reason="Its board set")
    return partnership
