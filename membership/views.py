from functools import cached_property

from django.http import Http404
from django.shortcuts import render

from core.dates import today
from membership import page_cache, selectors
from membership.access import is_business_unit
from membership.forms import AsAtForm
from membership.models import CHAIR_ROLES, Body


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


class _BodyPage:
    """What the body page shows under its name, read only when the page cache has not kept
    it (membership.page_cache)."""

    def __init__(self, slug: str, on, *, compliance: bool):
        self.slug, self.on, self.with_compliance = slug, on, compliance

    @cached_property
    def body(self) -> Body:
        return selectors.body_get_detail(self.slug, self.on)

    @cached_property
    def chair(self):
        chairs = [m for m in self.body.current_memberships if m.role in CHAIR_ROLES]
        return chairs[0] if chairs else None

    @cached_property
    def members_by_agency(self):
        return selectors.members_by_agency(self.body.current_memberships)

    @cached_property
    def compliance(self):
        return selectors.body_compliance(self.body, self.on) if self.with_compliance else None


@page_cache.versioned
def body_detail(request, slug):
    """Nothing on it is restricted: the business unit alone also sees the representation
    panel, so the page is kept by membership.page_cache for two audiences, per date asked."""
    form, on, status = _as_at(request)
    try:
        # The body and its parent are the same for every reader, so kept like the parts.
        body = page_cache.value(request, "body", slug, lambda: selectors.body_get(slug))
    except Body.DoesNotExist as missing:
        raise Http404("No such body") from missing
    business_unit = is_business_unit(request.user)
    context = {
        "body": body,
        "on": on,
        "is_today": on == today(),
        "as_at_form": form,
        "detail": _BodyPage(slug, on, compliance=business_unit),
        "audience": ("business-unit" if business_unit else "reader", status),
        "full_query": sorted(request.GET.lists()),
    }
    return render(request, "membership/body_detail.html", context, status=status)
