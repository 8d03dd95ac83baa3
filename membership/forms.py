from django import forms


class AsAtForm(forms.Form):
    """The date a membership page describes: today, or any day in the past or future."""

    on = forms.DateField(
        required=False,
        label="Membership as at",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2011-04-01."},
    )


class MembershipImportForm(forms.Form):
    """A CSV of memberships to check, or to check and import (see membership.imports)."""

    file = forms.FileField(
        label="CSV file",
        help_text="Saved from the spreadsheet as “CSV UTF-8 (Comma delimited)”.",
        error_messages={
            "required": "Choose the CSV file to import.",
            "empty": "The file is empty. Start from the template: a header row, then one "
            "membership on each line.",
        },
    )
    check_only = forms.BooleanField(
        required=False,
        label="Check only",
        help_text="Report any problems in the file without importing anything.",
    )
