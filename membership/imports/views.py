"""The CSV import of people and memberships, in the Wagtail admin."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from membership.access import may_import_memberships
from membership.forms import MembershipImportForm
from membership.imports import COLUMNS, REQUIRED_COLUMNS, membership_import_csv, template_csv
from membership.imports.csvfile import COLUMN_NOTES


class ImportPermissionMixin:
    """Only those who may add memberships may import them; anyone else gets the admin's
    "permission denied" (the admin turns PermissionDenied into it)."""

    def dispatch(self, request, *args, **kwargs):
        if not may_import_memberships(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MembershipImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a CSV of memberships; check it, or check it and import it all or nothing."""

    template_name = "membership/admin/import.html"
    form_class = MembershipImportForm
    page_title = "Import memberships"
    header_icon = "upload"
    template_url_name = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse(self.template_url_name)
        context["columns"] = [
            (column, column in REQUIRED_COLUMNS, COLUMN_NOTES[column]) for column in COLUMNS
        ]
        return context

    def form_valid(self, form):
        dry_run = form.cleaned_data["check_only"]
        result = membership_import_csv(
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


class MembershipImportTemplateView(ImportPermissionMixin, View):
    """The template CSV: the header row and one example row."""

    def get(self, request):
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="memberships-template.csv"'
        return response
