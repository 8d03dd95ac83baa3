"""Each row of an import: its cells resolved to bodies, organisations, seats, roles and
dates, its person found (membership.imports.people) or created, and its membership started
through the services."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from core.csv_in import ImportProblem
from core.dates import long_date, parse_date
from core.errors import messages_by_field
from membership import rules, services
from membership.imports.csvfile import COLUMNS, DATE_FORMATS_HELP, REQUIRED_COLUMNS
from membership.imports.people import PersonFinder
from membership.imports.result import MembershipImportResult, PersonMatch
from membership.models import Body, Membership, Organisation, Person, RoleType, Seat

# What to write in a required cell left blank.
_BLANK_HINTS = {
    "body": "Enter the name or slug of the body.",
    "given_name": "Enter the person's given name.",
    "family_name": "Enter the person's family name.",
    "role": "Enter a role, such as Member or Chair.",
    "start_date": "Enter the date the term starts, such as 1 April 2011.",
}
# A row whose only problems are in these columns still goes through the rules (without
# the organisation or seat it names), so that a clash it causes with another row is reported
# in the same pass rather than after the first problem is fixed.
_RULES_STILL_CHECKED = frozenset({"organisation", "seat"})


@dataclass
class _Row:
    line: int
    body: Body
    role: RoleType | None
    start_date: datetime.date
    end_date: datetime.date | None
    seat: Seat | None
    organisation: Organisation | None
    values: dict[str, str]


class RowImporter:
    """One run over one file, inside the caller's transaction."""

    def __init__(
        self,
        *,
        actor: User | None,
        result: MembershipImportResult,
        reason: str,
        shown_body_ids: Collection[int],
    ):
        self.actor = actor
        self.result = result
        self.reason = reason
        # Only the bodies the importer runs; a name two of its partnerships both use is
        # ambiguous until the line names the partnership's code ("KMSAB:qa").
        self.bodies: dict[str, Body] = {}
        self.ambiguous: dict[str, list[Body]] = defaultdict(list)
        shown = Body.objects.filter(pk__in=shown_body_ids).select_related("partnership")
        for body in shown:
            for key in {body.slug.casefold(), body.name.casefold()}:
                if key in self.bodies and self.bodies[key] != body:
                    self.ambiguous[key] += [self.bodies[key], body]
                self.bodies[key] = body
                self.bodies[f"{body.partnership.code}:{key}".casefold()] = body
        self.organisations: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in Organisation.objects.all():
            names = {organisation.name.casefold(), organisation.short_name.casefold()} - {""}
            for name in names:
                self.organisations[name].append(organisation)
        # A role is named by its key or its label, in any case and with any spacing or
        # punctuation ("Vice chair" is vice_chair): keys first, so a label can't shadow one.
        self.roles = list(RoleType.objects.all())
        self.role_by_name = {_role_name(role.label): role for role in self.roles}
        self.role_by_name |= {_role_name(role.key): role for role in self.roles}
        self.seats: dict[tuple[int, str], Seat] = {
            (seat.body_id, seat.title.casefold()): seat for seat in Seat.objects.all()
        }
        self.people = PersonFinder(shown_body_ids=shown_body_ids)
        self.created_people: set[int] = set()
        self.matched_people: set[int] = set()
        # The line each membership created by this file came from, to point at both lines
        # when two rows of the same file break a rule together.
        self.line_of_membership: dict[int, int] = {}

    def problem(self, line: int, column: str, message: str) -> None:
        self.result.problems.append(ImportProblem(line, column, message))

    def run(self, rows: list[list[str]], columns: dict[int, str]) -> None:
        first_line: dict[tuple, int] = {}
        for line, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            self.result.rows += 1
            values = dict.fromkeys(COLUMNS, "")
            for index, cell in enumerate(cells):
                if index in columns:
                    values[columns[index]] = cell.strip()
                elif cell.strip():
                    self.problem(
                        line,
                        "",
                        f"Column {index + 1} holds “{cell.strip()}” but has no heading in the "
                        "header row. Add the heading or clear the cell.",
                    )
            key = tuple(" ".join(value.casefold().split()) for value in values.values())
            if key in first_line:
                self.problem(
                    line, "", f"This row repeats line {first_line[key]}. Delete one of them."
                )
                continue
            first_line[key] = line
            row, bad_columns = self.parse(line, values)
            if bad_columns <= _RULES_STILL_CHECKED:
                self.save(row, reported=bad_columns)

    def parse(self, line: int, values: dict[str, str]) -> tuple[_Row, set[str]]:
        """The row with its references and dates resolved as far as they can be, and the
        columns whose problems it has recorded."""
        before = len(self.result.problems)
        for column in REQUIRED_COLUMNS:
            if not values[column]:
                self.problem(line, column, f"This is empty. {_BLANK_HINTS[column]}")

        body = None
        if values["body"]:
            key = values["body"].casefold()
            body = self.bodies.get(key)
            if key in self.ambiguous:
                body = None
                named = sorted({f"{b.partnership.code}:{b.slug}" for b in self.ambiguous[key]})
                self.problem(
                    line,
                    "body",
                    f"“{values['body']}” names a body in more than one partnership: write "
                    f"{' or '.join(named)}.",
                )
            elif body is None:
                self.problem(
                    line,
                    "body",
                    f"No body is called “{values['body']}”. Use a body's name or slug as it "
                    "appears under Membership → Bodies, or add the body there first.",
                )

        organisation = None
        if values["organisation"]:
            found = self.organisations.get(values["organisation"].casefold(), [])
            if len(found) == 1:
                organisation = found[0]
            elif found:
                self.problem(
                    line,
                    "organisation",
                    f"“{values['organisation']}” could be any of "
                    f"{', '.join(sorted(o.name for o in found))}. Use the full name.",
                )
            else:
                self.problem(
                    line,
                    "organisation",
                    f"No organisation is called “{values['organisation']}”. Use an "
                    "organisation's name or short name as it appears under Membership → "
                    "Organisations, or add the organisation there first.",
                )

        role = None
        if values["role"]:
            role = self.role_by_name.get(_role_name(values["role"]))
            if role is None:
                self.problem(
                    line,
                    "role",
                    f"“{values['role']}” is not a role. Use one of: "
                    f"{', '.join(role.label for role in self.roles)}, or add the role under "
                    "Membership → Roles first.",
                )

        seat = None
        if values["seat"] and body is not None:
            seat = self.seats.get((body.pk, values["seat"].casefold()))
            if seat is None:
                self.problem(
                    line,
                    "seat",
                    f"{body} has no seat called “{values['seat']}”. Use a seat title from the "
                    "body's page under Membership → Bodies, or leave the seat blank.",
                )

        dates = {}
        for column in ("start_date", "end_date"):
            if values[column]:
                dates[column] = parse_date(values[column])
                if dates[column] is None:
                    self.problem(
                        line,
                        column,
                        f"“{values[column]}” is not a date this import can read. Write it as "
                        f"{DATE_FORMATS_HELP} (day first).",
                    )
        start_date, end_date = dates.get("start_date"), dates.get("end_date")
        if start_date and end_date and end_date < start_date:
            self.problem(
                line,
                "end_date",
                f"The term would end on {long_date(end_date)}, before it starts on "
                f"{long_date(start_date)}. Correct the end date, or leave it blank while the "
                "term runs.",
            )

        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                self.problem(
                    line,
                    "email",
                    f"“{values['email']}” is not an email address. Correct it, or leave it blank.",
                )

        bad_columns = {problem.column for problem in self.result.problems[before:]}
        return _Row(
            line=line,
            body=body,
            role=role,
            start_date=start_date,
            end_date=end_date,
            seat=seat,
            organisation=organisation,
            values=values,
        ), bad_columns

    def save(self, row: _Row, reported: set[str]) -> None:
        """Find or add the person and start the membership, recording any refusal (except in
        the columns whose problems are already `reported`)."""
        values = row.values
        candidate = None
        try:
            # A savepoint per row: a refused row leaves nothing behind (not even a new
            # person), so the rows after it are checked against the good rows only.
            with transaction.atomic():
                person, found_by = self.people.find(values)
                is_new = person is None
                if is_new:
                    person = services.person_save(
                        actor=self.actor,
                        person=Person(
                            honorific=values["honorific"],
                            given_name=values["given_name"],
                            family_name=values["family_name"],
                            email=values["email"],
                            phone=values["phone"],
                            partnership=row.body.partnership,
                        ),
                        reason=self.reason,
                    )
                candidate = Membership(
                    person=person,
                    body=row.body,
                    role=row.role,
                    seat=row.seat,
                    start_date=row.start_date,
                    end_date=row.end_date,
                )
                membership = services.membership_start(
                    actor=self.actor,
                    person=person,
                    body=row.body,
                    role=row.role.key,
                    seat=row.seat,
                    organisation=row.organisation,
                    job_title=values["job_title"],
                    start_date=row.start_date,
                    end_date=row.end_date,
                    reason=self.reason,
                )
        except ValidationError as error:
            clash = self.clashing_lines(candidate) if candidate is not None else []
            for column, messages in _by_column(error):
                if column in reported:
                    continue
                for message in messages:
                    if clash and column in {"role", "seat", "start_date"}:
                        lines = " and ".join(str(line) for line in clash)
                        where = f"line{'s' if len(clash) > 1 else ''} {lines}"
                        message = f"{message} (That term is on {where} of this file.)"
                    self.problem(row.line, column, message)
            return
        self.line_of_membership[membership.pk] = row.line
        if is_new:
            self.people.added_on_line[person.pk] = row.line
        if reported:
            return  # checked against the rules only: the whole import will be rolled back
        self.result.memberships_created += 1
        if is_new:
            self.created_people.add(person.pk)
        elif found_by:
            self.matched_people.add(person.pk)
            self.result.matches.append(
                PersonMatch(
                    line=row.line,
                    row_name=f"{values['given_name']} {values['family_name']}",
                    person_id=person.pk,
                    person=str(person),
                    matched_by=found_by,
                )
            )

    def clashing_lines(self, candidate: Membership) -> list[int]:
        """Lines of this file whose memberships break a rule together with `candidate`."""
        earlier = Membership.objects.filter(
            pk__in=self.line_of_membership, body=candidate.body
        ).select_related("person", "role")
        return sorted(
            self.line_of_membership[other.pk]
            for other in earlier
            if rules.conflict_between(candidate, other)
        )


def _role_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _by_column(error: ValidationError) -> list[tuple[str, list[str]]]:
    """A service's refusal by column: model fields named like a column belong to it, the
    rest (the person, the whole record) to the row."""
    return [
        (name if name in COLUMNS else "", messages) for name, messages in messages_by_field(error)
    ]
