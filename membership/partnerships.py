"""Which partnership a request is for, and which partnerships a user runs.

A partnership answers on its own Wagtail Site, found by the request's hostname as Wagtail
finds any site; the default partnership answers on every other allowed hostname, so a
one-board installation needs no hostnames at all. Nothing here is kept between requests:
what a request learns is kept on that request (and its user) alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from core.admin_scope import register_scope
from core.roles import AnyUser, is_business_unit
from membership.models import Body, Membership, Partnership, Person, default_partnership


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


def admin_partnership_ids(request: HttpRequest) -> frozenset[int]:
    """The partnerships whose records the admin shows this request's user: those their
    business unit runs. Someone a superuser gave admin permissions without a business unit
    works on the partnership whose site they are on, never on all of them."""
    if is_business_unit(request.user):
        return managed_partnership_ids(request.user)
    return frozenset({for_request(request).pk})


def managed_scope(body_path: str) -> Callable[[HttpRequest, QuerySet], QuerySet]:
    """An admin scope (core.admin_scope) keeping the rows whose body, reached by
    `body_path` ("" for a body itself), serves a partnership the request's user runs; a
    superuser keeps all. One subquery, whatever the number of rows or partnerships."""
    lookup = f"{body_path}__in" if body_path else "pk__in"

    def scope(request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if request.user.is_superuser:
            return queryset
        bodies = Body.objects.in_partnerships(admin_partnership_ids(request)).values("pk")
        return queryset.filter(**{lookup: bodies})

    return scope


def scope_people(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """People a business unit keeps: those of its own partnerships, and anyone with a term
    on a body serving one of them (a member lent by another partnership)."""
    if request.user.is_superuser:
        return queryset
    partnerships = admin_partnership_ids(request)
    bodies = Body.objects.in_partnerships(partnerships).values("pk")
    on_their_bodies = Membership.objects.filter(body__in=bodies)
    return queryset.filter(
        Q(partnership_id__in=partnerships) | Q(pk__in=on_their_bodies.values("person_id"))
    )


def scope_partnerships(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    if request.user.is_superuser:
        return queryset
    return queryset.filter(pk__in=admin_partnership_ids(request))


def scope_logins(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """Logins a business unit may link to a person and then act on (deactivate, invite
    again): those of the people it keeps and those of nobody yet, never a superuser's nor
    one that runs a partnership it does not."""
    if request.user.is_superuser:
        return queryset
    partnerships = admin_partnership_ids(request)
    people = scope_people(request, Person.objects.all()).values("pk")
    others_units = Partnership.objects.exclude(pk__in=partnerships).values("business_unit_id")
    return (
        queryset.filter(is_superuser=False)
        .filter(Q(person__isnull=True) | Q(person__in=people))
        .exclude(groups__in=others_units)
    )


def register_admin_scopes(paths: dict[type[Model], str]) -> None:
    """Scopes each model's admin listings, pages, forms and choosers to the bodies the
    user runs, by the path from the model to its body."""
    for model, body_path in paths.items():
        register_scope(model, managed_scope(body_path), refusal=refusal_for(model))


def refusal_for(model: type[Model]) -> str:
    return (
        f"That {model._meta.verbose_name} belongs to a partnership you do not run: "
        "choose one of your own."
    )


def context(request: HttpRequest) -> dict:
    """The request's partnership for the shared layout (its name, logo and contact), read
    only by a template that shows it."""
    return {"partnership": SimpleLazyObject(lambda: for_request(request))}
