from __future__ import annotations

from django import forms

from core.widgets import PlainSelect
from meetings.forms import body_filter_field, year_filter_field

from .models import Kind
from .query import MAX_LENGTH


class SearchForm(forms.Form):
    """The search box and its filters. Bad filter values are reported and left out; the
    search still runs with the good ones."""

    q = forms.CharField(
        required=False,
        max_length=MAX_LENGTH,
        label="Search for",
        help_text='Words find longer words they begin ("thresh" finds "thresholds"); '
        "put a phrase in quotes to find it word for word.",
        error_messages={
            "max_length": f"Search for at most {MAX_LENGTH} characters: a few words are enough."
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    body = body_filter_field()
    year = year_filter_field()
    kind = forms.ChoiceField(
        choices=[("", "Everything"), *Kind.choices],
        required=False,
        label="Show",
        widget=PlainSelect,
        error_messages={"invalid_choice": "Choose what to show from the list."},
    )

    def clean_q(self):
        # NUL and other control characters are refused by PostgreSQL; they mean nothing here.
        return "".join(c for c in self.cleaned_data["q"] if c.isprintable()).strip()
