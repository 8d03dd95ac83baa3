"""The minutes editor's and readers' forms. They only check input; the minutes services
decide (governance.services.minutes)."""

from __future__ import annotations

from django import forms

from core.dates import long_date
from governance.models import Decision, MinutesItem
from meetings.models import AgendaItem, Meeting


class MinutesItemForm(forms.Form):
    """One item's minute, with the revision the editor opened (the stale-save check)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label="Minute",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain paragraphs; leave a blank line between them.",
    )


class MinutesStageForm(forms.Form):
    note = forms.CharField(
        label="Note with this version",
        required=False,
        max_length=500,
        help_text="Kept with the version, e.g. what changed since the last one.",
    )


class MinutesApproveForm(forms.Form):
    """Where the minutes were approved: a later meeting of the body, on one of its items or
    not. One list grouped by meeting, so no script is needed to pick a meeting's items."""

    at = forms.ChoiceField(
        label="Approved at",
        error_messages={
            "required": "Choose the later meeting that approved the minutes.",
            "invalid_choice": "Choose a later meeting of this body from the list.",
        },
    )

    def __init__(self, *args, choices: list[tuple[Meeting, list[AgendaItem]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.places: dict[str, tuple[Meeting, AgendaItem | None]] = {}
        grouped = [("", "Choose a meeting")]
        for meeting, items in choices:
            options = [(f"meeting-{meeting.pk}", "The meeting, not a particular item")]
            self.places[f"meeting-{meeting.pk}"] = (meeting, None)
            for item in items:
                options.append((f"item-{item.pk}", f"Item {item}"))
                self.places[f"item-{item.pk}"] = (meeting, item)
            grouped.append((f"{meeting.title}, {long_date(meeting.date)}", options))
        self.fields["at"].choices = grouped

    def clean_at(self):
        return self.places[self.cleaned_data["at"]]


class MinutesAmendForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    new_text = forms.CharField(
        label="Amended minute", strip=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    decision = forms.ModelChoiceField(
        label="Amended by decision",
        queryset=Decision.objects.none(),
        empty_label="Choose the decision",
        help_text="The body's decision, on or after the approval, that made the correction.",
        error_messages={"invalid_choice": "Choose one of the body's later decisions."},
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions


class MinutesCommentForm(forms.Form):
    item = forms.TypedChoiceField(
        label="On",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose an item of the minutes."},
    )
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, items: list[MinutesItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [
            ("", "The minutes as a whole (the attendance, say)"),
            *((item.pk, f"Item {item}") for item in items),
        ]

    def clean_item(self):
        value = self.cleaned_data["item"]
        return self.items.get(value) if value is not None else None
