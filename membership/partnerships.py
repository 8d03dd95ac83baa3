"""Which partnership a request is for, and which partnerships a user runs.

A partnership answers on its own Wagtail Site, found by the request's hostname as Wagtail
finds any site; the default partnership answers on every other allowed hostname, so a
one-board installation needs no hostnames at all. Nothing here is kept between requests:
what a request learns is kept on that request (and its user) alone.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from core.roles import AnyUser, is_business_unit
from membership.models import Body, Partnership, default_partnership


def for_request(request: HttpRequest) -> Partnership:
    """The partnership whose site answers this request (kept on the request)."""
    found = getattr(request, "_tabled_partnership", None)
    if found is None:
        site = Site.find_for_request(request)
        found = (
            Partnership.objects.select_related("site", "logo", "board").filter(site=site).first()
            if site is not None
            else None
        ) or default_partnership()
        request._tabled_partnership = found
    return found


def managed_partnership_ids(user: AnyUser) -> frozenset[int]:
    """The partnerships whose business unit the user is in: all of them for a superuser.
    Kept on the user object, which lives for one request."""
    if not is_business_unit(user):
        return frozenset()
    cached = getattr(user, "_tabled_managed_partnerships", None)
    if cached is None:
        rows = Partnership.objects.all()
        if not user.is_superuser:
            rows = rows.filter(business_unit__user=user)
        cached = frozenset(rows.values_list("pk", flat=True))
        user._tabled_managed_partnerships = cached
    return cached


def manages(user: AnyUser, target: Partnership | Body) -> bool:
    """Whether the user runs this partnership, or a partnership this body serves (its own,
    or one whose board a joint body reports to)."""
    managed = managed_partnership_ids(user)
    if not managed:
        return False
    if isinstance(target, Partnership):
        return target.pk in managed
    return Body.objects.in_partnerships(managed).filter(pk=target.pk).exists()


def managed_body_ids(user: AnyUser):
    """A subquery of the bodies the user's business unit runs (for `pk__in`)."""
    return Body.objects.in_partnerships(managed_partnership_ids(user)).values("pk")


def body_ids_in(partnership: Partnership):
    """A subquery of the bodies serving this partnership (for `body__in`)."""
    return Body.objects.in_partnership(partnership).values("pk")


def context(request: HttpRequest) -> dict:
    """The request's partnership for the shared layout (its name, logo and contact), read
    only by a template that shows it."""
    return {"partnership": SimpleLazyObject(lambda: for_request(request))}
