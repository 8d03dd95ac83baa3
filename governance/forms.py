"""Forms of the log pages: GET filters that report bad values instead of failing, and the
small forms chairs, owners and the business unit write with. They only check input; the
services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from governance.models import (
    ActionStatus,
    Assessment,
    ChallengeStatus,
    Decision,
    DecisionStatus,
    DecisionType,
    EscalationLevel,
    EvidenceKind,
    RagState,
    ReferralPurpose,
    RiskStatus,
)
from meetings.models import AgendaItem, Meeting
from meetings.published_items import items_shown
from membership.access import body_ids_with_restricted_access
from membership.models import Body, Organisation, Person
from membership.partnerships import manages


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 2012-03-02."},
    )


def _blank(choices, label: str) -> list[tuple[str, str]]:
    return [("", label), *choices]


class BodyChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Body.objects.order_by("sort_order", "name"),
            to_field_name="slug",
            required=False,
            empty_label="All bodies",
            error_messages={"invalid_choice": "Choose a body from the list."},
            **kwargs,
        )


# ---------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------
class DecisionFilterForm(forms.Form):
    body = BodyChoiceField()
    year = forms.IntegerField(
        required=False,
        min_value=1990,
        max_value=2100,
        error_messages={
            "invalid": "Enter the year as four digits, for example 2012.",
            "min_value": "Enter a year from 1990 onwards.",
            "max_value": "Enter a year before 2100.",
        },
    )
    type = forms.ChoiceField(
        required=False,
        choices=_blank(DecisionType.choices, "Any type"),
        error_messages={"invalid_choice": "Choose a type from the list."},
    )
    status = forms.ChoiceField(
        required=False,
        choices=_blank(DecisionStatus.choices, "Any status"),
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    q = forms.CharField(
        label="Words", required=False, max_length=200, help_text="In the title, text or reference."
    )


class ActionFilterForm(forms.Form):
    body = BodyChoiceField()
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Open and in progress"), *ActionStatus.choices, ("all", "All")],
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    rag = forms.ChoiceField(
        label="RAG",
        required=False,
        choices=_blank(RagState.choices, "Any"),
        error_messages={"invalid_choice": "Choose a RAG state from the list."},
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.filter(governance_actions__isnull=False).distinct(),
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose an owner from the list."},
    )


class ChallengeFilterForm(forms.Form):
    body = BodyChoiceField()
    status = forms.ChoiceField(
        required=False,
        choices=_blank(ChallengeStatus.choices, "Any status"),
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    agency = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(challenges__isnull=False).distinct(),
        required=False,
        empty_label="Any agency",
        error_messages={"invalid_choice": "Choose an agency from the list."},
    )
    overdue = forms.BooleanField(label="Only overdue responses", required=False)
    q = forms.CharField(label="Words", required=False, max_length=200)


class RiskFilterForm(forms.Form):
    body = BodyChoiceField()
    status = forms.ChoiceField(
        required=False,
        choices=[*RiskStatus.choices, ("all", "All")],
        error_messages={"invalid_choice": "Choose open, closed or all."},
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": "Enter the month as year and month, for example 2012-03."},
    )


# ---------------------------------------------------------------------------
# Owners, chairs and the business unit
# ---------------------------------------------------------------------------
class ActionUpdateForm(forms.Form):
    update_date = date_field("Date of the update")
    text = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 3}))
    new_status = forms.ChoiceField(
        label="New status", required=False, choices=_blank(ActionStatus.choices, "No change")
    )
    new_due_date = date_field(
        "New due date", required=False, help_text="Leave blank to keep the due date."
    )


class DecisionCorrectionForm(forms.Form):
    title = forms.CharField(max_length=300)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    decision_type = forms.ChoiceField(label="Type", choices=DecisionType.choices)
    change_reason = forms.CharField(
        label="Why is it being corrected?",
        required=False,
        max_length=500,
        help_text="Kept in the decision's history and shown in the register.",
    )


def meeting_items_shown(user, meeting: Meeting):
    """The meeting's items the user may choose, in agenda order: all of them for the business
    unit, those of its published agenda for anyone else (meetings.published_items)."""
    return items_shown(user, AgendaItem.objects.filter(meeting=meeting)).order_by(
        "sort_order", "pk"
    )


class _MeetingForm(forms.Form):
    """A console form: its agenda item choice is `meeting_items_shown` (without a user, as
    for no one in particular). A page with several such forms reads it once and passes it
    to each as `items`."""

    def __init__(self, *args, meeting: Meeting, user=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.user = user if user is not None else AnonymousUser()
        self.sees_drafts = manages(self.user, meeting.body)
        if "agenda_item" in self.fields:
            field = self.fields["agenda_item"]
            field.queryset = items if items is not None else meeting_items_shown(self.user, meeting)
            if not self.sees_drafts:
                field.error_messages["invalid_choice"] = (
                    "Choose an item of this meeting's published agenda: only the business "
                    "unit can log against an item not yet on it."
                )


def _item_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=required,
        label="Agenda item",
        empty_label="Not on a particular item",
        error_messages={"invalid_choice": "Choose an item of this meeting's agenda."},
    )


def _people(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.filter(active=True),
        error_messages={"invalid_choice": "Choose a person from the list."},
        **kwargs,
    )


class ConsoleDecisionForm(_MeetingForm):
    agenda_item = _item_field()
    title = forms.CharField(max_length=300)
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 4}))
    decision_type = forms.ChoiceField(
        label="Type", choices=DecisionType.choices, initial=DecisionType.AGREED
    )
    is_restricted = forms.BooleanField(label="Restricted", required=False)


class ConsoleActionForm(_MeetingForm):
    agenda_item = _item_field()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    owner = _people()
    due_date = date_field("Due date")
    decision = forms.ModelChoiceField(
        queryset=Decision.objects.none(),
        required=False,
        empty_label="No decision",
        label="Arising from decision",
    )
    is_restricted = forms.BooleanField(label="Restricted", required=False)

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, meeting=meeting, user=user, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(meeting=meeting)


class ConsoleChallengeForm(_MeetingForm):
    agenda_item = _item_field()
    raised_by = _people()
    agency = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True), label="Agency challenged"
    )
    agency_lead = _people(required=False, label="Agency lead")
    issue = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    evidence_kind = forms.ChoiceField(label="Evidence", choices=EvidenceKind.choices)
    evidence_detail = forms.CharField(max_length=300, required=False)
    ask = forms.CharField(label="What was asked", widget=forms.Textarea(attrs={"rows": 3}))
    response_due = date_field("Response due", required=False)
    is_restricted = forms.BooleanField(label="Restricted", required=False)


class ConsoleDeclarationForm(_MeetingForm):
    agenda_item = _item_field(required=True)
    person = _people()
    interest = forms.CharField(max_length=300)
    withdrew = forms.BooleanField(label="Withdrew for the item", required=False)


class LaterItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting.body.name}, {obj.meeting}: item {obj}"


class ConsoleReferralForm(_MeetingForm):
    """Send an item on to another body's later meeting (recommend, endorse, decide)."""

    agenda_item = _item_field(required=True)
    to_item = LaterItemField(
        queryset=AgendaItem.objects.none(),
        label="To item",
        help_text="An item on the agenda of another body's later meeting.",
        error_messages={"invalid_choice": "Choose an item of a later meeting of another body."},
    )
    purpose = forms.ChoiceField(choices=ReferralPurpose.choices)
    title = forms.CharField(
        label="Name of the matter",
        required=False,
        max_length=300,
        help_text="When the item does not yet belong to a matter; blank for the item's title.",
    )
    note = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, meeting=meeting, user=user, **kwargs)
        later = AgendaItem.objects.filter(meeting__start__gt=meeting.start).exclude(
            meeting__body=meeting.body
        )
        # Restricted items of bodies the user does not sit on are not offered (their titles
        # would show in the list), nor, outside the business unit, items not yet published.
        allowed = body_ids_with_restricted_access(self.user)
        later = later.filter(
            (Q(is_restricted=False) & (Q(parent__isnull=True) | Q(parent__is_restricted=False)))
            | Q(meeting__body_id__in=allowed)
        )
        field = self.fields["to_item"]
        field.queryset = (
            items_shown(self.user, later)
            .select_related("meeting__body")
            .order_by("meeting__start", "sort_order")
        )
        if not self.sees_drafts:
            field.error_messages["invalid_choice"] = (
                "Choose an item of a later meeting of another body, on its published agenda: "
                "only the business unit can send a matter to an item not yet on it."
            )


class ChallengeResponseForm(forms.Form):
    received_on = date_field("Received on")
    text = forms.CharField(label="Response", widget=forms.Textarea(attrs={"rows": 4}))
    responder = _people(required=False, label="Who answered", empty_label="The agency lead")


class ChallengeAssessForm(forms.Form):
    assessed_on = date_field("Assessed on")
    assessment = forms.ChoiceField(choices=Assessment.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    response_due = date_field(
        "Further assurance due", required=False, help_text="Needed for further assurance."
    )
    escalate_to = forms.TypedChoiceField(
        label="Escalate to",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank(EscalationLevel.choices[1:], "Not escalating"),
    )
    escalated_to = forms.CharField(label="Escalated to whom", required=False, max_length=200)


class ChallengeEscalateForm(forms.Form):
    escalated_on = date_field("Escalated on")
    level = forms.TypedChoiceField(coerce=int, choices=EscalationLevel.choices[1:])
    escalated_to = forms.CharField(label="To whom", required=False, max_length=200)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    response_due = date_field("New response due", required=False)


class ChallengeCloseForm(forms.Form):
    closed_on = date_field("Closed on")
    outcome = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    impact = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RiskReviewForm(forms.Form):
    reviewed_on = date_field("Reviewed on")
    likelihood = forms.TypedChoiceField(coerce=int, choices=SCORE_CHOICES)
    impact = forms.TypedChoiceField(coerce=int, choices=SCORE_CHOICES)
    next_review_on = date_field(
        "Next review", required=False, help_text="Leave blank for three months after this review."
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlanRatingForm(forms.Form):
    """A rating in the words of the plan's body (its RAG scheme)."""

    improvement_action = forms.IntegerField(widget=forms.HiddenInput)
    update_date = date_field("Date")
    rag = forms.ChoiceField(label="RAG", choices=RagState.choices)
    note = forms.CharField(label="Why", required=False, max_length=500)

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scheme is not None:
            self.fields["rag"].choices = [(rag.state, rag.label) for rag in scheme.all_states()]
