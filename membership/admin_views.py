"""Admin views every Tabled viewset shares: saving through a service, and each record's
field-by-field history from django-simple-history."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

SaveService = Callable[..., models.Model]


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ServiceSaveMixin:
    """Create and edit views that save through the app's service instead of `form.save()`,
    so the admin checks the same rules and writes the same history as every other path."""

    save_service: SaveService | None = None
    log_action = "wagtail.edit"

    def save_instance(self):
        instance = self.form.save(commit=False)
        self.save_service(actor=self.request.user, instance=instance)
        self.form.save_m2m()
        log(instance, self.log_action, user=self.request.user)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_validation_errors(form, error)
            # Wagtail sets this only when its own validation fails; form_invalid needs it.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ServiceCreateView(ServiceSaveMixin, generic.CreateView):
    log_action = "wagtail.create"


class ServiceEditView(ServiceSaveMixin, generic.EditView):
    pass


class FieldHistoryView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, TemplateView
):
    """Every saved version of a record: who, when, why, and each field's value before and
    after, read from django-simple-history."""

    permission_required = "change"
    template_name = "membership/admin/field_history.html"
    header_icon = "history"
    index_url_name = None
    edit_url_name = None
    history_url_name = None

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
        records = list(
            self.object.history.select_related("history_user").order_by(
                "-history_date", "-history_id"
            )
        )
        versions = []
        for index, record in enumerate(records):
            before = records[index + 1] if index + 1 < len(records) else None
            changes = []
            if before is not None:
                delta = record.diff_against(before, foreign_keys_are_objs=False)
                fields = {f.name: f for f in self.model._meta.fields}
                for change in delta.changes:
                    field = fields.get(change.field)
                    label = field.verbose_name if field is not None else change.field
                    changes.append({"field": label, "old": change.old, "new": change.new})
            versions.append(
                {
                    "record": record,
                    "kind": {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                    "changes": changes,
                }
            )
        return versions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["versions"] = self.versions
        return context


class TrackedModelViewSet(ModelViewSet):
    """A ModelViewSet whose records save through a service and show their full history."""

    save_service: SaveService | None = None
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    history_view_class = FieldHistoryView
    copy_view_enabled = False

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(save_service=type(self).save_service, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(save_service=type(self).save_service, **kwargs)

    def get_history_view_kwargs(self, **kwargs):
        return {"template_name": FieldHistoryView.template_name, "header_icon": "history", **kwargs}
