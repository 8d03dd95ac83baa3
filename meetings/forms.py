from django import forms

from core.widgets import ListedChoices, PlainSelect
from meetings.models import Meeting
from membership.models import Body, Person


class BodyFilterField(forms.ModelChoiceField):
    iterator = ListedChoices
    widget = PlainSelect


def body_filter_field() -> forms.ModelChoiceField:
    """Filter a list by board or group, named by slug in the address."""
    return BodyFilterField(
        queryset=Body.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label="All boards and groups",
        label="Board or group",
        error_messages={
            "invalid_choice": "There is no board or group with that name: choose one from the list."
        },
    )


def list_body_choices(field: forms.ModelChoiceField) -> None:
    """Read the filter's options now, in the view, as (slug, name) pairs in one query, so
    rendering the form reads nothing. Checking a chosen body still reads it (the queryset)."""
    field.choices = [
        ("", field.empty_label),
        *field.queryset.values_list(field.to_field_name, "name"),
    ]


def year_filter_field() -> forms.IntegerField:
    """Filter a list by calendar year."""
    return forms.IntegerField(
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


class MeetingFilterForm(forms.Form):
    """Which meetings the list shows: one body's, one year's, or all."""

    body = body_filter_field()
    year = year_filter_field()


class ApologiesForm(forms.Form):
    """A member's own apologies for one meeting, with the deputy who will come, if any."""

    deputy = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="No deputy",
        label="Deputy attending in your place (optional)",
        error_messages={"invalid_choice": "Choose a deputy from the list, or “No deputy”."},
    )
    note = forms.CharField(
        required=False,
        max_length=300,
        label="Note to the business unit (optional)",
        widget=forms.TextInput,
    )

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputies is not None:
            field = self.fields["deputy"]
            field.queryset = deputies
            # Read here, in the view, so that rendering the form reads nothing.
            field.choices = [
                ("", field.empty_label),
                *((person.pk, field.label_from_instance(person)) for person in deputies),
            ]


class CompareForm(forms.Form):
    """Two published version numbers of one agenda."""

    a = forms.IntegerField(
        min_value=1,
        label="From version",
        error_messages={
            "required": "Say which version to compare from, for example ?a=1.",
            "invalid": "Version numbers are whole numbers, for example 1.",
            "min_value": "Version numbers start at 1.",
        },
    )
    b = forms.IntegerField(
        min_value=1,
        label="To version",
        error_messages={
            "required": "Say which version to compare to, for example ?b=2.",
            "invalid": "Version numbers are whole numbers, for example 2.",
            "min_value": "Version numbers start at 1.",
        },
    )


class PublishAgendaForm(forms.Form):
    """The admin's “Publish agenda” step."""

    change_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "change-note-help"}),
        label="What changed",
        help_text="Shown to the public with the version: do not name restricted items.",
    )

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
