"""Which person a line of a membership import joins: someone on record only by their email or
by the `person_id` column, never by a name alone. A line whose name matches someone on record
is refused, with who they are (and their memberships of the bodies the importer manages),
until it gives their person_id or `new`; a check lists every match the import would make."""

from __future__ import annotations

import datetime
import io

import pytest

from django.core.management import call_command

from membership.models import Membership, Person, Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.membership.test_import import IMPORT_URL, post_import, problems_of, write
from tests.partnerships import manager_of, second_partnership

pytestmark = pytest.mark.django_db

HEADER = "body,given_name,family_name,email,role,start_date,person_id\n"


@pytest.fixture
def board():
    return BodyFactory(name="Safeguarding Children Board", slug="board")


@pytest.fixture
def adults_board():
    return BodyFactory(name="Safeguarding Adults Board", slug="adults")


@pytest.fixture
def jane(adults_board):
    """Jane Smith of the adults' board, with a login that reads its restricted papers."""
    person = PersonFactory(given_name="Jane", family_name="Smith", email="", honorific="")
    person.user = UserFactory(username="jane")
    person.save()
    MembershipFactory(person=person, body=adults_board, role=Role.VICE_CHAIR)
    return person


@pytest.fixture
def manager_client(client, business_unit_user):
    client.force_login(business_unit_user)
    return client


def memberships_of(person: Person) -> set[tuple[str, str]]:
    return {(m.body.slug, m.role_id) for m in person.memberships.select_related("body")}


def test_a_name_alone_never_joins_the_namesake_on_another_board(manager_client, board, jane):
    content = HEADER + "board,Jane,Smith,,member,1 April 2011,\n"

    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, "person_id")]
    message = response.context["result"].problems[0].message
    assert f"person_id {jane.pk}" in message
    assert "Vice-chair of Safeguarding Adults Board from 1 April 2011" in message
    assert "write the person_id of the person this line means, or new" in message
    assert memberships_of(jane) == {("adults", Role.VICE_CHAIR)}
    assert Person.objects.count() == 1


def test_a_name_with_an_email_not_on_record_is_refused_too(manager_client, board, jane):
    content = HEADER + "board,Jane,Smith,jane.smith@example.org,member,1 April 2011,\n"

    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, "person_id")]
    assert f"person_id {jane.pk}" in response.context["result"].problems[0].message
    assert memberships_of(jane) == {("adults", Role.VICE_CHAIR)}
    assert Person.objects.count() == 1


def test_new_adds_a_namesake_as_a_new_person(manager_client, board, jane):
    content = HEADER + "board,Jane,Smith,,member,1 April 2011,New\n"

    post_import(manager_client, content)

    newcomer = Person.objects.exclude(pk=jane.pk).get()
    assert (newcomer.given_name, newcomer.family_name, newcomer.user) == ("Jane", "Smith", None)
    assert memberships_of(newcomer) == {("board", Role.MEMBER)}
    assert memberships_of(jane) == {("adults", Role.VICE_CHAIR)}


def test_the_check_lists_every_match_and_the_import_makes_them(manager_client, board, jane):
    amir = PersonFactory(given_name="Amir", family_name="Khan", email="a.khan@x.org")
    content = HEADER + (
        "board,Amir,Khan,A.KHAN@X.ORG,chair,1 April 2011,\n"
        f"board,Jane,Smith,,member,1 April 2011,{jane.pk}\n"
        "board,Siân,Jones,,member,1 April 2011,\n"
    )

    check = post_import(manager_client, content, check_only=True)

    assert check.context["result"].ok
    assert [
        (match.line, match.row_name, match.person_id, match.matched_by)
        for match in check.context["result"].matches
    ] == [(2, "Amir Khan", amir.pk, "email"), (3, "Jane Smith", jane.pk, "person_id")]
    page = check.content.decode()
    assert "People already on record this file adds memberships to" in page
    assert f"Amir Khan (person_id {amir.pk})" in page
    assert f"Jane Smith (person_id {jane.pk})" in page
    assert Membership.objects.count() == 1

    post_import(manager_client, content)

    assert memberships_of(amir) == {("board", Role.CHAIR)}
    assert memberships_of(jane) == {("adults", Role.VICE_CHAIR), ("board", Role.MEMBER)}
    assert Person.objects.filter(given_name="Siân").count() == 1


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ("Jane,Smith,,999999", "person_id", "No person on record has the person_id 999999"),
        ("Jane,Smith,,Jane", "person_id", "“Jane” is not a person_id"),
        ("Janet,Smyth,,{jane}", "person_id", "person_id {jane} is Jane Smith, not Janet Smyth"),
        ("Jane,Smith,a.khan@x.org,{jane}", "email", "“a.khan@x.org” is the email of Amir Khan"),
        ("Jane,Smith,a.khan@x.org,new", "email", "“a.khan@x.org” is the email of Amir Khan"),
    ],
)
def test_a_person_id_that_does_not_fit_the_line_is_refused(
    manager_client, board, jane, cells, column, words
):
    PersonFactory(given_name="Amir", family_name="Khan", email="a.khan@x.org")
    given, family, email, person_id = cells.format(jane=jane.pk).split(",")
    content = HEADER + f"board,{given},{family},{email},member,1 April 2011,{person_id}\n"

    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, column)]
    assert words.format(jane=jane.pk) in response.context["result"].problems[0].message
    assert Membership.objects.count() == 1 and Person.objects.count() == 2


def test_the_report_shows_only_memberships_of_bodies_the_importer_manages(client, jane):
    # The business unit of another partnership, whose own board Jane does not sit on.
    theirs = second_partnership()
    client.force_login(manager_of(theirs))

    response = post_import(client, HEADER + "sab,Jane,Smith,,member,1 April 2011,\n")

    assert problems_of(response) == [(2, "person_id")]
    message = response.context["result"].problems[0].message
    assert f"person_id {jane.pk}" in message
    assert "Adults" not in message and "Vice-chair" not in message
    assert "no memberships of the bodies you manage" in message


def test_lines_of_one_file_for_someone_new_add_one_person(manager_client, board):
    executive = BodyFactory(name="Executive", slug="executive")
    content = HEADER + (
        "board,Siân,Jones,,member,1 April 2011,\nexecutive,Siân,Jones,,member,1 April 2011,\n"
    )

    post_import(manager_client, content)

    sian = Person.objects.get()
    assert memberships_of(sian) == {("board", Role.MEMBER), (executive.slug, Role.MEMBER)}


def test_the_command_check_lists_the_matches(tmp_path, board, jane):
    path = write(tmp_path, HEADER + f"board,Jane,Smith,,member,1 April 2011,{jane.pk}\n")
    out = io.StringIO()

    call_command("import_memberships", str(path), "--dry-run", stdout=out)

    assert (
        f"Line 2: Jane Smith is Jane Smith (person_id {jane.pk}), found by person_id"
        in out.getvalue()
    )
    assert memberships_of(jane) == {("adults", Role.VICE_CHAIR)}
    assert jane.memberships.get().start_date == datetime.date(2011, 4, 1)


def test_the_import_page_explains_how_people_are_found(manager_client):
    page = manager_client.get(IMPORT_URL).content.decode()

    assert "<code>person_id</code>: the number of someone on record" in page
    assert "by their email address or by their <code>person_id</code>, never by name" in page
