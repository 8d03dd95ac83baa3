"""The forms of written resolutions: circulating one, voting, withdrawing."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from governance.models import DecisionType, Threshold, VoteChoice
from governance.services.resolutions import MAX_PAPERS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def default_deadline() -> datetime.datetime:
    """A week today at five in the afternoon: long enough for members to read the papers."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


class ResolutionForm(forms.Form):
    title = forms.CharField(max_length=250, help_text="As the register of decisions will name it.")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Resolution",
        help_text="The resolution as it will be recorded if carried.",
    )
    decision_type = forms.ChoiceField(
        choices=DecisionType.choices, initial=DecisionType.AGREED, label="What it decides"
    )
    deadline = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Votes close then; the outcome is recorded at once.",
    )
    threshold = forms.ChoiceField(
        choices=Threshold.choices,
        widget=forms.RadioSelect,
        initial=Threshold.MAJORITY,
        help_text="Counted of all the body's voting members, asked or not: silence is not assent.",
    )
    is_restricted = forms.BooleanField(
        required=False,
        label="Restricted",
        help_text="Only the body's members and the business unit may read it; emails will "
        "not carry its title or text, and voting needs sign-in.",
    )
    voters = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who may vote",
        help_text="The body's members whose role may vote today. Leaving one out does not "
        "lower the threshold, which is of them all.",
    )
    papers = MultipleFileField(
        required=False,
        help_text=f"PDF files, up to {MAX_PAPERS}; each is checked as meeting papers are.",
    )

    def __init__(self, *args, voting_members, **kwargs):
        super().__init__(*args, **kwargs)
        from membership.models import Person

        self.fields["voters"].queryset = Person.objects.filter(
            pk__in=[person.pk for person in voting_members]
        ).order_by("family_name", "given_name")
        self.fields["voters"].initial = [person.pk for person in voting_members]
        self.fields["deadline"].initial = default_deadline()


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=VoteChoice.choices, widget=forms.RadioSelect, label="Your vote"
    )


class WithdrawForm(forms.Form):
    withdrawn_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why it is withdrawn",
        help_text="Everyone asked to vote is told.",
    )
