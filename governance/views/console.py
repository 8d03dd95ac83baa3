"""The chair's console: log decisions, actions, challenges and declared interests for a
meeting, while it runs or afterwards, without the admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import add_validation_errors
from governance import services
from governance.access import chair_refusal, may_act_as_chair
from governance.forms import (
    ConsoleActionForm,
    ConsoleChallengeForm,
    ConsoleDecisionForm,
    ConsoleDeclarationForm,
    ConsoleReferralForm,
    meeting_items_shown,
)
from governance.selectors import matters_arising_for_meeting, meeting_get_for_log, meeting_log
from meetings.models import Meeting
from membership.access import person_for
from membership.partnerships import for_request

from ._common import forbidden, signed_in


def _record_decision(request, meeting, data):
    decision = services.decision_record(
        actor=request.user,
        body=meeting.body,
        meeting=meeting,
        decided_on=meeting.date,
        **data,
    )
    return f"Decision {decision.reference} recorded."


def _record_action(request, meeting, data):
    action = services.action_create(
        actor=request.user, body=meeting.body, meeting=meeting, raised_on=meeting.date, **data
    )
    return f"Action {action.reference} logged for {action.owner.name}."


def _record_challenge(request, meeting, data):
    challenge = services.challenge_raise(
        actor=request.user, body=meeting.body, meeting=meeting, raised_on=meeting.date, **data
    )
    return f"Challenge {challenge.reference} raised with {challenge.agency.name}."


def _record_declaration(request, meeting, data):
    declaration = services.declaration_record(actor=request.user, **data)
    return f"Interest of {declaration.person.name} recorded."


def _record_referral(request, meeting, data):
    referral = services.matter_refer(
        actor=request.user,
        from_item=data["agenda_item"],
        to_item=data["to_item"],
        purpose=data["purpose"],
        note=data["note"],
        title=data["title"],
    )
    return f"Item sent to the {referral.to_item.meeting.body.name} as “{referral.matter}”."


FORMS = {
    "decision": (ConsoleDecisionForm, _record_decision),
    "action": (ConsoleActionForm, _record_action),
    "challenge": (ConsoleChallengeForm, _record_challenge),
    "declaration": (ConsoleDeclarationForm, _record_declaration),
    "referral": (ConsoleReferralForm, _record_referral),
}


def _blank_forms(request, meeting: Meeting, items) -> dict:
    person = person_for(request.user)
    initial = {"raised_by": person.pk if person else None}
    return {
        name: form_class(
            meeting=meeting, user=request.user, items=items, prefix=name, initial=initial
        )
        for name, (form_class, _save) in FORMS.items()
    }


@signed_in
def meeting_log_console(request, pk: int):
    try:
        meeting = meeting_get_for_log(pk, for_request(request))
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing
    if not may_act_as_chair(request.user, meeting.body):
        return forbidden(request, chair_refusal(meeting.body))
    items = meeting_items_shown(request.user, meeting)
    forms = _blank_forms(request, meeting, items)
    status = 200
    if request.method == "POST":
        name = request.POST.get("form")
        if name not in FORMS:
            return redirect(request.path)
        form_class, record = FORMS[name]
        form = form_class(
            request.POST, meeting=meeting, user=request.user, items=items, prefix=name
        )
        forms[name] = form
        if form.is_valid():
            try:
                done = record(request, meeting, form.cleaned_data)
            except PermissionDenied as refusal:
                return forbidden(request, str(refusal))
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(reverse("governance:meeting_log", args=[meeting.pk]) + f"#{name}")
        status = 400
    return render(
        request,
        "governance/meeting_log.html",
        {
            "log": meeting_log(meeting, request.user),
            "meeting": meeting,
            "forms": forms,
            "matters_arising": matters_arising_for_meeting(meeting, request.user),
        },
        status=status,
    )
