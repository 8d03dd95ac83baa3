"""Searchable choosers for meetings and agenda items (core.choosers says why)."""

from __future__ import annotations

from django.utils import timezone

from wagtail.admin.ui.tables import Column

from core.choosers import RelatedChooser, WordSearchChooserViewSet
from core.dates import long_date
from meetings.models import AgendaItem, Meeting


def agenda_item_label(item: AgendaItem) -> str:
    """An item named with its meeting's date and body: every meeting has a "1 Welcome,
    introductions and apologies", so its number and title alone say nothing."""
    meeting = item.meeting
    when = long_date(timezone.localtime(meeting.start).date()) if meeting.start else ""
    return ", ".join(part for part in (when, meeting.body.name) if part) + f": {item}"


class AgendaItemChooser(RelatedChooser):
    select_related = ("meeting__body",)

    def get_display_title(self, instance):
        return agenda_item_label(instance)


class MeetingChooserViewSet(WordSearchChooserViewSet):
    model = Meeting
    icon = "date"
    choose_one_text = "Choose a meeting"
    choose_another_text = "Choose another meeting"
    search_fields = ("title", "body__name")
    select_related = ("body",)
    ordering = ("-start", "-pk")
    # A record of a body (a decision, an action) offers that body's meetings.
    linked_filters = {"body": "body"}


class AgendaItemChooserViewSet(WordSearchChooserViewSet):
    model = AgendaItem
    icon = "list-ol"
    choose_one_text = "Choose an agenda item"
    choose_another_text = "Choose another agenda item"
    search_fields = ("title", "number", "meeting__title", "meeting__body__name")
    select_related = ("meeting__body",)
    ordering = ("-meeting__start", "sort_order")
    base_widget_class = AgendaItemChooser
    # A form that has chosen a meeting (or only a body) offers that meeting's items.
    linked_filters = {"meeting": "meeting", "body": "meeting__body"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("choose_view_class", "choose_results_view_class"):
            view = getattr(self, name)
            setattr(self, name, type(view.__name__, (view,), {"columns": _item_columns}))
        # What the form shows once an item is chosen carries its meeting too.
        labelled = {"get_display_title": lambda view, item: agenda_item_label(item)}
        self.chosen_view_class = type("ChosenView", (self.chosen_view_class,), labelled)


@property
def _item_columns(self):
    title = self.title_column
    title.accessor = agenda_item_label
    return [title, Column("meeting", label="Meeting", accessor="meeting")]


# The registered choosers (meetings.wagtail_hooks); a form whose choice depends on another
# of its fields (a paper's item on its meeting) builds its widget from these.
meeting_chooser = MeetingChooserViewSet("meeting_chooser")
agenda_item_chooser = AgendaItemChooserViewSet("agenda_item_chooser")
