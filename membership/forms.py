from django import forms

from core.import_views import CsvImportForm


class AsAtForm(forms.Form):
    """The date a membership page describes: today, or any day in the past or future."""

    on = forms.DateField(
        required=False,
        label="Membership as at",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2011-04-01."},
    )


class MembershipImportForm(CsvImportForm):
    """A CSV of memberships to check, or to check and import (see membership.imports)."""

    row_is = "membership"
