"""The reports section and its approval: a "Reports" index under the home page, the
"Report approval" workflow with the chair's approval task, assigned to the index (so to every
report in it), and access to the admin for the Chairs group, where chairs review reports."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _next_child_path(Page, parent) -> str:
    """The treebeard path of a new last child of `parent` (base 36, four characters a
    step, as wagtailcore's Page tree uses)."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 0
    if last:
        for character in last[-STEPLEN:]:
            number = number * len(ALPHABET) + ALPHABET.index(character)
    number += 1
    step = ""
    for _ in range(STEPLEN):
        number, digit = divmod(number, len(ALPHABET))
        step = ALPHABET[digit] + step
    return parent.path + step


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    HomePage = apps.get_model("cms", "HomePage")
    ReportIndexPage = apps.get_model("cms", "ReportIndexPage")
    ReportChairApprovalTask = apps.get_model("cms", "ReportChairApprovalTask")

    chairs, _ = Group.objects.get_or_create(name="Chairs")
    chairs.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="cms", model="reportchairapprovaltask"
    )
    task = ReportChairApprovalTask.objects.create(
        name="Chair's approval", active=True, content_type=task_type
    )
    workflow = Workflow.objects.create(name="Report approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    index = ReportIndexPage.objects.filter(path__startswith=home.path).first()
    if index is None:
        if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug="reports"):
            return
        now = timezone.now()
        index_type, _ = ContentType.objects.get_or_create(app_label="cms", model="reportindexpage")
        index = ReportIndexPage.objects.create(
            title="Reports",
            draft_title="Reports",
            slug="reports",
            content_type=index_type,
            path=_next_child_path(Page, home),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}reports/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale_id=home.locale_id,
            intro="<p>The Board's annual reports and its reports on progress, as published. "
            "Each is also a PDF.</p>",
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    WorkflowPage.objects.create(workflow=workflow, page_id=index.pk)


def backwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for index in apps.get_model("cms", "ReportIndexPage").objects.filter(numchild=0):
        parent_path = index.path[:-STEPLEN]
        index.delete()
        parent = Page.objects.get(path=parent_path)
        Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))
    apps.get_model("wagtailcore", "Workflow").objects.filter(name="Report approval").delete()
    apps.get_model("cms", "ReportChairApprovalTask").objects.filter(
        name="Chair's approval"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_reports"),
        ("membership", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
