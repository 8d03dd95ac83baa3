"""The chair's console: one item at a time, with the register of attendance, the item's
declarations of interest, and decisions (with votes), actions and challenges logged in
place under it. Every change works as a plain form (post, redirect back to the same item);
the register's ticks are also posted one by one by a small script."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.dates import long_date
from core.errors import add_validation_errors
from core.roles import is_business_unit
from governance import services
from governance.access import chair_refusal, may_act_as_chair
from governance.console_forms import ConsoleLeadChallengeForm, ConsoleVoteDecisionForm, fix_item
from governance.forms import (
    ConsoleActionForm,
    ConsoleDeclarationForm,
    ConsoleReferralForm,
    meeting_items_shown,
)
from governance.models import Vote
from governance.selectors import matters_arising_for_meeting, meeting_get_for_log, meeting_log
from governance.selectors.interests import registered_interests
from governance.services.votes import withdrawn_at
from meetings import services as meeting_services
from meetings.models import Meeting
from meetings.presence import movements_told, presence_at
from meetings.selectors import expected_members, meeting_quorum_shown, movements_prefetch
from membership.access import person_for
from membership.models import Person
from membership.partnerships import for_request

from ._common import forbidden, signed_in


def _record_decision(request, meeting, data, form):
    decision = services.decision_record(
        actor=request.user,
        body=meeting.body,
        meeting=meeting,
        decided_on=meeting.date,
        agenda_item=data["agenda_item"],
        title=data["title"],
        text=data["text"],
        decision_type=data["decision_type"],
        is_restricted=data["is_restricted"],
        vote=form.vote(),
    )
    vote = getattr(decision, "vote", None)
    if vote is None:
        return f"Decision {decision.reference} recorded."
    outcome = "carried" if vote.carried else "lost"
    return f"Decision {decision.reference} recorded: {outcome}, {vote}."


def _record_action(request, meeting, data, form):
    action = services.action_create(
        actor=request.user, body=meeting.body, meeting=meeting, raised_on=meeting.date, **data
    )
    return f"Action {action.reference} logged for {action.owner.name}."


def _record_challenge(request, meeting, data, form):
    challenge = services.challenge_raise(
        actor=request.user, body=meeting.body, meeting=meeting, raised_on=meeting.date, **data
    )
    return f"Challenge {challenge.reference} raised with {challenge.agency.name}."


def _record_declaration(request, meeting, data, form):
    declaration = services.declaration_record(actor=request.user, **data)
    withdrew = ", and withdrew for the item" if declaration.withdrew else ""
    return f"Interest of {declaration.person.name} recorded{withdrew}."


def _record_referral(request, meeting, data, form):
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
    "declaration": (ConsoleDeclarationForm, _record_declaration),
    "decision": (ConsoleVoteDecisionForm, _record_decision),
    "action": (ConsoleActionForm, _record_action),
    "challenge": (ConsoleLeadChallengeForm, _record_challenge),
    "referral": (ConsoleReferralForm, _record_referral),
}


def _item_url(meeting: Meeting, item) -> str:
    url = reverse("governance:meeting_log", args=[meeting.pk])
    return f"{url}?item={item.pk}" if item is not None else url


def _current_item(items, wanted):
    by_pk = {str(item.pk): item for item in items}
    if wanted in by_pk:
        return by_pk[wanted]
    return items[0] if items else None


STATUS_KEY = "console_status"


def _say(request, text: str, level: str = "success") -> None:
    """The confirmation is shown next to the item's records, in its live region (not at
    the top of the page with the site's other messages)."""
    request.session[STATUS_KEY] = {"text": text, "level": level}


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _make_form(name, request, meeting, items_shown, item, room, data=None):
    form_class = FORMS[name][0]
    kwargs = {"meeting": meeting, "user": request.user, "items": items_shown, "prefix": name}
    if name == "decision":
        recording, casting = services.body_vote_rules(meeting.body)
        kwargs |= {"recording": recording, "casting": casting, "voters": room["voters"]}
    if data is None:
        person = person_for(request.user)
        form = form_class(initial={"raised_by": person.pk if person else None}, **kwargs)
    else:
        form = form_class(data, **kwargs)
    fix_item(form, item)
    return form


def _room(meeting, item, expected, attendances):
    """The register and who may vote at the current item."""
    presence = (
        presence_at(
            meeting,
            item,
            attendances=attendances,
            expected=expected,
            withdrawn_ids=withdrawn_at(item),
        )
        if item
        else None
    )
    by_person = {attendance.person_id: attendance for attendance in attendances}
    register, seen = [], set()
    for term in expected:
        if term.person_id in seen:
            continue
        seen.add(term.person_id)
        attendance = by_person.get(term.person_id)
        if presence is not None:
            here = attendance in presence.present or attendance in presence.withdrawn
        else:
            here = bool(attendance and attendance.is_attending)
        register.append(
            {
                "term": term,
                "attendance": attendance,
                "present": here,
                "movements": movements_told(attendance) if attendance else [],
            }
        )
    names = {a.person_id: a.person for a in attendances} | {
        a.deputy_id: a.deputy for a in attendances if a.deputy_id
    }
    voters = []
    if presence:
        for term, voter_id in presence.entitled:
            voter = names.get(voter_id) or term.person
            voters.append((voter_id, voter.name))
    return {"presence": presence, "register": register, "voters": voters}


def _refused_before_start(request, meeting) -> str | None:
    if meeting.has_started or is_business_unit(request.user):
        return None
    return (
        f"The meeting begins at {meeting.local_start:%H:%M} on {long_date(meeting.date)}: "
        "nothing can be logged at it before then. Nothing was saved."
    )


def _register(request, meeting, item):
    try:
        person = Person.objects.get(pk=request.POST.get("person"))
    except (Person.DoesNotExist, ValueError, TypeError) as missing:
        raise ValidationError("Choose a person on the register.") from missing
    if person.pk not in {term.person_id for term in expected_members(meeting)}:
        raise ValidationError("Only the body's members are on the register.")
    present = request.POST.get("present") == "1"
    meeting_services.attendance_register(
        actor=request.user, meeting=meeting, person=person, present=present, item=item
    )
    return f"{person.name} {'is present' if present else 'is no longer present'}."


@signed_in
def meeting_log_console(request, pk: int):
    try:
        meeting = meeting_get_for_log(pk, for_request(request))
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing
    if not may_act_as_chair(request.user, meeting.body):
        return forbidden(request, chair_refusal(meeting.body))
    items_shown = meeting_items_shown(request.user, meeting).select_related("parent")
    items = list(items_shown)
    item = _current_item(items, request.POST.get("item") or request.GET.get("item"))
    expected = expected_members(meeting)
    attendances = list(
        meeting.attendances.select_related("person", "deputy").prefetch_related(
            movements_prefetch()
        )
    )
    room = _room(meeting, item, expected, attendances)
    forms = {}
    status = 200
    if request.method == "POST":
        back = _item_url(meeting, item)
        refusal = _refused_before_start(request, meeting)
        if refusal:
            if _wants_json(request):
                return JsonResponse({"error": refusal}, status=403)
            _say(request, refusal, "error")
            return redirect(back)
        name = request.POST.get("form")
        if name in ("register", "open"):
            try:
                if name == "open" and item is not None:
                    meeting_services.agenda_item_open(actor=request.user, item=item)
                    done = f"Item {item.number} opened: its timer is running."
                else:
                    done = _register(request, meeting, item)
            except ValidationError as error:
                message = " ".join(error.messages)
                if _wants_json(request):
                    return JsonResponse({"error": message}, status=400)
                _say(request, message, "error")
                return redirect(back)
            if _wants_json(request):
                return JsonResponse({"message": done})
            _say(request, done)
            return redirect(back)
        if name not in FORMS:
            return redirect(back)
        form = _make_form(name, request, meeting, items_shown, item, room, data=request.POST)
        forms[name] = form
        if form.is_valid():
            data = dict(form.cleaned_data)
            if name == "decision":
                record_data = data
            else:
                record_data = {k: v for k, v in data.items() if k in form.base_fields}
            try:
                done = FORMS[name][1](request, meeting, record_data, form)
            except PermissionDenied as refused:
                return forbidden(request, str(refused))
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                _say(request, done)
                return redirect(back)
        status = 400
    for name in FORMS:
        forms.setdefault(name, _make_form(name, request, meeting, items_shown, item, room))
    log = meeting_log(meeting, request.user)
    votes = {
        vote.decision_id: vote
        for vote in Vote.objects.filter(decision__meeting=meeting).prefetch_related(
            "ballots__person"
        )
    }
    for decision in log.decisions:
        decision.vote_taken = votes.get(decision.pk)
    here = item.pk if item else None
    return render(
        request,
        "governance/meeting_log.html",
        {
            "log": log,
            "meeting": meeting,
            "items": items,
            "item": item,
            "room": room,
            "quorum": meeting_quorum_shown(meeting, expected=expected),
            "forms": forms,
            "at_item": {
                "declarations": [d for d in log.declarations if d.agenda_item_id == here],
                "decisions": [d for d in log.decisions if d.agenda_item_id == here],
                "actions": [a for a in log.actions if a.agenda_item_id == here],
                "challenges": [c for c in log.challenges if c.agenda_item_id == here],
            },
            "matters_arising": matters_arising_for_meeting(meeting, request.user),
            "before_start": not meeting.has_started,
            # The standing register prompts each member's declarations at the item.
            "registered": (
                _registered_at(meeting, expected)
                if item and (meeting.has_started or is_business_unit(request.user))
                else []
            ),
            "said": request.session.pop(STATUS_KEY, None) if request.method == "GET" else None,
        },
        status=status,
    )


def _registered_at(meeting, expected) -> list[tuple]:
    """Each expected member with the interests they hold in the register on the day, for
    the console to offer as declarations at the item in focus."""
    held = registered_interests(meeting.body, meeting.date)
    people = {term.person_id: term.person for term in expected}
    return [(people[pk], interests) for pk, interests in held.items() if pk in people]
