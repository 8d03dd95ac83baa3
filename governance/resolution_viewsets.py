"""Written resolutions in the admin, to look at across the bodies a business unit runs: they
are circulated, voted on and withdrawn on the site (/bodies/<slug>/resolutions/), where the
votes are checked against who was asked, so the admin neither adds nor edits them."""

from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_views import ScopedViewSetMixin
from governance.models import Resolution


class ResolutionViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Resolution
    icon = "tasks"
    menu_label = "Written resolutions"
    menu_order = 160
    list_display = ["title", "body", "status", "deadline", "decision"]
    list_filter = ["status"]
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "body",
        "text",
        "decision_type",
        "threshold",
        "is_restricted",
        "circulated_at",
        "circulated_by",
        "deadline",
        "status",
        "decision",
        "withdrawn_reason",
    ]
    copy_view_enabled = False
    # The read-only policy refuses the add and edit views; Wagtail still builds their form.
    form_fields: list[str] = []
