"""The CSV import of people and memberships, in the Wagtail admin (core.import_views)."""

from core.import_views import CsvImportView, CsvTemplateView
from membership.access import may_import_memberships
from membership.forms import MembershipImportForm
from membership.imports import COLUMNS, REQUIRED_COLUMNS, membership_import_csv
from membership.imports.csvfile import COLUMN_NOTES, TEMPLATE_ROWS


class MembershipImportView(CsvImportView):
    """Upload a CSV of memberships; check it, or check it and import it all or nothing."""

    may_import = may_import_memberships
    template_name = "membership/admin/import.html"
    form_class = MembershipImportForm
    page_title = "Import memberships"
    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS
    column_notes = COLUMN_NOTES

    def run_import(self, *, actor, file, dry_run):
        return membership_import_csv(actor=actor, file=file, dry_run=dry_run)


class MembershipImportTemplateView(CsvTemplateView):
    may_import = may_import_memberships
    template_rows = TEMPLATE_ROWS
    filename = "memberships-template.csv"
