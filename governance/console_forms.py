"""The console's forms at one item: the item is already chosen, a decision may carry a vote
shaped by the body's rule, and a challenge's agency lead is one of the agency's people."""

from __future__ import annotations

from django import forms

from governance.forms import ConsoleChallengeForm, ConsoleDecisionForm
from governance.models import VoteChoice, VoteRecording
from governance.services import VoteCast
from membership.models import Person

NO_VOTE, VOTE = "", "vote"


def fix_item(form, item) -> None:
    """The console works on one item at a time: the item goes with the form unseen."""
    if item is not None and "agenda_item" in form.fields:
        form.fields["agenda_item"].widget = forms.HiddenInput()
        form.initial["agenda_item"] = item.pk


class ConsoleVoteDecisionForm(ConsoleDecisionForm):
    """A decision with an optional vote: counts, or each entitled voter's choice."""

    taken_by = forms.ChoiceField(
        label="How it was decided",
        choices=[(NO_VOTE, "By consensus, without a vote"), (VOTE, "By a vote")],
        required=False,
    )
    votes_for = forms.IntegerField(label="For", min_value=0, required=False)
    votes_against = forms.IntegerField(label="Against", min_value=0, required=False)
    abstentions = forms.IntegerField(label="Abstaining", min_value=0, required=False)
    casting_vote = forms.ChoiceField(
        label="Chair's casting vote (on a tie)",
        choices=[("", "None"), (VoteChoice.FOR, "For"), (VoteChoice.AGAINST, "Against")],
        required=False,
    )

    def __init__(self, *args, recording=VoteRecording.COUNTS, voters=(), casting=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.recording = recording
        self.voter_fields = []
        if recording == VoteRecording.NAMED:
            for name in ("votes_for", "votes_against", "abstentions"):
                del self.fields[name]
            for person_id, label in voters:
                name = f"ballot_{person_id}"
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=[("", "Did not vote"), *VoteChoice.choices],
                    required=False,
                )
                self.voter_fields.append((name, person_id))
        if not casting:
            del self.fields["casting_vote"]

    def vote(self) -> VoteCast | None:
        data = self.cleaned_data
        if data.get("taken_by") != VOTE:
            return None
        cast = VoteCast(casting_vote=data.get("casting_vote") or "")
        if self.recording == VoteRecording.NAMED:
            cast.ballots = {
                person_id: data[name] for name, person_id in self.voter_fields if data.get(name)
            }
        else:
            cast.votes_for = data.get("votes_for") or 0
            cast.votes_against = data.get("votes_against") or 0
            cast.abstentions = data.get("abstentions") or 0
        return cast


class PersonOfAgencySelect(forms.Select):
    """Each person carries their agencies, so the page's script can offer only the chosen
    agency's people (the server checks it again)."""

    def __init__(self, *args, agencies_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies_of = agencies_of or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        key = getattr(value, "value", value)
        if key:
            option["attrs"]["data-agencies"] = " ".join(
                str(pk) for pk in self.agencies_of.get(int(key), ())
            )
        return option


class ConsoleLeadChallengeForm(ConsoleChallengeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lead = self.fields["agency_lead"]
        agency_id = self.data.get(self.add_prefix("agency")) if self.is_bound else None
        people = Person.objects.filter(active=True, memberships__organisation__isnull=False)
        if agency_id and str(agency_id).isdigit():
            people = people.filter(memberships__organisation_id=agency_id)
        lead.queryset = people.distinct().order_by("family_name", "given_name")
        lead.error_messages["invalid_choice"] = "Choose one of the chosen agency's own people."
        agencies_of: dict[int, set[int]] = {}
        for person_id, agency in Person.objects.filter(
            active=True, memberships__organisation__isnull=False
        ).values_list("pk", "memberships__organisation_id"):
            agencies_of.setdefault(person_id, set()).add(agency)
        lead.widget = PersonOfAgencySelect(agencies_of=agencies_of)
        lead.widget.choices = lead.choices
        lead.widget.attrs["data-narrowed-by"] = self.add_prefix("agency")
