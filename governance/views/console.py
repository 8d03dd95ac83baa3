"""The chair's meeting console: the register at the start, then item by item the
declarations of interest, arrivals and departures, decisions (with their votes), actions,
challenges and items sent on, each saved and shown in place. One column, the agenda beside
it on a wide screen and above it on a narrow one; every step works without a script, and
the console's script (static/js/console.js) saves the register as it is ticked, keeps an
item's timer and narrows the lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.dates import long_date
from core.errors import add_validation_errors
from governance import services
from governance.access import chair_refusal, may_act_as_chair
from governance.console_forms import (
    ConsoleActionForm,
    ConsoleChallengeForm,
    ConsoleDecisionForm,
    ConsoleDeclarationForm,
    ConsoleReferralForm,
    MovementForm,
    RegisterForm,
    meeting_items_shown,
)
from governance.models import VoteRecording, settings_for
from governance.selectors import matters_arising_for_meeting, meeting_get_for_log, meeting_log
from meetings import services as meeting_services
from meetings.models import Attendance, AttendanceStatus, Meeting
from meetings.selectors import expected_members
from membership.access import person_for
from membership.models import Person
from membership.partnerships import for_request, manages

from ._common import forbidden, signed_in


def _record_decision(request, meeting, form):
    data = {key: value for key, value in form.cleaned_data.items() if key in DECISION_FIELDS}
    vote = form.vote_data()
    with transaction.atomic():
        decision = services.decision_record(
            actor=request.user,
            body=meeting.body,
            meeting=meeting,
            decided_on=meeting.date,
            **data,
        )
        if vote is None:
            return f"Decision {decision.reference} recorded."
        taken = services.vote_record(actor=request.user, decision=decision, **vote)
    result = "carried" if taken.carried else "lost"
    return f"Decision {decision.reference} recorded: the vote was {result}, {taken}."


DECISION_FIELDS = ("agenda_item", "title", "text", "decision_type", "is_restricted")


def _record_action(request, meeting, form):
    action = services.action_create(
        actor=request.user,
        body=meeting.body,
        meeting=meeting,
        raised_on=meeting.date,
        **form.cleaned_data,
    )
    return f"Action {action.reference} logged for {action.owner.name}."


def _record_challenge(request, meeting, form):
    challenge = services.challenge_raise(
        actor=request.user,
        body=meeting.body,
        meeting=meeting,
        raised_on=meeting.date,
        **form.cleaned_data,
    )
    return f"Challenge {challenge.reference} raised with {challenge.agency.name}."


def _record_declaration(request, meeting, form):
    declaration = services.declaration_record(actor=request.user, **form.cleaned_data)
    withdrew = " They withdrew for the item." if declaration.withdrew else ""
    return f"Interest of {declaration.person.name} recorded.{withdrew}"


def _record_referral(request, meeting, form):
    data = form.cleaned_data
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


class Console:
    """Everything the console page shows, read once per request."""

    def __init__(self, request, meeting: Meeting):
        self.request = request
        self.meeting = meeting
        self.business_unit = manages(request.user, meeting.body)
        self.may_log = meeting.has_started or self.business_unit
        # One queryset for the page: every form's item list reuses it.
        self.item_choices = meeting_items_shown(request.user, meeting)
        self.items = list(self.item_choices)
        self.current = self._current_item()
        self.expected = expected_members(meeting)
        self.recorded = {
            record.person_id: record
            for record in Attendance.objects.filter(meeting=meeting).select_related(
                "person", "deputy"
            )
        }
        self.presence = services.presence_for_vote(self.current) if self.current else None
        body_settings = settings_for(meeting.body)
        self.named_votes = bool(
            body_settings and body_settings.vote_recording == VoteRecording.NAMED
        )
        self.casting_allowed = body_settings.chair_has_casting_vote if body_settings else True

    @property
    def next_item(self):
        if self.current is None:
            return self.items[0] if self.items else None
        position = self.items.index(self.current)
        return self.items[position + 1] if position + 1 < len(self.items) else None

    def _current_item(self):
        wanted = self.request.GET.get("item") or self.request.POST.get("current_item")
        for item in self.items:
            if wanted and str(item.pk) == wanted:
                return item
        return None

    def address(self, item=None, anchor: str = "saved") -> str:
        item = item or self.current
        query = f"?item={item.pk}" if item else ""
        return reverse("governance:meeting_log", args=[self.meeting.pk]) + query + f"#{anchor}"

    def form(self, name: str, data=None):
        form_class, _record = FORMS[name]
        person = person_for(self.request.user)
        initial = {"raised_by": person.pk if person else None}
        if self.current is not None:
            initial["agenda_item"] = self.current.pk
        extra = {}
        if name == "decision":
            extra = {
                "voters": self.presence.voters if self.presence else (),
                "named": self.named_votes,
                "casting_allowed": self.casting_allowed,
            }
        return form_class(
            data,
            meeting=self.meeting,
            user=self.request.user,
            items=self.item_choices,
            prefix=name,
            initial=initial,
            **extra,
        )

    def register_form(self, data=None) -> RegisterForm:
        return RegisterForm(data, expected=self.expected, recorded=self.recorded, prefix="register")

    def movement_form(self, data=None) -> MovementForm:
        people = Person.objects.filter(
            pk__in=[term.person_id for term in self.expected] + list(self.recorded)
        ).order_by("family_name", "given_name")
        return MovementForm(data, people=people, prefix="movement")

    def not_yet_begun(self) -> str:
        start = self.meeting.local_start
        return (
            f"The meeting begins at {start:%H:%M} on {long_date(start.date())}: until then "
            "nothing can be logged or registered here, except by the business unit."
        )


def _save_register(console: Console, form: RegisterForm) -> str:
    changes = form.changes(console.recorded)
    for person_id, status in changes:
        before = console.recorded.get(person_id)
        meeting_services.attendance_record(
            actor=console.request.user,
            meeting=console.meeting,
            person=Person.objects.get(pk=person_id),
            status=status,
            deputy=before.deputy if before and status == AttendanceStatus.DEPUTY else None,
            reason="Register taken at the meeting",
        )
    present = sum(
        1
        for term, name in form.rows
        if form.cleaned_data.get(name)
        in (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT_ONLINE, AttendanceStatus.DEPUTY)
    )
    return f"Register saved: {present} of {len(form.rows)} members present or represented."


def _save_movement(console: Console, form: MovementForm) -> str:
    if console.current is None:
        raise ValidationError("Open the item during which they arrived or left.")
    person = form.cleaned_data["person"]
    if form.cleaned_data["movement"] == "arrived":
        meeting_services.attendance_arrive(
            actor=console.request.user,
            meeting=console.meeting,
            person=person,
            item=console.current,
        )
        return f"{person.name} arrived during item {console.current.number}."
    meeting_services.attendance_leave(
        actor=console.request.user, meeting=console.meeting, person=person, item=console.current
    )
    return f"{person.name} left during item {console.current.number}."


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@signed_in
def meeting_log_console(request, pk: int):
    try:
        meeting = meeting_get_for_log(pk, for_request(request))
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing
    if not may_act_as_chair(request.user, meeting.body):
        return forbidden(request, chair_refusal(meeting.body))
    console = Console(request, meeting)
    forms = {name: console.form(name) for name in FORMS}
    register = console.register_form()
    movement = console.movement_form()
    status = 200
    if request.method == "POST":
        name = request.POST.get("form")
        if name not in (*FORMS, "register", "movement"):
            return redirect(console.address())
        if not console.may_log:
            if _wants_json(request):
                return JsonResponse({"message": console.not_yet_begun()}, status=403)
            return forbidden(request, console.not_yet_begun())
        if name == "register":
            form = register = console.register_form(request.POST)
            save = lambda: _save_register(console, form)  # noqa: E731
        elif name == "movement":
            form = movement = console.movement_form(request.POST)
            save = lambda: _save_movement(console, form)  # noqa: E731
        else:
            form = forms[name] = console.form(name, request.POST)
            save = lambda: FORMS[name][1](request, meeting, form)  # noqa: E731
        if form.is_valid():
            try:
                done = save()
            except PermissionDenied as refusal:
                return forbidden(request, str(refusal))
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if _wants_json(request):
                    return JsonResponse({"message": done})
                messages.success(request, done)
                item = form.cleaned_data.get("agenda_item") if name in FORMS else None
                return redirect(console.address(item))
        if _wants_json(request):
            return JsonResponse({"message": "Not saved: " + _first_error(form)}, status=400)
        status = 400
    return render(
        request,
        "governance/meeting_log.html",
        {
            "console": console,
            "log": _grouped(meeting_log(meeting, request.user), console.current),
            "meeting": meeting,
            "forms": forms,
            "register": register,
            "movement": movement,
            "matters_arising": matters_arising_for_meeting(meeting, request.user),
        },
        status=status,
    )


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "check the form."


def _grouped(log, current):
    """The log, with what was recorded at the item in focus picked out to show there."""
    item_id = current.pk if current else None
    log.here = {
        "declarations": [d for d in log.declarations if d.agenda_item_id == item_id],
        "decisions": [d for d in log.decisions if d.agenda_item_id == item_id],
        "actions": [a for a in log.actions if a.agenda_item_id == item_id],
        "challenges": [c for c in log.challenges if c.agenda_item_id == item_id],
    }
    log.here_count = sum(len(records) for records in log.here.values())
    return log
