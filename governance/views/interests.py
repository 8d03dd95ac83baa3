"""The standing register of interests: a member keeps their own at /my/interests/ and
confirms it once a year; a body's current members and its business unit read the body's
register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.dates import today
from core.errors import add_validation_errors
from governance.interests_forms import ConfirmRegisterForm, RegisteredInterestForm
from governance.models import RegisteredInterest
from governance.selectors.interests import (
    body_register,
    confirmation_due_since,
    is_overdue,
    my_register,
)
from governance.services.interests import interest_register, interests_confirm
from membership.access import may_see_restricted, person_for
from membership.models import Body
from membership.partnerships import for_request, manages

from ._common import forbidden, signed_in

NOT_LINKED = (
    "Your login is not linked to a member of any board or group, so you have no register "
    "of interests here. Ask the business unit to link it."
)
NOT_ON_BODY = "The register of interests of a board or group is for its current members."


def _my_page(request, person, *, form=None, confirm_form=None, editing=None, status=200):
    interests, last = my_register(person)
    on = today()
    return render(
        request,
        "governance/my_interests.html",
        {
            "person": person,
            "interests": interests,
            "current": [i for i in interests if i.held_on(on)],
            "past": [i for i in interests if not i.held_on(on)],
            "last": last,
            "overdue": is_overdue(last.confirmed_at if last else None, on),
            "due_on": confirmation_due_since(last.confirmed_at if last else None),
            "form": form or RegisteredInterestForm(instance=editing),
            "editing": editing,
            "confirm_form": confirm_form or ConfirmRegisterForm(),
        },
        status=status,
    )


@signed_in
def my_interests(request):
    """The member's own register: add an entry, or confirm the register is complete."""
    person = person_for(request.user)
    if person is None:
        return forbidden(request, NOT_LINKED)
    if request.method != "POST":
        return _my_page(request, person)
    if request.POST.get("step") == "confirm":
        confirm_form = ConfirmRegisterForm(request.POST)
        if not confirm_form.is_valid():
            return _my_page(request, person, confirm_form=confirm_form, status=400)
        interests_confirm(actor=request.user, person=person)
        messages.success(request, "Thank you: your register of interests is confirmed.")
        return redirect("governance:my_interests")
    return _save(request, person, RegisteredInterest())


@signed_in
def my_interest_edit(request, pk: int):
    """Change or end one of the member's own entries; another person's is not found."""
    person = person_for(request.user)
    if person is None:
        return forbidden(request, NOT_LINKED)
    interest = get_object_or_404(RegisteredInterest, pk=pk, person=person)
    if request.method != "POST":
        return _my_page(request, person, editing=interest)
    return _save(request, person, interest)


def _save(request, person, interest):
    adding = interest.pk is None
    form = RegisteredInterestForm(request.POST, instance=interest)
    if form.is_valid():
        try:
            interest_register(actor=request.user, person=person, interest=form.instance)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                "Interest added to your register." if adding else "Your register is updated.",
            )
            return redirect("governance:my_interests")
    if not adding:
        interest.refresh_from_db()
    return _my_page(request, person, form=form, editing=None if adding else interest, status=400)


@signed_in
def body_interests(request, slug: str):
    """The register of the body's current members, with who is overdue to confirm; for the
    body's current members and its business unit."""
    try:
        body = Body.objects.in_partnership(for_request(request)).get(slug=slug)
    except Body.DoesNotExist as missing:
        raise Http404("No such board or group") from missing
    on = today()
    if not may_see_restricted(request.user, body, on):
        raise PermissionDenied(NOT_ON_BODY)
    entries = body_register(body, on)
    context = {
        "body": body,
        "entries": entries,
        "overdue": [entry for entry in entries if entry.overdue],
        "on": on,
    }
    if manages(request.user, body):
        context["recent_changes"] = RegisteredInterest.history.filter(
            person_id__in=[entry.membership.person_id for entry in entries]
        ).select_related("history_user")[:20]
    return render(request, "governance/body_interests.html", context)


__all__ = ["body_interests", "my_interest_edit", "my_interests"]
