"""Wagtail's spreadsheet exports write their CSV through FormulaSafeDictWriter.

Every listing that offers "Download CSV" in the admin (each viewset with `list_export`, the
access log among them, and Wagtail's own reports: site history, locked and ageing pages,
redirects, form submissions) streams its rows from SpreadsheetExportMixin.stream_csv, which
writes with a plain csv.DictWriter. Wagtail leaves formula injection to the spreadsheet
(https://github.com/wagtail/wagtail/pull/7554) and offers no setting for the writer, so the
method is replaced once, here, for all of them. The XLSX download needs nothing: Wagtail
stores a cell that openpyxl takes for a formula as text.
"""

from __future__ import annotations

from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

from core.csv_out import FormulaSafeDictWriter


def _stream_csv(self, queryset):
    # Wagtail 8's stream_csv with the writer swapped; write_csv_row, which a view may
    # override, writes through the writer it is given.
    writer = FormulaSafeDictWriter(Echo(), fieldnames=self.list_export)
    yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def write_exports_through_the_formula_safe_writer() -> None:
    SpreadsheetExportMixin.stream_csv = _stream_csv
