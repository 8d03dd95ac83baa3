from __future__ import annotations

from django import forms

from governance.forms import DateInput
from governance.models import RegisteredInterest


class RegisteredInterestForm(forms.ModelForm):
    class Meta:
        model = RegisteredInterest
        fields = ["kind", "description", "organisation", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class ConfirmRegisterForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm that my register of interests above is complete and up to date.",
        error_messages={"required": "Tick the box to confirm your register."},
    )
