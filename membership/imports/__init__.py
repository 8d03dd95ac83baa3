"""Import people and memberships from the CSV a board's business unit keeps in a spreadsheet.

The file
    UTF-8 text (with or without the byte-order mark Excel writes for "CSV UTF-8"), separated
    by commas, no larger than ``settings.MEMBERSHIP_IMPORT_MAX_BYTES`` (2 MB by default).
    The first line is a header row naming the columns, in any order. Headings ignore case,
    spaces, hyphens and underscores, so "Given name", "given-name" and "given_name" are the
    same column. Each later line is one membership; line 2 is the first, as in a spreadsheet.
    Blank lines are skipped.

The columns (* = the header must have it and every row must fill it)
    body *         name or slug of an existing body: "Executive" or "executive"
    honorific      Dr, Cllr, Supt … (kept only when the person is new)
    given_name *   the person's given name
    family_name *  the person's family name
    email          the person's email address, in any capitals: how they are found
    phone          the person's phone number (kept only when the person is new)
    organisation   name or short name of an existing organisation: the agency represented
    job_title      the job title at the time of the term
    role *         a role's name or code: "Independent chair", "vice-chair", "member" …
    seat           title of an existing seat on that body
    start_date *   2011-04-01, 01/04/2011 (day first, as in the UK) or 1 April 2011
    end_date       the same formats; blank while the term runs
    person_id      the number of someone on record, to add the membership to them; or "new"
                   to add a new person whose name is someone else's on record

People
    Someone on record is found by the row's email or its person_id, and the row's name must
    then be theirs (the honorific aside). A name alone never finds anyone: a row whose name
    matches someone on record, without an email or person_id that finds them, is refused with
    who they are and their terms on the bodies the importer manages, until it gives their
    person_id, or "new". Anyone else is created (later rows of the same file reach them by
    name). A check lists every row that would add to someone on record. An import never
    changes an existing person's details.

Memberships
    Each row starts a term through ``membership.services.membership_start``, so the admin's
    rules apply (one chair at a time, no overlapping terms in the same role, one holder per
    seat), and rows are checked against the rows above them in the same file too.

All or nothing
    Everything runs in one transaction. If any row is wrong nothing is written, and the result
    lists every problem with its line number, its column and how to put it right. A dry run
    checks the same way and then writes nothing either.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from core.csv_in import FileRefused, ImportProblem, read_rows, read_text, uploaded_name
from membership.access import body_ids_managed
from membership.imports.csvfile import COLUMNS, REQUIRED_COLUMNS, read_header, template_csv
from membership.imports.result import MembershipImportResult, PersonMatch
from membership.imports.rows import RowImporter
from membership.models import Body

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportProblem",
    "MembershipImportResult",
    "PersonMatch",
    "membership_import_csv",
    "template_csv",
]


def membership_import_csv(
    *, actor: User | None, file: IO, dry_run: bool = False
) -> MembershipImportResult:
    """Import the memberships in a CSV file (see the module docstring for its format), all or
    nothing. With `dry_run`, check everything exactly as an import would, then write nothing."""
    filename = uploaded_name(file)
    result = MembershipImportResult(filename=filename, dry_run=dry_run)
    try:
        max_bytes = settings.MEMBERSHIP_IMPORT_MAX_BYTES
        rows = read_rows(read_text(file, max_bytes, row_is="membership"))
    except FileRefused as refusal:
        result.problems.append(ImportProblem(None, "", str(refusal)))
        return result
    columns, problems = read_header(rows[0])
    if problems:
        result.problems.extend(problems)
        return result

    if actor is None:
        # The command line, run by whoever runs the server and so reads every record anyway.
        shown_body_ids = set(Body.objects.values_list("pk", flat=True))
    else:
        shown_body_ids = body_ids_managed(actor)

    with transaction.atomic():
        importer = RowImporter(
            actor=actor,
            result=result,
            reason=f"Imported from {filename}",
            shown_body_ids=shown_body_ids,
        )
        importer.run(rows[1:], columns)
        if not result.rows:
            result.problems.append(
                ImportProblem(
                    None,
                    "",
                    "The file has a header row but no memberships under it. Add one "
                    "membership on each line below the header.",
                )
            )
        if result.problems or dry_run:
            transaction.set_rollback(True)

    if result.problems:
        result.problems.sort(key=lambda problem: problem.line or 0)
        result.people_created = result.people_matched = result.memberships_created = 0
        result.matches = []
    else:
        result.people_created = len(importer.created_people)
        result.people_matched = len(importer.matched_people)
    return result
