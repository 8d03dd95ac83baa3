"""Writing CSV that a spreadsheet opens as data.

Excel, LibreOffice and Google Sheets run a cell that starts with =, +, - or @ (or a tab or
carriage return, or spaces before one of those) as a formula, so text such as a browser's
User-Agent or a record's title could fetch a link or run a command on the machine of whoever
opens the export (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
Every CSV Tabled writes goes through the writers here (a download through `csv_download`),
which put a single quote before such text. Numbers are left as they are, and so is text that
is only a number ("-3.5", "1,024", "27.5%"): a spreadsheet reads it as that number, never as
a formula, and it imports back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

# First in every file Tabled writes, so a spreadsheet reads it as UTF-8 and names such as
# Siân survive a round trip.
BYTE_ORDER_MARK = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def neutralise_formula(value: Any) -> Any:
    """The value as a spreadsheet should show it: text that would run as a formula with a
    single quote in front, anything else unchanged."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value
    if value.startswith(FORMULA_TRIGGERS) or value.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeWriter:
    """`csv.writer` (same arguments, same methods) whose every cell goes through
    `neutralise_formula`."""

    def __init__(self, stream, *args, **fmtparams):
        self._writer = csv.writer(stream, *args, **fmtparams)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise_formula(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class FormulaSafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` writing through a `FormulaSafeWriter`, the header row included."""

    def __init__(self, f, fieldnames, restval="", extrasaction="raise", *args, **kwds):
        super().__init__(f, fieldnames, restval, extrasaction, *args, **kwds)
        self.writer = FormulaSafeWriter(f, *args, **kwds)


def write_csv(stream, rows: Iterable[Iterable[Any]]) -> None:
    """The byte-order mark, then every row, formulas neutralised."""
    stream.write(BYTE_ORDER_MARK)
    FormulaSafeWriter(stream).writerows(rows)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, rows)
    return buffer.getvalue()


def csv_download(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A response the browser saves as `filename`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, rows)
    return response
