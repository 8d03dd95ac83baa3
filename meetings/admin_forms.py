"""Admin forms that narrow choices to what makes sense for the record being edited."""

from __future__ import annotations

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from meetings.choosers import agenda_item_chooser, meeting_chooser
from meetings.models import AgendaItem, Meeting


class AgendaItemAdminForm(WagtailAdminModelForm):
    """A sub-item's parent can only be a saved top-level item of the same meeting: a short
    list, so a plain select."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        parents = AgendaItem.objects.filter(meeting_id=item.meeting_id, parent__isnull=True)
        if item.pk:
            parents = parents.exclude(pk=item.pk)
        field = self.fields["parent"]
        field.queryset = parents.order_by("sort_order")
        field.widget = forms.Select(choices=field.choices)


class PaperAdminForm(WagtailAdminModelForm):
    """A paper with its file: the first version when it is tabled, a new version on edit.
    The meeting is chosen first and the agenda item's chooser lists that meeting's items
    (meetings.choosers); an item of another meeting is refused, however it was sent."""

    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.all(),
        widget=meeting_chooser.widget_class(),
        help_text="The meeting whose agenda the paper is tabled under.",
        error_messages={"required": "Choose the meeting first, then one of its agenda items."},
    )

    file = forms.FileField(
        label="PDF file",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text="A PDF, checked before it is stored. A new upload becomes the next version; "
        "earlier versions are kept.",
    )
    version_note = forms.CharField(
        label="What changed in this version",
        required=False,
        max_length=300,
        help_text="Shown beside the version, e.g. “Corrected table 2”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].widget = agenda_item_chooser.widget_class(
            linked_fields={"meeting": "#id_meeting"}
        )
        if self.instance.agenda_item_id and "meeting" not in self.initial:
            self.initial["meeting"] = self.instance.agenda_item.meeting_id
        if self.instance.pk:
            self.fields["file"].required = False
            self.fields["file"].label = "Upload a new version"

    def clean(self):
        cleaned = super().clean()
        meeting, item = cleaned.get("meeting"), cleaned.get("agenda_item")
        if meeting and item and item.meeting_id != meeting.pk:
            self.add_error(
                "agenda_item",
                f"“{item}” is on the agenda of {item.meeting}, not of {meeting}. Choose an "
                "item of this meeting's agenda, or choose its meeting first.",
            )
        return cleaned
