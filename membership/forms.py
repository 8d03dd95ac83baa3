from django import forms


class AsAtForm(forms.Form):
    """The date a membership page describes: today, or any day in the past or future."""

    on = forms.DateField(
        required=False,
        label="Membership as at",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2011-04-01."},
    )
