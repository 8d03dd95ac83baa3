"""Which person a line of an import is about.

Someone already on record is found only by their email address (in any capitals) or by the
line's `person_id`. A name is never enough: people on different boards share names, and
joining the wrong one would hand a stranger's login the restricted papers of the bodies the
line names. So a line whose name matches someone on record, without an email or person_id
that finds them, is refused with who they are (and their terms on the bodies the importer
manages, nothing else), until the file gives their person_id, or `new` for someone else.

Within one file, later lines without an email reach a person an earlier line added by their
name: nobody but this file can have given that person anything yet.
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError

from core.dates import long_date
from membership.models import Membership, Person
from membership.selectors import membership_list_for_people_on_bodies

NEW_PERSON = "new"
BY_EMAIL = "email"
BY_PERSON_ID = "person_id"


def _name(person: Person) -> str:
    return f"{person.given_name} {person.family_name}"


def _term(membership: Membership) -> str:
    term = f"{membership.get_role_display()} of {membership.body.name} from "
    term += long_date(membership.start_date)
    if membership.end_date:
        term += f" to {long_date(membership.end_date)}"
    return term


class PersonFinder:
    """Finds the person of each line of one import. `shown_body_ids` are the bodies whose
    terms a refusal may list when it describes someone on record."""

    def __init__(self, *, shown_body_ids: Collection[int]):
        self.shown_body_ids = shown_body_ids
        # Person added by this file → the line that added them.
        self.added_on_line: dict[int, int] = {}

    def find(self, values: dict[str, str]) -> tuple[Person | None, str]:
        """The person the line means and how they were found (BY_EMAIL, BY_PERSON_ID, or ""
        for someone an earlier line of this file added); (None, "") for someone new. A
        ValidationError, by column, when the line does not say who it means."""
        person_id = values["person_id"].strip()
        if person_id.casefold() == NEW_PERSON:
            self._refuse_someone_elses_email(values, None)
            return None, ""
        if person_id:
            return self._by_person_id(values, person_id), BY_PERSON_ID
        if values["email"]:
            person = self._by_email(values)
            if person is not None:
                return person, "" if person.pk in self.added_on_line else BY_EMAIL
        return self._by_name(values), ""

    def _by_person_id(self, values: dict[str, str], person_id: str) -> Person:
        if not person_id.isdigit():
            raise ValidationError(
                {
                    "person_id": f"“{person_id}” is not a person_id. Write the number of the "
                    "person on record this line means (a check shows it when a name matches "
                    f"someone), or {NEW_PERSON} to add a new person."
                }
            )
        person = Person.objects.filter(pk=int(person_id)).first()
        if person is None:
            raise ValidationError(
                {
                    "person_id": f"No person on record has the person_id {person_id}. Correct "
                    f"it, or write {NEW_PERSON} to add a new person."
                }
            )
        if not self._same_name(person, values):
            raise ValidationError(
                {
                    "person_id": f"person_id {person.pk} is {_name(person)}, not "
                    f"{values['given_name']} {values['family_name']}. Correct the person_id or "
                    "the name; if the person has changed their name, change it under "
                    "Membership → People first."
                }
            )
        self._refuse_someone_elses_email(values, person)
        return person

    def _by_email(self, values: dict[str, str]) -> Person | None:
        found = list(Person.objects.filter(email__iexact=values["email"])[:2])
        if len(found) > 1:
            raise ValidationError(
                {
                    "email": f"More than one person has the email address “{values['email']}” "
                    "in different capitals. Correct them under Membership → People first."
                }
            )
        if found and not self._same_name(found[0], values):
            raise ValidationError(
                {
                    "email": f"“{values['email']}” belongs to {_name(found[0])}, not "
                    f"{values['given_name']} {values['family_name']}. Correct the email or the "
                    "name; if the person has changed their name, change it under Membership → "
                    "People first."
                }
            )
        return found[0] if found else None

    def _by_name(self, values: dict[str, str]) -> Person | None:
        namesakes = list(
            Person.objects.filter(
                given_name__iexact=values["given_name"], family_name__iexact=values["family_name"]
            ).order_by("pk")
        )
        on_record = [person for person in namesakes if person.pk not in self.added_on_line]
        if on_record:
            raise ValidationError({"person_id": self._namesakes_message(values, on_record)})
        if values["email"] or not namesakes:
            return None
        if len(namesakes) > 1:
            lines = " and ".join(str(self.added_on_line[person.pk]) for person in namesakes)
            raise ValidationError(
                {
                    "email": f"Lines {lines} of this file add different people called "
                    f"{values['given_name']} {values['family_name']}. Give this line the email "
                    "of the one it means."
                }
            )
        return namesakes[0]

    def _namesakes_message(self, values: dict[str, str], people: list[Person]) -> str:
        terms: dict[int, list[str]] = {person.pk: [] for person in people}
        for membership in membership_list_for_people_on_bodies(people, self.shown_body_ids):
            terms[membership.person_id].append(_term(membership))
        described = "; ".join(
            f"{_name(person)}, person_id {person.pk} "
            f"({', '.join(terms[person.pk]) or 'no memberships of the bodies you manage'})"
            for person in people
        )
        row_name = f"{values['given_name']} {values['family_name']}"
        someone = (
            "someone on record is" if len(people) == 1 else f"{len(people)} people on record are"
        )
        if values["email"]:
            opening = f"No one on record has the email {values['email']}, but {someone} called"
        else:
            opening = f"This line gives no email or person_id, and {someone} called"
        return (
            f"{opening} {row_name}: {described}. A line adds to someone on record only by "
            "their email or person_id: write the person_id of the person this line means, or "
            f"{NEW_PERSON} to add a new person."
        )

    def _refuse_someone_elses_email(self, values: dict[str, str], person: Person | None):
        if not values["email"]:
            return
        owner = Person.objects.filter(email__iexact=values["email"]).first()
        if owner is None or owner == person:
            return
        if person is None:
            advice = (
                f"so a new person cannot have it. To add this membership to them, write "
                f"{owner.pk} in person_id; otherwise correct the email."
            )
        else:
            advice = f"not of person_id {person.pk}. Correct the email, or leave it blank."
        raise ValidationError(
            {
                "email": f"“{values['email']}” is the email of {_name(owner)} (person_id "
                f"{owner.pk}), {advice}"
            }
        )

    @staticmethod
    def _same_name(person: Person, values: dict[str, str]) -> bool:
        return (
            person.given_name.casefold() == values["given_name"].casefold()
            and person.family_name.casefold() == values["family_name"].casefold()
        )
