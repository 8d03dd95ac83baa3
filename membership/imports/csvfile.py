"""The file an import reads: its columns, its template, and reading it as rows of cells.

Anything wrong with the file as a whole (too big, not UTF-8, empty, not CSV) raises
FileRefused; anything wrong with the header row comes back as problems on line 1.
"""

from __future__ import annotations

import csv
import io
import re
from typing import IO

from core.csv_out import FormulaSafeWriter
from membership.imports.result import ImportProblem

COLUMNS = (
    "body",
    "honorific",
    "given_name",
    "family_name",
    "email",
    "phone",
    "organisation",
    "job_title",
    "role",
    "seat",
    "start_date",
    "end_date",
    "person_id",
)
REQUIRED_COLUMNS = ("body", "given_name", "family_name", "role", "start_date")
DATE_FORMATS_HELP = "2011-04-01, 01/04/2011 or 1 April 2011"
# What the import page says about each column.
COLUMN_NOTES = {
    "body": "the name or slug of a body under Membership → Bodies",
    "honorific": "Dr, Cllr, Supt …, kept only for someone new",
    "given_name": "",
    "family_name": "",
    "email": "how someone on record is found, in any capitals",
    "phone": "kept only for someone new",
    "organisation": "the agency represented: a name or short name under Membership → Organisations",
    "job_title": "",
    "role": "Independent chair, Chair, Vice-chair, Member …",
    "seat": "the title of one of the body's seats",
    "start_date": DATE_FORMATS_HELP + " (day first)",
    "end_date": "the same; blank while the term runs",
    "person_id": "the number of someone on record, to add the membership to them; or new, "
    "to add a new person whose name is already someone else's",
}
TEMPLATE_ROWS = (
    COLUMNS,
    (
        "Safeguarding Children Board",
        "Dr",
        "Jane",
        "Smith",
        "jane.smith@example.org",
        "01632 960000",
        "Example Council",
        "Director of Children's Services",
        "Member",
        "",
        "1 April 2011",
        "",
        "",
    ),
)


class FileRefused(Exception):
    """The file as a whole cannot be read as an import."""


def _heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


_COLUMN_BY_KEY = {_heading_key(column): column for column in COLUMNS}


def template_csv() -> str:
    """The header row and an example row, with the byte-order mark Excel needs to read UTF-8
    (so names such as Siân survive a round trip through the spreadsheet)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    FormulaSafeWriter(buffer).writerows(TEMPLATE_ROWS)
    return buffer.getvalue()


def _size(number_of_bytes: int) -> str:
    if number_of_bytes >= 1024 * 1024:
        return f"{number_of_bytes / (1024 * 1024):g} MB"
    return f"{number_of_bytes / 1024:g} KB"


def read_text(file: IO, max_bytes: int) -> str:
    """The file's text, read no further than the limit, or FileRefused saying why not."""
    too_big = (
        f"The file is larger than {_size(max_bytes)}, the most an import takes. "
        "Split it into smaller files and import them one after another."
    )
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise FileRefused(too_big)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(too_big)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise FileRefused(
                f"The file is not UTF-8 text (the first character it cannot read is on line "
                f"{line}). In Excel, choose File → Save As and the type “CSV UTF-8 (Comma "
                "delimited)”, then import that file."
            ) from error
    text = data.removeprefix("\ufeff")
    if not text.strip():
        raise FileRefused(
            "The file is empty. Start from the template: a header row, then one membership "
            "on each line."
        )
    return text


def read_rows(text: str) -> list[list[str]]:
    """The cells of every line, the header row first."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise FileRefused(
            f"Line {reader.line_num} cannot be read as CSV ({error}). Check it for a stray "
            "quotation mark, or save the file again from the spreadsheet as CSV."
        ) from error


def read_header(header: list[str]) -> tuple[dict[int, str], list[ImportProblem]]:
    """The column at each position of the header row, and what is wrong with the header."""
    columns: dict[int, str] = {}
    problems: list[ImportProblem] = []
    unknown: list[str] = []
    for index, heading in enumerate(header):
        key = _heading_key(heading)
        if not key:
            continue
        column = _COLUMN_BY_KEY.get(key)
        if column is None:
            unknown.append(heading.strip())
        elif column in columns.values():
            problems.append(
                ImportProblem(1, column, "This column appears twice. Delete one of them.")
            )
        else:
            columns[index] = column
    if not columns:
        separated = next((sep for sep in (";", "\t") if sep in "".join(header)), None)
        if separated:
            name = "semicolons" if separated == ";" else "tabs"
            message = (
                f"The columns are separated by {name}; they must be separated by commas. "
                "In Excel, save the file as “CSV UTF-8 (Comma delimited)”."
            )
        else:
            message = (
                "The first line must be the header row naming the columns: "
                f"{', '.join(COLUMNS)}. Download the template and start from it."
            )
        return columns, [ImportProblem(1, "", message)]
    for heading in unknown:
        problems.append(
            ImportProblem(
                1,
                heading,
                f"“{heading}” is not a column this import knows. Rename it to one of "
                f"{', '.join(COLUMNS)}, or delete the column.",
            )
        )
    for column in REQUIRED_COLUMNS:
        if column not in columns.values():
            problems.append(
                ImportProblem(
                    1,
                    column,
                    f"The header row has no “{column}” column, which every import needs. "
                    "Add it (the template has every column).",
                )
            )
    return columns, problems
