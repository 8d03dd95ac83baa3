"""Drafting the minutes of a meeting: the editor for the business unit and the body's chair
(starting, saving items, sending for review, circulating, approving, amending, logging
decisions and actions).

Every write goes through governance.services; the pages that read the minutes, and the
comments posted from them, are in governance.views.minutes.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import add_validation_errors
from governance import selectors, services
from governance.access import chair_refusal, may_act_as_chair
from governance.forms import ConsoleActionForm, ConsoleDecisionForm
from governance.minutes_forms import (
    MinutesAmendForm,
    MinutesApproveForm,
    MinutesItemForm,
    MinutesStageForm,
)
from governance.models import Minutes, MinutesStatus
from meetings.models import AgendaVersion, Meeting

from ._common import forbidden, signed_in
from .minutes import _meeting_or_404


def _edit_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("governance:minutes_edit", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _item_form(item, data=None) -> MinutesItemForm:
    """Each item is its own small form, so fields share names; ids are made per item."""
    return MinutesItemForm(
        data,
        initial={"item": item.pk, "revision": item.revision, "text": item.text},
        auto_id=f"minute-{item.pk}-%s",
    )


def _editor(
    request,
    meeting: Meeting,
    minutes: Minutes | None,
    *,
    status: int = 200,
    refusal: list[str] | None = None,
    forms: dict | None = None,
    stale: dict | None = None,
):
    """The editor page: one small form per item, and the forms for each next step."""
    forms = forms or {}
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "refusal": refusal,
        "stale": stale,
        "published": AgendaVersion.objects.filter(meeting=meeting).exists(),
    }
    if minutes is None:
        return render(request, "governance/minutes_edit.html", context, status=status)
    by_item = defaultdict(list)
    for comment in selectors.minutes_comments(minutes):
        by_item[comment.item_id].append(comment)
    context.update(
        rows=_editor_rows(request, meeting, minutes, by_item, forms, stale),
        general_comments=by_item.get(None, []),
        versions=list(selectors.minutes_version_list(minutes).order_by("-number")),
    )
    context.update(_step_forms(request, meeting, minutes, forms))
    return render(request, "governance/minutes_edit.html", context, status=status)


def _editor_rows(request, meeting, minutes, by_item, forms, stale) -> list[dict]:
    """Each item with its decisions, actions and comments, and the form that changes it: its
    text while the minutes are a draft, the amendment asked for once they are approved."""
    decisions, actions = selectors.minutes_records(meeting)
    amend_id = forms.get("amend_item") or _int(request.GET.get("amend"))
    rows = []
    for item in minutes.item_list:
        row = {
            "item": item,
            "decisions": decisions.get(item.agenda_item_id, []),
            "actions": actions.get(item.agenda_item_id, []),
            "comments": by_item.get(item.pk, []),
            "stale": stale if stale and stale["item_id"] == item.pk else None,
        }
        if minutes.is_editable:
            row["form"] = forms.get(("item", item.pk)) or _item_form(item)
        elif item.pk == amend_id:
            row["amend_form"] = forms.get("amend") or MinutesAmendForm(
                initial={"item": item.pk, "new_text": item.current_text},
                decisions=selectors.minutes_list_amending_decisions(minutes),
            )
        rows.append(row)
    return rows


def _step_forms(request, meeting, minutes, forms) -> dict:
    """The forms for the next steps: sending on and logging while a draft, approving once
    circulated. A form handed back with errors stands in for a fresh one."""
    found = {}
    if minutes.is_editable:
        item_initial = {"agenda_item": _int(request.GET.get("item"))}
        found.update(
            stage_form=forms.get("stage") or MinutesStageForm(),
            decision_form=forms.get("decision")
            or ConsoleDecisionForm(
                meeting=meeting, user=request.user, prefix="decision", initial=item_initial
            ),
            action_form=forms.get("action")
            or ConsoleActionForm(
                meeting=meeting, user=request.user, prefix="action", initial=item_initial
            ),
        )
    if minutes.status == MinutesStatus.CIRCULATED:
        found["approve_form"] = forms.get("approve") or MinutesApproveForm(
            choices=selectors.minutes_list_approval_items(minutes, request.user)
        )
    return found


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _start(request, meeting, minutes):
    try:
        services.minutes_draft(actor=request.user, meeting=meeting)
    except ValidationError as refusal:
        return _editor(request, meeting, minutes, status=400, refusal=refusal.messages)
    messages.success(request, "The minutes have been started from the published agenda.")
    return redirect(_edit_url(meeting))


def _save_item(request, meeting, minutes):
    form = MinutesItemForm(request.POST)
    items = {item.pk: item for item in minutes.item_list}
    if not form.is_valid() or form.cleaned_data["item"] not in items:
        return _editor(
            request,
            meeting,
            minutes,
            status=400,
            refusal=["This item could not be saved: reload the page and try again."],
        )
    item = items[form.cleaned_data["item"]]
    try:
        services.minutes_save_item(
            actor=request.user,
            minutes=minutes,
            item=item,
            text=form.cleaned_data["text"],
            expected_revision=form.cleaned_data["revision"],
        )
    except services.StaleEdit as stale:
        current = stale.current
        fresh = selectors.minutes_get_for_meeting(meeting.pk)
        return _editor(
            request,
            meeting,
            fresh,
            status=409,
            stale={
                "item_id": item.pk,
                "message": stale.messages[0],
                "your_text": form.cleaned_data["text"],
            },
            forms={("item", item.pk): _item_form(current)},
        )
    except ValidationError as refusal:
        return _editor(request, meeting, minutes, status=400, refusal=refusal.messages)
    messages.success(request, f"Item {item.number or item.title} saved.")
    return redirect(_edit_url(meeting, f"item-{item.pk}"))


def _stage(service, done: str):
    def handle(request, meeting, minutes):
        form = MinutesStageForm(request.POST)
        if form.is_valid():
            try:
                version = service(
                    actor=request.user, minutes=minutes, note=form.cleaned_data["note"]
                )
            except ValidationError as refusal:
                return _editor(
                    request, meeting, minutes, status=400, refusal=refusal.messages,
                    forms={"stage": form},
                )  # fmt: skip
            messages.success(request, done.format(number=version.number))
            return redirect(_edit_url(meeting))
        return _editor(request, meeting, minutes, status=400, forms={"stage": form})

    return handle


def _refresh_attendance(request, meeting, minutes):
    try:
        services.minutes_refresh_attendance(actor=request.user, minutes=minutes)
    except ValidationError as refusal:
        return _editor(request, meeting, minutes, status=400, refusal=refusal.messages)
    messages.success(request, "The attendance has been taken again from the meeting's record.")
    return redirect(_edit_url(meeting, "attendance"))


def _approve(request, meeting, minutes):
    form = MinutesApproveForm(
        request.POST, choices=selectors.minutes_list_approval_items(minutes, request.user)
    )
    if form.is_valid():
        at_meeting, item = form.cleaned_data["at"]
        try:
            decision = services.minutes_approve(
                actor=request.user, minutes=minutes, at_meeting=at_meeting, agenda_item=item
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"The minutes are approved ({decision.reference}) and locked: corrections "
                "from now on are amendments.",
            )
            return redirect(_edit_url(meeting))
    return _editor(request, meeting, minutes, status=400, forms={"approve": form})


def _amend(request, meeting, minutes):
    form = MinutesAmendForm(
        request.POST, decisions=selectors.minutes_list_amending_decisions(minutes)
    )
    items = {item.pk: item for item in minutes.item_list}
    item = items.get(_int(request.POST.get("item")))
    if item is None:
        return _editor(
            request, meeting, minutes, status=400, refusal=["Choose an item of these minutes."]
        )
    if form.is_valid():
        try:
            services.minutes_amend(
                actor=request.user,
                minutes=minutes,
                item=item,
                new_text=form.cleaned_data["new_text"],
                decision=form.cleaned_data["decision"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Item {item.number} amended.")
            return redirect(_edit_url(meeting, f"item-{item.pk}"))
    return _editor(
        request, meeting, minutes, status=400, forms={"amend": form, "amend_item": item.pk}
    )


def _record_decision(request, meeting, minutes):
    form = ConsoleDecisionForm(request.POST, meeting=meeting, user=request.user, prefix="decision")
    if form.is_valid():
        try:
            decision = services.decision_record(
                actor=request.user,
                body=meeting.body,
                meeting=meeting,
                decided_on=meeting.date,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Decision {decision.reference} recorded.")
            anchor = _anchor_for(minutes, decision.agenda_item_id)
            return redirect(_edit_url(meeting, anchor))
    return _editor(
        request,
        meeting,
        minutes,
        status=400,
        forms={"decision": form},
        refusal=_locked(minutes, form),
    )


def _record_action(request, meeting, minutes):
    form = ConsoleActionForm(request.POST, meeting=meeting, user=request.user, prefix="action")
    if form.is_valid():
        try:
            action = services.action_create(
                actor=request.user,
                body=meeting.body,
                meeting=meeting,
                raised_on=meeting.date,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} logged for {action.owner.name}.")
            return redirect(_edit_url(meeting, _anchor_for(minutes, action.agenda_item_id)))
    return _editor(
        request,
        meeting,
        minutes,
        status=400,
        forms={"action": form},
        refusal=_locked(minutes, form),
    )


def _locked(minutes: Minutes, form) -> list[str] | None:
    """Locked minutes show no forms to log with: a refusal is said above the page."""
    if not minutes.is_locked:
        return None
    return [message for messages in form.errors.values() for message in messages]


def _anchor_for(minutes: Minutes, agenda_item_id: int | None) -> str:
    for item in minutes.item_list:
        if agenda_item_id is not None and item.agenda_item_id == agenda_item_id:
            return f"item-{item.pk}"
    return "items"


EDIT_ACTIONS = {
    "save_item": _save_item,
    "submit": _stage(
        services.minutes_submit_for_review,
        "The minutes have been sent to the chair for review (version {number}).",
    ),
    "circulate": _stage(
        services.minutes_circulate,
        "The minutes have been circulated to those who attended (version {number}).",
    ),
    "refresh_attendance": _refresh_attendance,
    "approve": _approve,
    "amend": _amend,
    "decision": _record_decision,
    "action": _record_action,
}


@signed_in
def minutes_edit(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    if not may_act_as_chair(request.user, meeting.body):
        return forbidden(request, chair_refusal(meeting.body))
    minutes = selectors.minutes_get_for_meeting(pk)
    if request.method != "POST":
        return _editor(request, meeting, minutes)
    action = request.POST.get("action", "")
    if minutes is None:
        return _start(request, meeting, None) if action == "start" else redirect(request.path)
    handler = EDIT_ACTIONS.get(action)
    if handler is None:
        return redirect(request.path)
    try:
        return handler(request, meeting, minutes)
    except PermissionDenied as refusal:
        return forbidden(request, str(refusal))
