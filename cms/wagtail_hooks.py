from wagtail import hooks

from cms.models import ReportPage
from cms.snapshots import freeze_revision


@hooks.register("before_publish_page")
def freeze_report_before_publish(request, page):
    """The edit view's publish button publishes the revision it has just saved without
    calling `ReportPage.publish()`; `page.latest_revision` is that same revision object, so
    freezing it here is what goes live (see cms.snapshots)."""
    if isinstance(page, ReportPage) and page.latest_revision is not None:
        freeze_revision(page.latest_revision)
