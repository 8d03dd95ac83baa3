"""The admin page of a CSV import, the same for every import: upload a file, check it, or
check it and import it all or nothing, and download a template to start from.

An app gives its form, its import function, its columns and who may use it; the page, its
menu item and its template download come from here (core/admin/import.html, whose blocks
the app's own template fills in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.csv_in import ImportResult
from core.csv_out import csv_download


class CsvImportForm(forms.Form):
    """A CSV file to check, or to check and import. `row_is` names what one line holds."""

    row_is = "row"

    file = forms.FileField(
        label="CSV file",
        help_text="Saved from the spreadsheet as “CSV UTF-8 (Comma delimited)”.",
        error_messages={"required": "Choose the CSV file to import."},
    )
    check_only = forms.BooleanField(
        required=False,
        label="Check only",
        help_text="Report any problems in the file without importing anything.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["empty"] = (
            "The file is empty. Start from the template: a header row, then one "
            f"{self.row_is} on each line."
        )


class ImportPermissionMixin:
    """Only those the import allows may use it; anyone else gets the admin's "permission
    denied" (the admin turns PermissionDenied into it)."""

    may_import: Callable[..., bool]

    def dispatch(self, request, *args, **kwargs):
        if not type(self).may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CsvImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a CSV; check it, or check it and import it all or nothing."""

    template_name = "core/admin/import.html"
    form_class = CsvImportForm
    header_icon = "upload"
    template_url_name = None
    columns: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()
    # What the page says about each column, where the template does not say it itself.
    column_notes: dict[str, str] = {}

    def run_import(self, *, actor, file: IO, dry_run: bool) -> ImportResult:
        raise NotImplementedError

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse(self.template_url_name)
        context["columns"] = [
            (column, column in self.required_columns, self.column_notes.get(column, ""))
            for column in self.columns
        ]
        return context

    def form_valid(self, form):
        dry_run = form.cleaned_data["check_only"]
        result = self.run_import(
            actor=self.request.user, file=form.cleaned_data["file"], dry_run=dry_run
        )
        if result.imported:
            # Redirect after the import, so reloading the page cannot send the file twice.
            messages.success(self.request, f"Imported {result.summary} from {result.filename}.")
            return redirect(self.request.path)
        # A file input cannot be refilled, so the form comes back empty: after a clean check,
        # ready for the import; after problems, as the user had it.
        fresh = self.form_class(initial={"check_only": dry_run and not result.ok})
        return self.render_to_response(self.get_context_data(form=fresh, result=result))


class CsvTemplateView(ImportPermissionMixin, View):
    """The template CSV: the header row and an example or two."""

    filename = "template.csv"
    template_rows: tuple[tuple[str, ...], ...] = ()

    def get(self, request):
        return csv_download(self.filename, self.template_rows)


class CsvImportViewSet(ViewSet):
    """An import's page of its own in its app's menu, shown to those who may use it (a plain
    ViewSet, as it lists no model of its own)."""

    icon = "upload"
    import_view_class: type[CsvImportView]
    template_view_class: type[CsvTemplateView]

    @property
    def menu_item_class(self):
        may_import = self.import_view_class.may_import

        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return may_import(request.user)

        return ImportMenuItem

    def get_urlpatterns(self):
        return [
            path(
                "",
                self.import_view_class.as_view(template_url_name=self.get_url_name("template")),
                name="index",
            ),
            path("template.csv", self.template_view_class.as_view(), name="template"),
        ]
