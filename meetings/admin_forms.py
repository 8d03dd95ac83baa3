"""Admin forms that narrow choices to what makes sense for the record being edited."""

from __future__ import annotations

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from meetings.models import AgendaItem


class MeetingAdminForm(WagtailAdminModelForm):
    """A sub-item's parent can only be a saved top-level item of the same meeting."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("agenda_items")
        if formset is None:
            return
        parents = (
            AgendaItem.objects.filter(meeting=self.instance, parent__isnull=True)
            if self.instance.pk
            else AgendaItem.objects.none()
        )

        class ItemForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["parent"].queryset = parents

        formset.form = ItemForm
        for form in formset.forms:
            form.fields["parent"].queryset = parents


class PaperAdminForm(WagtailAdminModelForm):
    """A paper with its file: the first version when it is tabled, a new version on edit.
    Agenda items are listed with their meeting, loaded in one query."""

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
        field = self.fields.get("agenda_item")
        if field is not None:
            field.queryset = AgendaItem.objects.select_related("meeting").order_by(
                "-meeting__start", "sort_order"
            )
            field.label_from_instance = lambda item: f"{item.meeting} — {item}"
