"""Searchable choosers for meetings and agenda items (core.choosers says why)."""

from __future__ import annotations

from wagtail.admin.ui.tables import Column

from core.choosers import RelatedChooser, WordSearchChooserViewSet
from meetings.models import AgendaItem, Meeting


class AgendaItemChooser(RelatedChooser):
    """An item is named with its meeting: "1 Minutes" alone says nothing."""

    def get_display_title(self, instance):
        return f"{instance.meeting} — {instance}"


class MeetingChooserViewSet(WordSearchChooserViewSet):
    model = Meeting
    icon = "date"
    choose_one_text = "Choose a meeting"
    choose_another_text = "Choose another meeting"
    search_fields = ("title", "body__name")
    ordering = ("-start", "-pk")
    url_filter_parameters = ["body"]
    preserve_url_parameters = ["multiple", "body"]


class AgendaItemChooserViewSet(WordSearchChooserViewSet):
    model = AgendaItem
    icon = "list-ol"
    choose_one_text = "Choose an agenda item"
    choose_another_text = "Choose another agenda item"
    search_fields = ("title", "meeting__title")
    select_related = ("meeting",)
    ordering = ("-meeting__start", "sort_order")
    base_widget_class = AgendaItemChooser
    url_filter_parameters = ["meeting"]
    preserve_url_parameters = ["multiple", "meeting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("choose_view_class", "choose_results_view_class"):
            view = getattr(self, name)
            setattr(self, name, type(view.__name__, (view,), {"columns": _item_columns}))


@property
def _item_columns(self):
    return [self.title_column, Column("meeting", label="Meeting", accessor="meeting")]
