from __future__ import annotations

from django import forms

from membership.models import Body

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
    body = forms.ModelChoiceField(
        queryset=Body.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label="All boards and groups",
        label="Board or group",
        error_messages={
            "invalid_choice": "There is no board or group with that name: choose one from the list."
        },
    )
    year = forms.IntegerField(
        required=False,
        min_value=1990,
        max_value=2100,
        label="Year",
        error_messages={
            "invalid": "Enter a year as four digits, for example 2012.",
            "min_value": "Enter a year from 1990 onwards, for example 2012.",
            "max_value": "Enter a year before 2100, for example 2012.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(
        choices=[("", "Everything"), *Kind.choices],
        required=False,
        label="Show",
        error_messages={"invalid_choice": "Choose what to show from the list."},
    )

    def clean_q(self):
        # NUL and other control characters are refused by PostgreSQL; they mean nothing here.
        return "".join(c for c in self.cleaned_data["q"] if c.isprintable()).strip()
