"""Admin forms that narrow choices to what makes sense for the record being edited."""

from __future__ import annotations

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from meetings.models import AgendaItem


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
    The agenda item is picked with the searchable chooser (meetings.choosers)."""

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
        if self.instance.pk:
            self.fields["file"].required = False
            self.fields["file"].label = "Upload a new version"
