"""The file a membership import reads: its columns, its template and its header row (read
as every import reads its file, by core.csv_in)."""

from __future__ import annotations

from core import csv_in
from core.csv_in import ImportProblem
from core.csv_out import csv_text

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
    "role": "a role's name or key under Membership → Roles, in any capitals (Chair, chair)",
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


def template_csv() -> str:
    """The header row and an example row."""
    return csv_text(TEMPLATE_ROWS)


def read_header(header: list[str]) -> tuple[dict[int, str], list[ImportProblem]]:
    """The column at each position of the header row, and what is wrong with the header."""
    return csv_in.read_header(header, COLUMNS, REQUIRED_COLUMNS)
