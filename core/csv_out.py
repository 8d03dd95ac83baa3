"""Writing CSV that a spreadsheet opens as data.

Excel, LibreOffice and Google Sheets run a cell that starts with =, +, - or @ (or a tab or
carriage return, or spaces before one of those) as a formula, so text such as a browser's
User-Agent or a record's title could fetch a link or run a command on the machine of whoever
opens the export (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
Every CSV Tabled writes goes through the writers here, which put a single quote before such
text. Numbers are left as they are, and so is text that is only a number ("-3.5", "1,024",
"27.5%"): a spreadsheet reads it as that number, never as a formula, and it imports back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

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
