"""Admin views every Tabled viewset shares: listings searched word by word, saving through a
service, and each record's field-by-field history from django-simple-history."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.views.generic import TemplateView

from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from core.admin_scope import (
    ScopedFormMixin,
    ScopedListingMixin,
    ScopedObjectPageMixin,
    ScopedSingleObjectMixin,
    scope_queryset,
    scoped_view_class,
)
from core.errors import add_validation_errors

SaveService = Callable[..., models.Model]


def search_words(query: str) -> list[str]:
    """The words of a search, a quoted phrase counting as one word (as Django's admin reads
    its search box)."""
    words = []
    for word in smart_split(query):
        if word[0] in "\"'" and len(word) > 1 and word[-1] == word[0]:
            word = unescape_string_literal(word)
        if word:
            words.append(word)
    return words


class WordSearchIndexView(ScopedListingMixin, generic.IndexView):
    """A listing whose search finds the rows holding every word of the query in one of the
    viewset's `search_fields`, part of a word or of an email address included.

    It asks the database, never Wagtail's search index: the SQLite backend of that index
    cannot search named fields ("no such column: given_name"), and the index finds no part
    of an email address and misses rows written in bulk until it is rebuilt.

    `list_select_related` names the related rows its columns show, read with the page's rows
    rather than one query per row."""

    list_select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.list_select_related)

    def search_queryset(self, queryset):
        if not self.is_searching or not self.search_fields:
            return super().search_queryset(queryset)
        for word in search_words(self.search_query):
            in_any_field = Q()
            for field in self.search_fields:
                in_any_field |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(in_any_field)
        return queryset


class ServiceSaveMixin:
    """Create and edit views that save through the app's service instead of `form.save()`,
    so the admin checks the same rules and writes the same history as every other path."""

    save_service: SaveService | None = None
    log_action = "wagtail.edit"

    def get_service_kwargs(self) -> dict:
        """Anything else the service needs from the form (an uploaded file, say)."""
        return {}

    def save_instance(self):
        instance = self.form.save(commit=False)
        # A create service may build its own instance (to give it a reference, say): carry
        # on with the record it returns.
        saved = self.save_service(
            actor=self.request.user, instance=instance, **self.get_service_kwargs()
        )
        if isinstance(saved, models.Model):
            self.form.instance = instance = saved
        self.form.save_m2m()
        log(instance, self.log_action, user=self.request.user)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_validation_errors(form, error)
            # Wagtail's form_invalid reads these; its is_valid() sets them only when the
            # form itself fails, not when the service refuses a valid form.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ServiceCreateView(ScopedFormMixin, ServiceSaveMixin, generic.CreateView):
    log_action = "wagtail.create"


class ServiceEditView(ScopedSingleObjectMixin, ScopedFormMixin, ServiceSaveMixin, generic.EditView):
    """Refuses to save over a change someone else made after this form was opened: the form
    carries a token of the record's (and its inline children's) latest history rows."""

    template_name = "core/admin/edit.html"
    history_related: tuple[str, ...] = ()
    loaded_history_field = "loaded_history_token"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posted = self.request.POST.get(self.loaded_history_field)
        refused_as_stale = getattr(self, "refused_as_stale", False)
        if posted and not refused_as_stale:
            context[self.loaded_history_field] = posted
        else:
            # Once warned, the editor sees the current record's token, so saving again
            # overwrites knowingly rather than silently.
            context[self.loaded_history_field] = latest_change(self.object, self.history_related)[1]
        return context

    def save_instance(self):
        type(self.object).objects.select_for_update().filter(pk=self.object.pk).first()
        newest, token = latest_change(self.object, self.history_related)
        if self.request.POST.get(self.loaded_history_field) != token:
            self.refused_as_stale = True
            who = newest.history_user if newest and newest.history_user else "someone else"
            when = newest.history_date if newest else None
            raise ValidationError(
                f"{who} changed this record"
                + (f" at {timezone.localtime(when):%H:%M on %-d %B %Y}" if when else "")
                + " after you opened it, so your changes have not been saved. Check the "
                "current values below against what you meant to change, then save again."
            )
        return super().save_instance()


HISTORY_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_querysets(instance: models.Model, related: tuple[str, ...] = ()) -> list:
    """The record's own history and that of its inline children (a body's memberships,
    seats and requirements)."""
    histories = [instance.history.all()]
    for relation in related:
        field = instance._meta.get_field(relation)
        histories.append(field.related_model.history.filter(**{field.field.attname: instance.pk}))
    return histories


def latest_change(instance: models.Model, related: tuple[str, ...] = ()):
    """The newest history row of the record or its children, and a token that changes
    whenever any of them is saved."""
    latest = [
        history.select_related("history_user").order_by("-history_id").first()
        for history in history_querysets(instance, related)
    ]
    token = ".".join(str(record.history_id if record else 0) for record in latest)
    newest = max((r for r in latest if r), key=lambda r: r.history_date, default=None)
    return newest, token


def _history_value(model: type[models.Model], field_name: str, value) -> str:
    """A field's value as the history page shows it; a many-to-many value comes from
    simple-history as the through rows, shown as the related records' names."""
    if value is None:
        return ""
    if isinstance(value, list):
        related = model._meta.get_field(field_name).related_model
        names = [str(v) for row in value for v in row.values() if isinstance(v, related)]
        return ", ".join(sorted(names))
    return str(value)


def describe_history(records, *, subject_model) -> list[dict]:
    """Newest first: each historical record with who, when, why and the fields it changed
    against the previous record of the same object."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous = {}
    versions = []
    for record in ordered:
        model = record.instance_type
        key = (model, getattr(record, model._meta.pk.attname))
        before = previous.get(key)
        previous[key] = record
        changes = []
        if before is not None:
            labels = {
                f.name: f.verbose_name for f in (*model._meta.fields, *model._meta.many_to_many)
            }
            for change in record.diff_against(before, foreign_keys_are_objs=True).changes:
                old = _history_value(model, change.field, change.old)
                new = _history_value(model, change.field, change.new)
                # None and "" differ to the database, not to the reader.
                if old != new:
                    changes.append(
                        {"field": labels.get(change.field, change.field), "old": old, "new": new}
                    )
        versions.append(
            {
                "record": record,
                "kind": HISTORY_KINDS[record.history_type],
                "subject": None
                if model is subject_model
                else f"{model._meta.verbose_name.capitalize()}: {record.instance}",
                "changes": changes,
            }
        )
    versions.reverse()
    return versions


class FieldHistoryView(
    ScopedObjectPageMixin,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
    BaseObjectMixin,
    TemplateView,
):
    """Every saved version of a record: who, when, why, and each field's value before and
    after, read from django-simple-history."""

    permission_required = "change"
    template_name = "core/admin/field_history.html"
    header_icon = "history"
    index_url_name = None
    edit_url_name = None
    history_url_name = None
    history_related: tuple[str, ...] = ()

    def get_page_title(self):
        return f"History of {self.object}"

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": self.model._meta.verbose_name_plural.capitalize(),
                }
            )
        if self.edit_url_name:
            items.append(
                {
                    "url": reverse(self.edit_url_name, args=(quote(self.object.pk),)),
                    "label": str(self.object),
                }
            )
        items.append({"url": "", "label": "History"})
        return items

    @cached_property
    def versions(self) -> list[dict]:
        records = [
            record
            for history in history_querysets(self.object, self.history_related)
            for record in history.select_related("history_user")
        ]
        return describe_history(records, subject_model=self.model)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["versions"] = self.versions
        return context


class ScopedViewSetMixin:
    """A viewset whose every page (listing, filters, forms, history, delete) sees only the
    rows `scope_queryset` leaves: an app viewset narrows it to what the user runs."""

    def scope_queryset(self, request, queryset):
        return scope_queryset(request, queryset)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope_queryset=self.scope_queryset, **kwargs)

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view_class(view_class), **kwargs)


class TrackedModelViewSet(ScopedViewSetMixin, ModelViewSet):
    """A ModelViewSet whose records save through a service and show their full history,
    scoped to the rows the user may manage (ScopedViewSetMixin)."""

    save_service: SaveService | None = None
    index_view_class = WordSearchIndexView
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    history_view_class = FieldHistoryView
    copy_view_enabled = False

    list_select_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_select_related=self.list_select_related, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(save_service=type(self).save_service, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            save_service=type(self).save_service, history_related=self.history_related, **kwargs
        )

    history_related: tuple[str, ...] = ()

    def get_history_view_kwargs(self, **kwargs):
        return {
            "template_name": FieldHistoryView.template_name,
            "header_icon": "history",
            "history_related": self.history_related,
            **kwargs,
        }
