from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from core.dates import today
from core.errors import add_validation_errors
from governance import services
from governance.access import chair_refusal, may_act_as_chair
from governance.forms import (
    ChallengeAssessForm,
    ChallengeCloseForm,
    ChallengeEscalateForm,
    ChallengeFilterForm,
    ChallengeResponseForm,
)
from governance.models import Challenge
from governance.selectors import challenge_get_visible, challenge_list_visible
from membership.partnerships import for_request

from ._common import (
    csv_refusal,
    csv_response,
    forbidden,
    history_context,
    members_only,
    read_filters,
)


def _filtered(request):
    form, values, status = read_filters(ChallengeFilterForm, request)
    challenges = challenge_list_visible(
        request.user,
        on=today(),
        partnership=for_request(request),
        body=values.get("body"),
        status=values.get("status") or "",
        agency=values.get("agency"),
        overdue_only=bool(values.get("overdue")),
        text=(values.get("q") or "").strip(),
    )
    return form, challenges, status


@members_only
def challenge_index(request):
    form, challenges, status = _filtered(request)
    return render(
        request,
        "governance/challenge_index.html",
        {
            "form": form,
            "challenges": challenges,
            "overdue_count": sum(1 for c in challenges if c.response_overdue),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@members_only
def challenge_export(request):
    form, challenges, status = _filtered(request)
    if status != 200:
        return csv_refusal(form)
    return csv_response(
        "challenges.csv",
        [
            "Reference",
            "Body",
            "Raised",
            "Raised by",
            "Agency",
            "Issue",
            "Evidence",
            "Asked",
            "Response due",
            "Response overdue",
            "Status",
            "Assessment",
            "Escalation",
            "Outcome",
            "Impact",
        ],
        (
            [
                c.reference,
                c.body.name,
                c.raised_on,
                c.raised_by.name,
                c.agency.name,
                c.issue,
                f"{c.get_evidence_kind_display()}: {c.evidence_detail}".rstrip(": "),
                c.ask,
                c.response_due,
                "Yes" if c.response_overdue else "No",
                c.get_status_display(),
                c.get_assessment_display(),
                c.get_escalation_level_display(),
                c.outcome,
                c.impact,
            ]
            for c in challenges
        ),
    )


# step: (its form, the service it calls with the form's fields, what to say when done)
STEPS = {
    "response": (ChallengeResponseForm, services.challenge_record_response, "Response recorded."),
    "assess": (ChallengeAssessForm, services.challenge_assess, "Assessment recorded."),
    "escalate": (ChallengeEscalateForm, services.challenge_escalate, "Escalation recorded."),
    "close": (ChallengeCloseForm, services.challenge_close, "Challenge closed."),
}


def _blank_forms() -> dict:
    initial = {
        "received_on": today(),
        "assessed_on": today(),
        "escalated_on": today(),
        "closed_on": today(),
    }
    return {
        name: form_class(initial=initial, prefix=name)
        for name, (form_class, _s, _m) in STEPS.items()
    }


@members_only
def challenge_detail(request, key: str):
    """A challenge and its timeline; its body's chair and the business unit move it on."""
    try:
        challenge = challenge_get_visible(
            request.user, key, on=today(), partnership=for_request(request)
        )
    except Challenge.DoesNotExist as missing:
        raise Http404("No such challenge") from missing
    may_act = may_act_as_chair(request.user, challenge.body)
    forms = _blank_forms() if may_act and not challenge.is_closed else {}
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        if not may_act:
            return forbidden(request, chair_refusal(challenge.body))
        if step not in STEPS or challenge.is_closed:
            return redirect(challenge.get_absolute_url())
        form_class, service, done = STEPS[step]
        form = form_class(request.POST, prefix=step)
        forms[step] = form
        if form.is_valid():
            try:
                service(actor=request.user, challenge=challenge, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"{challenge.reference}: {done}")
                return redirect(challenge.get_absolute_url())
        status = 400
    return render(
        request,
        "governance/challenge_detail.html",
        {
            "challenge": challenge,
            "may_act": may_act,
            "forms": forms,
            **history_context(request, challenge),
        },
        status=status,
    )
