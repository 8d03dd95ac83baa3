"""Which partnership a request is for, and which partnerships a user runs.

A partnership answers on its own Wagtail Site, found by the request's hostname as Wagtail
finds any site; the default partnership answers on every other allowed hostname, so a
one-board installation needs no hostnames at all. Nothing here is kept between requests:
what a request learns is kept on that request (and its user) alone.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
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
    Kept on the user object, which lives for one request (the sign-in backend reads it with
    the user, so a request pays nothing for it)."""
    if not is_business_unit(user):
        return frozenset()
    cached = getattr(user, "_tabled_managed_partnerships", None)
    if cached is None:
        mine = Exists(Group.objects.filter(partnership=OuterRef("pk"), user=user.pk))
        rows = Partnership.objects.annotate(mine=mine).values_list("pk", "mine")
        every = {pk: bool(is_mine or user.is_superuser) for pk, is_mine in rows}
        cached = frozenset(pk for pk, is_mine in every.items() if is_mine)
        remember_managed(user, cached, every=len(cached) == len(every))
    return cached


def remember_managed(user: AnyUser, managed: frozenset[int], *, every: bool) -> None:
    """Keep what the user runs on the user object (the sign-in backend reads it with them)."""
    user._tabled_managed_partnerships = managed
    user._tabled_runs_every_partnership = every


def runs_every_partnership(user: AnyUser) -> bool:
    """Whether the user runs every partnership (a superuser, or the business unit of a
    one-partnership installation): then every body is theirs and no filter is needed."""
    if not managed_partnership_ids(user):
        return False
    return bool(getattr(user, "_tabled_runs_every_partnership", False))


def managed_body_id_set(user: AnyUser) -> frozenset[int]:
    """The bodies the user's business unit runs, as a set read once per user object (for a
    page that asks about many bodies, or one body many times)."""
    cached = getattr(user, "_tabled_managed_bodies", None)
    if cached is None:
        managed = managed_partnership_ids(user)
        if not managed:
            cached = frozenset()
        elif runs_every_partnership(user):
            cached = frozenset(Body.objects.values_list("pk", flat=True))
        else:
            cached = frozenset(Body.objects.in_partnerships(managed).values_list("pk", flat=True))
        user._tabled_managed_bodies = cached
    return cached


def manages(user: AnyUser, target: Partnership | Body) -> bool:
    """Whether the user runs this partnership, or a partnership this body serves (its own,
    or one whose board a joint body reports to). A body of a partnership the user runs is
    answered without a query; a joint body of another partnership by the bodies read once
    per user object."""
    managed = managed_partnership_ids(user)
    if not managed:
        return False
    if isinstance(target, Partnership):
        return target.pk in managed
    if runs_every_partnership(user) or target.partnership_id in managed:
        return True
    return target.pk in managed_body_id_set(user)


def managed_body_ids(user: AnyUser):
    """A subquery of the bodies the user's business unit runs (for `pk__in`)."""
    if runs_every_partnership(user):
        return Body.objects.values("pk")
    return Body.objects.in_partnerships(managed_partnership_ids(user)).values("pk")


def body_ids_in(partnership: Partnership):
    """A subquery of the bodies serving this partnership (for `body__in`)."""
    return Body.objects.in_partnership(partnership).values("pk")


def context(request: HttpRequest) -> dict:
    """The request's partnership for the shared layout (its name, logo and contact), read
    only by a template that shows it."""
    return {"partnership": SimpleLazyObject(lambda: for_request(request))}
