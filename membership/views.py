from django.http import Http404
from django.shortcuts import render

from core.dates import today
from membership import selectors
from membership.forms import AsAtForm
from membership.models import CHAIR_ROLES, Body
from membership.partnerships import manages


def _as_at(request):
    """The date asked for in `?on=`, today when none; a bad date is reported, not guessed."""
    form = AsAtForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        return form, form.cleaned_data["on"], 200
    if form.is_bound and not form.is_valid():
        return form, today(), 400
    return form, today(), 200


def body_index(request):
    form, on, status = _as_at(request)
    bodies = selectors.body_list_structure(on)
    return render(
        request,
        "membership/body_index.html",
        {"bodies": bodies, "on": on, "as_at_form": form, "is_today": on == today()},
        status=status,
    )


def body_detail(request, slug):
    """Nothing on it is restricted: the body's business units alone also see the
    representation panel."""
    form, on, status = _as_at(request)
    try:
        body = selectors.body_get_detail(slug, on)
    except Body.DoesNotExist as missing:
        raise Http404("No such body") from missing
    chairs = [m for m in body.current_memberships if m.role in CHAIR_ROLES]
    context = {
        "body": body,
        "on": on,
        "is_today": on == today(),
        "as_at_form": form,
        "chair": chairs[0] if chairs else None,
        "members_by_agency": selectors.members_by_agency(body.current_memberships),
        "compliance": (
            selectors.body_compliance(body, on) if manages(request.user, body) else None
        ),
    }
    return render(request, "membership/body_detail.html", context, status=status)
