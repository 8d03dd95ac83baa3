"""Which rows of a model an admin user may list, open and choose.

Core knows no partnership, so each app registers, per model, how to narrow a queryset to
what the request's user runs (`register_scope`); the tracked viewsets' listings, filters,
record pages and forms and the searchable choosers all ask here. A model nobody registered
is shared: every admin user sees all of it.

A scope narrows with a subquery (`body__in=...`), never by reading ids into Python, so a
listing keeps the same number of queries however many rows or partnerships there are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property
from django.views.generic.detail import SingleObjectMixin

from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin

Scope = Callable[[HttpRequest, QuerySet], QuerySet]


@dataclass(frozen=True)
class _Registered:
    scope: Scope
    refusal: str


_scopes: dict[type[Model], _Registered] = {}


def register_scope(model: type[Model], scope: Scope, *, refusal: str = "") -> None:
    """How to narrow `model`'s rows to the request's user, and what a form says when it is
    sent a row outside them (a body of someone else's board named in a POST, say)."""
    _scopes[model] = _Registered(
        scope,
        refusal
        or f"That {model._meta.verbose_name} is not one you manage: choose one of your own.",
    )


def scope_queryset(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    registered = _scopes.get(queryset.model)
    return registered.scope(request, queryset) if registered else queryset


def scope_form(form, request: HttpRequest) -> None:
    """Narrows each of the form's choices of a record (selects, choosers, checkboxes), its
    inline forms' included, so a record outside the user's scope is neither offered nor
    accepted: sent anyway, the field refuses it with the registered message."""
    skipped = getattr(form, "unscoped_fields", ())
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        registered = _scopes.get(queryset.model) if queryset is not None else None
        if registered is None or name in skipped:
            continue
        field.queryset = registered.scope(request, queryset)
        field.clean = _refusing_outsiders(field, queryset, registered.refusal)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            scope_form(child, request)


def _refusing_outsiders(field, unscoped: QuerySet, refusal: str):
    """The field's own clean, saying why when the choice was refused for being outside the
    user's scope (rather than for the field's own narrowing, another meeting's item say)."""
    clean = field.clean

    def refusing_clean(value):
        try:
            return clean(value)
        except ValidationError as error:
            chosen = value if isinstance(value, list | tuple) else [value]
            try:
                outside = unscoped.filter(pk__in=chosen).exclude(pk__in=field.queryset.values("pk"))
                refused = outside.exists()
            except (ValueError, TypeError, ValidationError):
                refused = False
            if refused:
                raise ValidationError(refusal, code="outside_scope") from error
            raise

    return refusing_clean


class ScopedViewMixin:
    """A view that sees only the rows its viewset's `scope_queryset(request, queryset)`
    leaves (by default what the model's app registered in core.admin_scope)."""

    scope_queryset = None

    def scoped(self, queryset):
        scope = self.scope_queryset or scope_queryset
        return scope(self.request, queryset)


class ScopedListingMixin(ScopedViewMixin):
    """A listing of the user's rows, whose filters offer only the user's records."""

    def get_base_queryset(self):
        return self.scoped(super().get_base_queryset())

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is not None:
            scope_form(filterset.form, self.request)
        return filterset


class ScopedSingleObjectMixin(ScopedViewMixin):
    """An edit or delete page: a record outside the user's scope is not found (404)."""

    def get_queryset(self):
        return self.scoped(super().get_queryset())


class ScopedObjectPageMixin(ScopedViewMixin):
    """A history, usage or inspect page: a record outside the user's scope is not found
    (404). These pages read their record before Wagtail checks permissions, so the scope is
    asked once that check has passed: someone with no right to the page is still sent away
    as before, rather than told whether the record exists."""

    def get(self, request, *args, **kwargs):
        rows = type(self.object)._default_manager.filter(pk=self.object.pk)
        scoped = self.scoped(rows)
        if scoped is not rows and not scoped.exists():
            raise Http404
        return super().get(request, *args, **kwargs)


class ScopedFormMixin(ScopedViewMixin):
    """A form whose choices of a record are the user's own: another's is neither offered
    nor accepted."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        scope_form(form, self.request)
        return form


def scoped_view_class(view_class: type) -> type:
    """The view class with the scoping mixins its kind of page needs (an app's own delete
    or listing view included), made once per viewset."""
    needs = [
        (generic.IndexView, ScopedListingMixin),
        (SingleObjectMixin, ScopedSingleObjectMixin),
        (BaseObjectMixin | generic.InspectView, ScopedObjectPageMixin),
        (generic.CreateView | generic.EditView, ScopedFormMixin),
    ]
    mixins = [
        mixin
        for kind, mixin in needs
        if issubclass(view_class, kind) and not issubclass(view_class, mixin)
    ]
    if not mixins:
        return view_class
    return type(view_class.__name__, (*mixins, view_class), {})
