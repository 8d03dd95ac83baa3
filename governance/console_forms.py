"""The forms of the chair's meeting console (governance.views.console): each records one
thing at an item of the meeting, with the item already chosen."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from governance.forms import date_field, people_field
from governance.models import Decision, DecisionType, EvidenceKind, ReferralPurpose, VoteChoice
from meetings.models import AgendaItem, AttendanceStatus, Meeting
from meetings.published_items import items_shown
from membership.access import body_ids_with_restricted_access
from membership.models import Membership, Organisation, Person
from membership.partnerships import manages


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


class AgencyPeopleSelect(forms.Select):
    """A list of people, each option marked with the agencies they are recorded with."""

    agencies: dict[int, set[int]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        person_id = getattr(value, "value", value)
        if person_id:
            found = self.agencies.get(int(person_id), ())
            option["attrs"]["data-agencies"] = " ".join(str(pk) for pk in sorted(found))
        return option


REGISTER_CHOICES = [
    ("", "Not yet recorded"),
    (AttendanceStatus.PRESENT, "Present"),
    (AttendanceStatus.PRESENT_ONLINE, "Online"),
    (AttendanceStatus.APOLOGIES, "Apologies"),
    (AttendanceStatus.ABSENT, "Absent"),
]


class RegisterForm(forms.Form):
    """The register at the start of a meeting: one choice per expected member. A member
    whose deputy came keeps that choice, named."""

    def __init__(self, *args, expected=(), recorded=None, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = recorded or {}
        self.rows = []
        for term in expected:
            attendance = recorded.get(term.person_id)
            choices = list(REGISTER_CHOICES)
            if attendance is not None and attendance.deputy_id:
                choices.append(
                    (AttendanceStatus.DEPUTY, f"Represented by {attendance.deputy.name}")
                )
            name = f"person_{term.person_id}"
            self.fields[name] = forms.ChoiceField(
                label=term.person.name,
                choices=choices,
                required=False,
                initial=attendance.status if attendance else "",
                widget=forms.RadioSelect(attrs={"class": "register-choice"}),
            )
            self.rows.append((term, name))

    def changes(self, recorded) -> list[tuple[int, str]]:
        """Each (person id, status) the register changes."""
        found = []
        for term, name in self.rows:
            status = self.cleaned_data.get(name) or ""
            before = recorded.get(term.person_id)
            if status and (before is None or before.status != status):
                found.append((term.person_id, status))
        return found

    def bound_rows(self):
        return [(term, self[name]) for term, name in self.rows]


class MovementForm(forms.Form):
    """Someone comes in late or leaves during the item in focus."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Who",
        error_messages={"invalid_choice": "Choose a member of this meeting."},
    )
    movement = forms.ChoiceField(
        choices=[("arrived", "Arrived"), ("left", "Left")], widget=forms.RadioSelect
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()


VOTE_TAKEN = "taken"
BALLOT_CHOICES = [("", "Did not vote"), *VoteChoice.choices]


class MeetingDecisionForm(_MeetingForm):
    """A decision of the meeting, as the minutes editor records it after the event."""

    agenda_item = _item_field()
    title = forms.CharField(max_length=300)
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 4}))
    decision_type = forms.ChoiceField(
        label="Type", choices=DecisionType.choices, initial=DecisionType.AGREED
    )
    is_restricted = forms.BooleanField(label="Restricted", required=False)


class ConsoleDecisionForm(MeetingDecisionForm):
    """A decision, and the vote on it when one was taken: counts, or each voter's choice
    when the body records votes by name (`voters`, those entitled at the item)."""

    vote = forms.ChoiceField(
        label="How was it decided?",
        choices=[("", "By consensus, without a vote"), (VOTE_TAKEN, "By a vote")],
        required=False,
        widget=forms.RadioSelect,
    )
    votes_for = forms.IntegerField(label="For", min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(label="Against", min_value=0, max_value=999, required=False)
    abstentions = forms.IntegerField(
        label="Abstentions", min_value=0, max_value=999, required=False
    )
    casting_vote = forms.ChoiceField(
        label="Chair's casting vote (on a tie)",
        choices=[("", "None"), (VoteChoice.FOR, "For"), (VoteChoice.AGAINST, "Against")],
        required=False,
    )

    def __init__(self, *args, voters=(), named=False, casting_allowed=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.named = named
        self.ballot_names = []
        if named:
            for field in ("votes_for", "votes_against", "abstentions"):
                del self.fields[field]
            for voter in voters:
                name = f"ballot_{voter.person.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=voter.label,
                    choices=BALLOT_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.ballot_names.append(name)
        if not casting_allowed:
            del self.fields["casting_vote"]

    def main_fields(self):
        names = ("agenda_item", "title", "text", "decision_type", "is_restricted")
        return [self[name] for name in names]

    def vote_fields(self):
        counts = ["votes_for", "votes_against", "abstentions"]
        names = ["vote", *(self.ballot_names if self.named else counts)]
        if "casting_vote" in self.fields:
            names.append("casting_vote")
        return [self[name] for name in names]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vote") == VOTE_TAKEN and not cleaned.get("agenda_item"):
            self.add_error("agenda_item", "A vote is taken at an item: choose the item.")
        return cleaned

    def vote_data(self) -> dict | None:
        """The vote for governance.services.vote_record, or None for a decision by consensus."""
        data = self.cleaned_data
        if data.get("vote") != VOTE_TAKEN:
            return None
        found = {"casting_vote": data.get("casting_vote", "")}
        if self.named:
            found["ballots"] = {
                int(name.removeprefix("ballot_")): data[name]
                for name in self.ballot_names
                if data.get(name)
            }
        else:
            found.update(
                votes_for=data.get("votes_for") or 0,
                votes_against=data.get("votes_against") or 0,
                abstentions=data.get("abstentions") or 0,
            )
        return found


class ConsoleActionForm(_MeetingForm):
    agenda_item = _item_field()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    owner = people_field()
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
    raised_by = people_field()
    agency = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True), label="Agency challenged"
    )
    agency_lead = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Agency lead",
        help_text="Someone recorded with the agency challenged.",
        widget=AgencyPeopleSelect,
        error_messages={"invalid_choice": "Choose a person of the agency challenged."},
    )
    issue = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    evidence_kind = forms.ChoiceField(label="Evidence", choices=EvidenceKind.choices)
    evidence_detail = forms.CharField(max_length=300, required=False)
    ask = forms.CharField(label="What was asked", widget=forms.Textarea(attrs={"rows": 3}))
    response_due = date_field("Response due", required=False)
    is_restricted = forms.BooleanField(label="Restricted", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An agency's people are those with a term on any body for it; the list offers them
        # all, each marked with their agencies, and the console's script shows only the
        # chosen agency's.
        terms = Membership.objects.filter(
            organisation__isnull=False, person__active=True
        ).values_list("person_id", "organisation_id")
        agencies: dict[int, set[int]] = {}
        for person_id, organisation_id in terms:
            agencies.setdefault(person_id, set()).add(organisation_id)
        field = self.fields["agency_lead"]
        field.queryset = Person.objects.filter(pk__in=agencies).order_by(
            "family_name", "given_name"
        )
        field.widget.agencies = agencies
        self.agencies_of = agencies

    def clean(self):
        cleaned = super().clean()
        lead, agency = cleaned.get("agency_lead"), cleaned.get("agency")
        if lead and agency and agency.pk not in self.agencies_of.get(lead.pk, set()):
            self.add_error(
                "agency_lead",
                f"{lead.name} is not recorded with {agency.name}: choose one of "
                "its people, or leave it blank.",
            )
        return cleaned


class ConsoleDeclarationForm(_MeetingForm):
    agenda_item = _item_field(required=True)
    person = people_field()
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
