from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.dates import today
from core.errors import add_validation_errors
from governance import services
from governance.access import may_update_action
from governance.forms import ActionFilterForm, ActionUpdateForm
from governance.models import Action, scheme_of
from governance.selectors import (
    action_get_visible,
    action_list_for_owner,
    action_list_visible,
    matters_arising_for_meeting,
    meeting_get_next,
)
from membership.access import person_for
from membership.partnerships import for_request

from ._common import (
    csv_refusal,
    csv_response,
    forbidden,
    history_context,
    members_only,
    read_filters,
    signed_in,
)

NOT_YOURS = (
    "You can update only the actions you own. Ask the chair of the action's body or the "
    "business unit to update someone else's."
)


def _filtered(request):
    form, values, status = read_filters(ActionFilterForm, request)
    partnership = for_request(request)
    form.fields["rag"].choices = [
        ("", "Any"),
        *((rag.state, rag.label) for rag in scheme_of(partnership).all_states()),
    ]
    chosen = values.get("status") or ""
    actions = action_list_visible(
        request.user,
        on=today(),
        partnership=partnership,
        body=values.get("body"),
        status="" if chosen == "all" else chosen,
        open_only=chosen == "",
        rag=values.get("rag") or "",
        owner=values.get("owner"),
    )
    return form, actions, status, values


@members_only
def action_index(request):
    """The action log for members: open actions unless asked otherwise, overdue flagged."""
    form, actions, status, values = _filtered(request)
    body = values.get("body")
    # A body's open actions come back as matters arising at its next meeting.
    next_meeting = meeting_get_next(body, timezone.now()) if body is not None else None
    return render(
        request,
        "governance/action_index.html",
        {
            "form": form,
            "actions": actions,
            "body": body,
            "next_meeting": next_meeting,
            "matters_arising": (
                matters_arising_for_meeting(next_meeting, request.user) if next_meeting else []
            ),
            "overdue_count": sum(1 for action in actions if action.overdue),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@members_only
def action_export(request):
    form, actions, status, _values = _filtered(request)
    if status != 200:
        return csv_refusal(form)
    return csv_response(
        "actions.csv",
        ["Reference", "Body", "Action", "Owner", "Agency", "Raised", "Due", "Status", "RAG"],
        (
            [
                a.reference,
                a.body.name,
                a.description,
                a.owner.name,
                a.organisation.name if a.organisation else "",
                a.raised_on,
                a.due_date,
                a.get_status_display(),
                a.rag.label,
            ]
            for a in actions
        ),
    )


def _save_update(request, action: Action, form: ActionUpdateForm) -> bool:
    try:
        services.action_update(
            actor=request.user,
            action=action,
            text=form.cleaned_data["text"],
            update_date=form.cleaned_data["update_date"],
            new_status=form.cleaned_data["new_status"],
            new_due_date=form.cleaned_data["new_due_date"],
        )
    except ValidationError as error:
        add_validation_errors(form, error)
        return False
    messages.success(request, f"Update to {action.reference} saved.")
    return True


@members_only
def action_detail(request, key: str):
    try:
        action = action_get_visible(request.user, key, on=today(), partnership=for_request(request))
    except Action.DoesNotExist as missing:
        raise Http404("No such action") from missing
    may_update = may_update_action(request.user, action)
    form = ActionUpdateForm(initial={"update_date": today()})
    status = 200
    if request.method == "POST":
        if not may_update:
            return forbidden(request, NOT_YOURS)
        form = ActionUpdateForm(request.POST)
        if form.is_valid() and _save_update(request, action, form):
            return redirect(action.get_absolute_url())
        status = 400
    return render(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "may_update": may_update,
            "form": form,
            **history_context(request, action),
        },
        status=status,
    )


@signed_in
def my_actions(request):
    """The signed-in person's open actions, each with a form to add an update."""
    person = person_for(request.user)
    actions = action_list_for_owner(request.user, person, on=today()) if person else []
    for action in actions:
        action.form = ActionUpdateForm(initial={"update_date": today()}, prefix=f"a{action.pk}")
    return render(request, "governance/my_actions.html", {"actions": actions, "person": person})


@signed_in
def my_action_update(request, pk: int):
    """An owner's update from /my/actions/. Someone else's action is refused, not shown."""
    if request.method != "POST":
        return redirect("governance:my_actions")
    person = person_for(request.user)
    action = get_object_or_404(Action.objects.select_related("body"), pk=pk)
    if person is None or action.owner_id != person.pk:
        return forbidden(request, NOT_YOURS)
    form = ActionUpdateForm(request.POST, prefix=f"a{action.pk}")
    if form.is_valid() and _save_update(request, action, form):
        return redirect("governance:my_actions")
    actions = action_list_for_owner(request.user, person, on=today())
    for listed in actions:
        listed.form = (
            form
            if listed.pk == action.pk
            else ActionUpdateForm(initial={"update_date": today()}, prefix=f"a{listed.pk}")
        )
    return render(
        request,
        "governance/my_actions.html",
        {"actions": actions, "person": person, "failed": action.pk},
        status=400,
    )
