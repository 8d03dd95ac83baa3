from __future__ import annotations

from django import forms

from meetings.models.notes import NOTE_TEXT_LIMIT, QUOTE_LIMIT, validate_rects


class NoteForm(forms.Form):
    """A note from the viewer (JSON) or the "note on this page" form: a page of the version,
    and text, a highlight, or both."""

    page = forms.IntegerField(min_value=1, label="Page")
    text = forms.CharField(
        label="Note",
        max_length=NOTE_TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    quote = forms.CharField(max_length=QUOTE_LIMIT, required=False, widget=forms.HiddenInput)
    rects = forms.JSONField(required=False, widget=forms.HiddenInput, validators=[validate_rects])

    def __init__(self, *args, page_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_count = page_count
        if page_count:
            self.fields["page"].widget.attrs["max"] = page_count

    def clean_page(self):
        page = self.cleaned_data["page"]
        if self.page_count and page > self.page_count:
            raise forms.ValidationError(
                f"This paper has {self.page_count} page{'s' if self.page_count != 1 else ''}: "
                f"choose a page from 1 to {self.page_count}."
            )
        return page

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("text") or "").strip() and not cleaned.get("rects"):
            self.add_error("text", "Write a note, or highlight something on the page.")
        return cleaned


class NoteTextForm(forms.Form):
    text = forms.CharField(
        label="Note", max_length=NOTE_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
