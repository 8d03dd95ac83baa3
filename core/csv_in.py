"""Reading the CSV a business unit keeps in a spreadsheet, for every import: the file as
rows of cells, its header row, and the problems found, line by line.

Anything wrong with the file as a whole (too big, not UTF-8, empty, not CSV) raises
FileRefused; anything wrong with the header row comes back as problems on line 1. An import
is all or nothing, so its result lists every problem before anything is written.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO


@dataclass(frozen=True)
class ImportProblem:
    """One reason the file cannot be imported: a line (None for the whole file), the column
    at fault ("" when no single column is) and what to do about it."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "Whole file"
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    """What an import did, or with `dry_run`, would do; nothing at all when it has problems.
    Each import adds its own counts and `summary`."""

    filename: str
    dry_run: bool
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def imported(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def summary(self) -> str:
        raise NotImplementedError


class FileRefused(Exception):
    """The file as a whole cannot be read as an import."""


def uploaded_name(file: IO) -> str:
    """The name the file was uploaded under, as the result speaks of it."""
    return os.path.basename(getattr(file, "name", "") or "") or "a CSV file"


def heading_key(text: str) -> str:
    """A heading as the import matches it: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _size(number_of_bytes: int) -> str:
    if number_of_bytes >= 1024 * 1024:
        return f"{number_of_bytes / (1024 * 1024):g} MB"
    return f"{number_of_bytes / 1024:g} KB"


def read_text(file: IO, max_bytes: int, *, row_is: str) -> str:
    """The file's text, read no further than the limit, or FileRefused saying why not.
    `row_is` names what one line holds ("membership", "figure") for the reader."""
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
            f"The file is empty. Start from the template: a header row, then one {row_is} "
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


def read_header(
    header: list[str], columns: Sequence[str], required: Sequence[str]
) -> tuple[dict[int, str], list[ImportProblem]]:
    """The column at each position of the header row, and what is wrong with the header."""
    by_key = {heading_key(column): column for column in columns}
    found: dict[int, str] = {}
    problems: list[ImportProblem] = []
    unknown: list[str] = []
    for index, heading in enumerate(header):
        key = heading_key(heading)
        if not key:
            continue
        column = by_key.get(key)
        if column is None:
            unknown.append(heading.strip())
        elif column in found.values():
            problems.append(
                ImportProblem(1, column, "This column appears twice. Delete one of them.")
            )
        else:
            found[index] = column
    if not found:
        return found, [ImportProblem(1, "", _no_header(header, columns))]
    for heading in unknown:
        problems.append(
            ImportProblem(
                1,
                heading,
                f"“{heading}” is not a column this import knows. Rename it to one of "
                f"{', '.join(columns)}, or delete the column.",
            )
        )
    for column in required:
        if column not in found.values():
            problems.append(
                ImportProblem(
                    1,
                    column,
                    f"The header row has no “{column}” column, which every import needs. "
                    "Add it (the template has every column).",
                )
            )
    return found, problems


def _no_header(header: list[str], columns: Sequence[str]) -> str:
    """Why no column was found: the right headings split by another separator than the
    comma, or no header row at all."""
    known = {heading_key(column) for column in columns}
    line = ",".join(header)
    separated = next(
        (
            sep
            for sep in (";", "\t")
            if any(heading_key(heading) in known for heading in line.split(sep))
        ),
        None,
    )
    if separated:
        name = "semicolons" if separated == ";" else "tabs"
        return (
            f"The columns are separated by {name}; they must be separated by commas. "
            "In Excel, save the file as “CSV UTF-8 (Comma delimited)”."
        )
    return (
        "The first line must be the header row naming the columns: "
        f"{', '.join(columns)}. Download the template and start from it."
    )
