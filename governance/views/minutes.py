"""The minutes of a meeting: the page and its PDF, the versions and their comparison, the
comments of those who attended, and the editor for the business unit and the body's chair.

Every read goes through governance.selectors and the one rule in governance.access
(`minutes_access`); every write through governance.services.minutes.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.errors import add_validation_errors
from governance import pdf as documents
from governance import selectors, services
from governance.access import MinutesAccess, chair_refusal, may_act_as_chair, minutes_access
from governance.forms import ConsoleActionForm, ConsoleDecisionForm
from governance.minutes_forms import (
    MinutesAmendForm,
    MinutesApproveForm,
    MinutesCommentForm,
    MinutesItemForm,
    MinutesStageForm,
)
from governance.minutes_snapshots import attendee_ids, compare, item_data, visible_items
from governance.models import Minutes, MinutesStatus, MinutesVersion
from meetings.forms import CompareForm
from meetings.models import AgendaVersion, Meeting
from meetings.papers.views import PRIVATE_CACHE, PUBLIC_CACHE, safe_filename

from ._common import forbidden, signed_in


# ---------------------------------------------------------------------------
# Loading and the access rule
# ---------------------------------------------------------------------------
def _meeting_or_404(pk: int) -> Meeting:
    try:
        return Meeting.objects.select_related("body").get(pk=pk)
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing


def _load(request, pk: int) -> tuple[Meeting, Minutes | None, MinutesAccess]:
    meeting = _meeting_or_404(pk)
    minutes = selectors.minutes_get_for_meeting(pk)
    access = minutes_access(
        request.user,
        meeting.body,
        status=minutes.status if minutes else None,
        attendee_ids=attendee_ids(selectors.meeting_attendance(meeting)),
    )
    return meeting, minutes, access


def _unavailable(request, meeting: Meeting, access: MinutesAccess):
    """The minutes are not there for this reader: not started, or not yet approved. A 404,
    as for a paper the reader may not open, with a word on when minutes appear."""
    return render(
        request,
        "governance/minutes_unavailable.html",
        {"meeting": meeting, "access": access},
        status=404,
    )


def _page_items(user, minutes: Minutes, access: MinutesAccess, comments=()) -> list[dict]:
    """The minutes' items as the reader may see them, each with its decisions and actions
    (those the reader may see), its amendments and, for the editors and attendees, the
    comments on it."""
    decisions, actions = selectors.minutes_records(minutes.meeting, user)
    by_item = defaultdict(list)
    for comment in comments:
        by_item[comment.item_id].append(comment)
    items = []
    for item in minutes.item_list:
        data = item_data(
            item,
            decisions=decisions.get(item.agenda_item_id, ()),
            actions=actions.get(item.agenda_item_id, ()),
        )
        data["approved_text"] = item.text
        data["amendments"] = item.amendment_list
        data["comments"] = by_item.get(item.pk, [])
        items.append(data)
    return visible_items(items, see_restricted=access.see_restricted)


def _commentable(minutes: Minutes, access: MinutesAccess) -> list:
    """The items a reader may comment on: those they may see."""
    return [item for item in minutes.item_list if access.see_restricted or not item.restricted]


def _visible_versions(minutes: Minutes, access: MinutesAccess) -> list[MinutesVersion]:
    return [
        version
        for version in selectors.minutes_version_list(minutes).order_by("number")
        if access.may_see_stage(version.stage)
    ]


def _detail_context(request, meeting, minutes, access) -> dict:
    comments = selectors.minutes_comments(minutes) if access.may_see_comments else []
    versions = _visible_versions(minutes, access)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "access": access,
        "items": _page_items(request.user, minutes, access, comments),
        "general_comments": [c for c in comments if c.item_id is None],
        "attendance": minutes.attendance,
        "latest_version": versions[-1] if versions else None,
    }


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def minutes_detail(request, pk: int, comment_form=None, status: int = 200):
    meeting, minutes, access = _load(request, pk)
    if not access.may_read:
        return _unavailable(request, meeting, access)
    context = _detail_context(request, meeting, minutes, access)
    if access.may_comment:
        context["comment_form"] = comment_form or MinutesCommentForm(
            items=_commentable(minutes, access)
        )
    return render(request, "governance/minutes_detail.html", context, status=status)


@require_safe
def minutes_pdf(request, pk: int):
    meeting, minutes, access = _load(request, pk)
    if not access.may_read:
        raise Http404("No such minutes")
    context = _detail_context(request, meeting, minutes, access)
    if minutes.is_locked:
        pdf = documents.kept_minutes_pdf(context)
    else:
        pdf = documents.minutes_pdf(context)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = safe_filename(
        meeting.body.short_name or meeting.body.name,
        f"{meeting.date:%Y-%m-%d}",
        "minutes" if minutes.is_locked else "draft minutes",
        fallback=f"meeting-{meeting.pk}-minutes",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PUBLIC_CACHE if access.is_public_view else PRIVATE_CACHE
    return response


def _readable_minutes(request, pk: int):
    meeting, minutes, access = _load(request, pk)
    if not access.may_read:
        raise Http404("No such minutes")
    return meeting, minutes, access


def _restricted_now(minutes: Minutes, items: list[dict]) -> list[dict]:
    """A version's items with today's restrictions in place of those it was frozen with, as
    for agenda versions (meetings.access.Restrictions): an item, decision or action restricted
    since is hidden in an older version too, one opened up since is shown, and one that no
    longer exists counts as restricted."""
    items_public = {item.pk for item in minutes.item_list if not item.restricted}
    decisions, actions = selectors.minutes_records(minutes.meeting)
    decisions_public = {d.pk for found in decisions.values() for d in found if not d.restricted}
    actions_public = {a.pk for found in actions.values() for a in found if not a.restricted}

    def marked(records, public):
        return [{**r, "restricted": r["id"] not in public} for r in records]

    return [
        {
            **item,
            "restricted": item["id"] not in items_public,
            "decisions": marked(item.get("decisions", []), decisions_public),
            "actions": marked(item.get("actions", []), actions_public),
        }
        for item in items
    ]


def minutes_versions(request, pk: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    versions = _visible_versions(minutes, access)
    rows = []
    previous = None
    for version in versions:
        rows.append({"version": version, "previous": previous})
        previous = version
    rows.reverse()
    return render(
        request,
        "governance/minutes_versions.html",
        {"meeting": meeting, "minutes": minutes, "rows": rows},
    )


def minutes_version_detail(request, pk: int, number: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    version = selectors.minutes_version_list(minutes).filter(number=number).first()
    if version is None or not access.may_see_stage(version.stage):
        raise Http404("No such version")
    items = visible_items(
        _restricted_now(minutes, version.items), see_restricted=access.see_restricted
    )
    return render(
        request,
        "governance/minutes_version_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "version": version,
            "items": items,
            "attendance": version.snapshot.get("attendance", {}),
        },
    )


def minutes_compare(request, pk: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    form = CompareForm(request.GET)
    context = {"meeting": meeting, "minutes": minutes, "form": form}
    if not form.is_valid():
        return render(request, "governance/minutes_compare.html", context, status=400)
    numbers = (form.cleaned_data["a"], form.cleaned_data["b"])
    found = {
        version.number: version
        for version in selectors.minutes_version_list(minutes).filter(number__in=numbers)
        if access.may_see_stage(version.stage)
    }
    unknown = sorted({n for n in numbers if n not in found})
    if unknown:
        context["unknown"] = unknown
        return render(request, "governance/minutes_compare.html", context, status=404)
    old, new = found[numbers[0]], found[numbers[1]]
    before, after = (
        {**version.snapshot, "items": _restricted_now(minutes, version.items)}
        for version in (old, new)
    )
    context.update(
        old=old,
        new=new,
        comparison=compare(before, after, see_restricted=access.see_restricted),
    )
    return render(request, "governance/minutes_compare.html", context)


@signed_in
@require_POST
def minutes_comment(request, pk: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    form = MinutesCommentForm(request.POST, items=_commentable(minutes, access))
    if form.is_valid():
        try:
            services.minutes_comment(
                actor=request.user,
                minutes=minutes,
                item=form.cleaned_data["item"],
                text=form.cleaned_data["text"],
            )
        except PermissionDenied as refusal:
            return forbidden(request, str(refusal))
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Thank you: your comment has been sent with the minutes.")
            return redirect(reverse("governance:minutes_detail", args=[pk]) + "#comments")
    return minutes_detail(request, pk, comment_form=form, status=400)


# ---------------------------------------------------------------------------
# The editor
# ---------------------------------------------------------------------------
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
    comments = selectors.minutes_comments(minutes)
    by_item = defaultdict(list)
    for comment in comments:
        by_item[comment.item_id].append(comment)
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
    context.update(
        rows=rows,
        general_comments=by_item.get(None, []),
        versions=list(selectors.minutes_version_list(minutes).order_by("-number")),
    )
    if minutes.is_editable:
        item_initial = {"agenda_item": _int(request.GET.get("item"))}
        context.update(
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
        context["approve_form"] = forms.get("approve") or MinutesApproveForm(
            choices=selectors.minutes_list_approval_items(minutes, request.user)
        )
    return render(request, "governance/minutes_edit.html", context, status=status)


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
    meeting = _meeting_or_404(pk)
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
