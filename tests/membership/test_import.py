"""Importing people and memberships from CSV: through the admin page the business unit uses,
and through `manage.py import_memberships`."""

import datetime
import io

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.dates import parse_date
from membership import services
from membership.access import CHAIRS_GROUP
from membership.models import Membership, Person, Role
from tests.membership.factories import (
    BodyFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

IMPORT_URL = reverse("membership-import:index")
TEMPLATE_URL = reverse("membership-import:template")
HEADER = (
    "body,honorific,given_name,family_name,email,phone,organisation,job_title,role,seat,"
    "start_date,end_date\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return BodyFactory(name="Safeguarding Children Board", slug="board")


@pytest.fixture
def executive(board):
    return BodyFactory(name="Executive", slug="executive", parent=board)


@pytest.fixture
def police():
    return OrganisationFactory(name="Sussex Police", short_name="Police")


@pytest.fixture
def council():
    return OrganisationFactory(name="Brighton and Hove City Council", short_name="BHCC")


@pytest.fixture
def police_seat(board, police):
    return SeatFactory(body=board, title="Police: Director level", organisation=police)


@pytest.fixture
def manager_client(client, business_unit_user):
    client.force_login(business_unit_user)
    return client


def upload(content, name="members.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_import(client, content, *, check_only=False, name="members.csv", follow=False):
    data = {"file": upload(content, name)}
    if check_only:
        data["check_only"] = "on"
    return client.post(IMPORT_URL, data, follow=follow)


def problems_of(response):
    return [(p.line, p.column) for p in response.context["result"].problems]


def write(tmp_path, content, name="members.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def nothing_written(people_before=0):
    return (
        Membership.objects.count() == 0
        and Membership.history.count() == 0
        and Person.objects.count() == people_before
    )


# --- the admin page -------------------------------------------------------------------------


def test_good_file_imports_people_and_memberships_with_history_of_the_acting_user(
    manager_client, business_unit_user, board, executive, police, council, police_seat
):
    known_by_email = PersonFactory(given_name="Amir", family_name="Khan", email="a.khan@x.org")
    known_by_id = PersonFactory(given_name="Ruth", family_name="Okafor", email="")
    # Headings in any case and spacing, Excel's byte-order mark, and all three date styles.
    content = (
        "Body,Honorific,Given Name,Family-Name,EMAIL,Phone,Organisation,Job title,Role,Seat,"
        "Start date,End date,Person ID\n"
        "Safeguarding Children Board,Dr,Siân,Jones,sian.jones@example.org,01632 960001,,"
        "Independent chair,Independent chair,,1 April 2011,\n"
        "board,,Amir,Khan,A.Khan@x.org,,Police,Detective Superintendent,vice-chair,"
        "Police: Director level,01/04/2011,31/03/2013\n"
        "Executive,,Ruth,Okafor,,,Brighton and Hove City Council,Director of Children's "
        f"Services,chair,,2011-04-01,,{known_by_id.pk}\n"
        "executive,Dr,Siân,Jones,sian.jones@example.org,,,,member,,2 March 2012,\n"
    )
    response = post_import(manager_client, content.encode("utf-8-sig"), follow=True)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert (
        "Imported 4 memberships for 3 people (1 new, 2 already recorded) from members.csv."
        in response.content.decode()
    )
    sian = Person.objects.get(email="sian.jones@example.org")
    assert (sian.honorific, sian.given_name, sian.phone) == ("Dr", "Siân", "01632 960001")
    assert Person.objects.count() == 3

    memberships = {
        (m.person, m.body, m.role_id): m
        for m in Membership.objects.select_related("person", "body", "seat", "organisation")
    }
    assert set(memberships) == {
        (sian, board, Role.INDEPENDENT_CHAIR),
        (known_by_email, board, Role.VICE_CHAIR),
        (known_by_id, executive, Role.CHAIR),
        (sian, executive, Role.MEMBER),
    }
    vice_chair = memberships[(known_by_email, board, Role.VICE_CHAIR)]
    assert vice_chair.seat == police_seat
    assert vice_chair.organisation == police
    assert vice_chair.job_title == "Detective Superintendent"
    assert (vice_chair.start_date, vice_chair.end_date) == (
        datetime.date(2011, 4, 1),
        datetime.date(2013, 3, 31),
    )
    assert memberships[(sian, executive, Role.MEMBER)].start_date == datetime.date(2012, 3, 2)
    assert memberships[(known_by_id, executive, Role.CHAIR)].organisation == council

    imported = [*Membership.history.all(), *Person.history.filter(id=sian.pk)]
    assert len(imported) == 5
    assert {(h.history_user, h.history_change_reason, h.history_type) for h in imported} == {
        (business_unit_user, "Imported from members.csv", "+")
    }
    # People already recorded are matched, never changed: no history row beyond their first.
    assert Person.history.filter(id__in=[known_by_email.pk, known_by_id.pk]).count() == 2


def test_one_bad_row_among_good_ones_imports_nothing_and_names_the_line(
    manager_client, board, police
):
    content = HEADER + (
        "board,,Jane,Smith,jane@example.org,,Police,Inspector,member,,2011-04-01,\n"
        "board,,Tom,Brown,tom@example.org,,Kent Police,Inspector,member,,2011-04-01,\n"
        "board,,Ann,Lee,ann@example.org,,Police,Inspector,member,,2011-04-01,\n"
    )
    response = post_import(manager_client, content)

    assert response.status_code == 200
    assert problems_of(response) == [(3, "organisation")]
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "No organisation is called “Kent Police”" in page
    assert nothing_written()


def test_every_bad_row_is_reported_with_its_line_and_column(
    manager_client, board, police, police_seat
):
    content = HEADER + (
        "board,,Jane,Smith,jane@example.org,,Police,,member,,2011-04-01,\n"  # 2: fine
        "Safeguarding Adults Board,,Tom,Brown,,,,,member,,2011-04-01,\n"  # 3
        "board,,Ann,Lee,,,,,member,,31/02/2011,\n"  # 4
        "board,,Raj,Patel,,,,,member,,2012-04-01,2011-04-01\n"  # 5
        "board,,Kim,Ng,,,,,treasurer,,2011-04-01,\n"  # 6
        "board,,,Evans,,,,,member,,2011-04-01,\n"  # 7
        "board,,Lou,Hart,,,,,member,No such seat,2011-04-01,\n"  # 8
        "board,,Ed,Fox,not-an-email,,,,member,,2011-04-01,\n"  # 9
        "\n"  # 10: blank lines are skipped but still counted, as in the spreadsheet
        "board,,Jane,Smith,jane@example.org,,Police,,member,,2011-04-01,\n"  # 11
    )
    response = post_import(manager_client, content)

    assert problems_of(response) == [
        (3, "body"),
        (4, "start_date"),
        (5, "end_date"),
        (6, "role"),
        (7, "given_name"),
        (8, "seat"),
        (9, "email"),
        (11, ""),
    ]
    messages = [p.message for p in response.context["result"].problems]
    assert "“31/02/2011” is not a date" in messages[1]
    assert "would end on 1 April 2011, before it starts on 1 April 2012" in messages[2]
    assert "Use one of: Independent chair, Chair, Vice-chair" in messages[3]
    assert messages[7] == "This row repeats line 2. Delete one of them."
    assert nothing_written()


def test_two_overlapping_chairs_in_one_file_are_refused(manager_client, board):
    content = HEADER + (
        "board,,Jane,Smith,jane@example.org,,,,Chair,,1 April 2011,\n"
        "board,,Tom,Brown,tom@example.org,,,,Independent chair,,1 January 2012,\n"
    )
    response = post_import(manager_client, content)

    assert problems_of(response) == [(3, "role")]
    message = response.context["result"].problems[0].message
    assert "a body has one chair at a time" in message
    assert "That term is on line 2 of this file." in message
    assert nothing_written()


def test_a_clash_is_reported_even_when_the_other_row_has_an_unknown_organisation(
    manager_client, board
):
    content = HEADER + (
        "board,,Jane,Smith,jane@example.org,,Kent Police,,Chair,,1 April 2011,\n"
        "board,,Tom,Brown,tom@example.org,,,,Chair,,1 January 2012,\n"
    )
    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, "organisation"), (3, "role")]
    assert nothing_written()


def test_chairs_one_after_another_in_one_file_are_accepted(manager_client, board):
    content = HEADER + (
        "board,,Jane,Smith,jane@example.org,,,,Chair,,1 April 2011,31 December 2011\n"
        "board,,Tom,Brown,tom@example.org,,,,Independent chair,,1 January 2012,\n"
    )
    post_import(manager_client, content)

    assert Membership.objects.filter(body=board, role__in=[Role.CHAIR, Role.INDEPENDENT_CHAIR])
    assert Membership.objects.count() == 2


def test_a_row_clashing_with_a_chair_already_recorded_is_refused(
    manager_client, business_unit_user, board
):
    services.membership_start(
        actor=business_unit_user,
        person=PersonFactory(),
        body=board,
        role=Role.INDEPENDENT_CHAIR,
        start_date=datetime.date(2010, 1, 1),
    )
    content = HEADER + "board,,Tom,Brown,tom@example.org,,,,Chair,,1 April 2011,\n"
    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, "role")]
    assert Membership.objects.count() == 1


def test_an_email_that_belongs_to_someone_else_is_refused(manager_client, board):
    PersonFactory(given_name="Jane", family_name="Smith", email="jane@example.org")
    content = HEADER + "board,,Janet,Smyth,jane@example.org,,,,member,,1 April 2011,\n"
    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, "email")]
    assert "belongs to Jane Smith, not Janet Smyth" in response.content.decode()


def test_a_name_shared_by_two_people_on_record_needs_a_person_id(manager_client, board):
    first, second = PersonFactory.create_batch(2, given_name="Jane", family_name="Smith")
    content = HEADER + "board,,Jane,Smith,,,,,member,,1 April 2011,\n"
    response = post_import(manager_client, content)

    assert problems_of(response) == [(2, "person_id")]
    message = response.context["result"].problems[0].message
    assert "2 people on record are called Jane Smith" in message
    assert f"person_id {first.pk}" in message and f"person_id {second.pk}" in message
    assert Person.objects.count() == 2


def test_check_only_reports_what_would_be_imported_and_writes_nothing(
    manager_client, board, police
):
    content = HEADER + (
        "board,,Jane,Smith,jane@example.org,,Police,,member,,2011-04-01,\n"
        "board,,Tom,Brown,tom@example.org,,Police,,vice-chair,,2011-04-01,\n"
    )
    response = post_import(manager_client, content, check_only=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "members.csv is ready to import" in page
    assert "It would import 2 memberships for 2 people (2 new, 0 already recorded)." in page
    assert nothing_written()


def test_check_only_lists_problems_too(manager_client, board):
    response = post_import(
        manager_client, HEADER + "board,,Jane,Smith,,,,,member,,someday,\n", check_only=True
    )

    assert problems_of(response) == [(2, "start_date")]
    assert nothing_written()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "The file is empty.", id="empty"),
        pytest.param(b"\xef\xbb\xbf\r\n\r\n", "The file is empty.", id="blank-lines"),
        pytest.param(
            "Safeguarding Children Board,Jane,Smith,member,2011-04-01\n",
            "The first line must be the header row naming the columns",
            id="no-header",
        ),
        pytest.param(
            # As a Windows spreadsheet saves it by default.
            (HEADER + "board,,Siân,Jones,,,,,member,,2011-04-01,\n").encode("cp1252"),
            "The file is not UTF-8 text (the first character it cannot read is on line 2)",
            id="not-utf-8",
        ),
        pytest.param(HEADER, "The file has a header row but no memberships under it.", id="header"),
        pytest.param(
            "body;given_name;family_name;role;start_date\n",
            "The columns are separated by semicolons; they must be separated by commas.",
            id="semicolons",
        ),
    ],
)
def test_a_file_that_is_not_an_import_is_refused_with_a_message(
    manager_client, board, content, message
):
    response = post_import(manager_client, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_written()


def test_a_header_missing_a_required_column_or_with_an_unknown_one_is_refused(
    manager_client, board
):
    content = "body,given_name,family_name,role,starts\nboard,Jane,Smith,member,2011-04-01\n"
    response = post_import(manager_client, content)

    assert problems_of(response) == [(1, "starts"), (1, "start_date")]
    page = response.content.decode()
    assert "“starts” is not a column this import knows" in page
    assert "The header row has no “start_date” column" in page
    assert nothing_written()


def test_a_file_over_the_size_limit_is_refused(manager_client, board, settings):
    settings.MEMBERSHIP_IMPORT_MAX_BYTES = 1024
    content = HEADER + "board,,Jane,Smith,,,,,member,,2011-04-01,\n" * 30
    response = post_import(manager_client, content)

    assert "The file is larger than 1 KB, the most an import takes." in response.content.decode()
    assert nothing_written()


def test_a_user_who_may_not_add_memberships_is_refused(client, board):
    # A signed-in admin user (say, a chair) without the business unit's permissions.
    chair = UserFactory(username="chair")
    chair.groups.add(Group.objects.get(name=CHAIRS_GROUP))
    chair.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(chair)

    home = client.get(reverse("wagtailadmin_home"))
    assert IMPORT_URL not in home.content.decode()
    for response in (
        client.get(IMPORT_URL, follow=True),
        client.get(TEMPLATE_URL, follow=True),
        post_import(client, HEADER + "board,,Jane,Smith,,,,,member,,2011-04-01,\n", follow=True),
    ):
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "Sorry, you do not have permission to access this area." in (
            response.content.decode()
        )
    assert nothing_written()


def test_a_user_without_admin_access_is_sent_to_sign_in(client, board):
    client.force_login(UserFactory(username="member"))

    response = post_import(client, HEADER + "board,,Jane,Smith,,,,,member,,2011-04-01,\n")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert nothing_written()


def test_the_business_unit_sees_the_import_in_the_membership_menu(manager_client):
    home = manager_client.get(reverse("wagtailadmin_home"))
    page = manager_client.get(IMPORT_URL)

    assert IMPORT_URL in home.content.decode()
    assert page.status_code == 200
    assert TEMPLATE_URL in page.content.decode()


def test_the_template_downloads_and_imports_once_its_body_and_agency_exist(
    manager_client, business_unit_user
):
    response = manager_client.get(TEMPLATE_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="memberships-template.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER.strip() + ",person_id"
    assert len(lines) == 2

    BodyFactory(name="Safeguarding Children Board")
    OrganisationFactory(name="Example Council")
    post_import(manager_client, response.content, name="memberships-template.csv")
    membership = Membership.objects.get()
    assert str(membership.person) == "Dr Jane Smith"
    assert membership.start_date == datetime.date(2011, 4, 1)


# --- the management command -----------------------------------------------------------------


def test_command_imports_a_good_file(tmp_path, business_unit_user, board, police):
    path = write(
        tmp_path, HEADER + "board,,Jane,Smith,jane@example.org,,Police,,chair,,2011-04-01,\n"
    )
    out = io.StringIO()
    call_command("import_memberships", str(path), "--user", "manager", stdout=out)

    assert "Imported 1 membership for 1 person (1 new, 0 already recorded)" in out.getvalue()
    membership = Membership.objects.get()
    assert membership.role_id == Role.CHAIR
    history = membership.history.get()
    assert (history.history_user, history.history_change_reason) == (
        business_unit_user,
        "Imported from members.csv",
    )


def test_command_prints_every_problem_and_fails(tmp_path, board):
    path = write(
        tmp_path,
        HEADER
        + "board,,Jane,Smith,,,,,chair,,2011-04-01,\n"
        + "board,,Tom,Brown,,,,,chair,,2012-04-01,\n"
        + "nowhere,,Ann,Lee,,,,,member,,2012-04-01,\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: members.csv has 2 problems"):
        call_command("import_memberships", str(path), stderr=err)

    printed = err.getvalue().splitlines()
    assert printed[0].startswith("Line 3, role: Jane Smith chairs this body from 1 April 2011")
    assert printed[1].startswith("Line 4, body: No body is called “nowhere”")
    assert nothing_written()


def test_command_refuses_a_file_that_is_not_utf_8(tmp_path, board):
    path = write(
        tmp_path, (HEADER + "board,,Siân,Jones,,,,,member,,2011-04-01,\n").encode("cp1252")
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_memberships", str(path), stderr=err)

    assert refused.value.returncode == 1
    assert err.getvalue().startswith("Whole file: The file is not UTF-8 text")
    assert nothing_written()


def test_command_dry_run_writes_nothing(tmp_path, board):
    path = write(tmp_path, HEADER + "board,,Jane,Smith,,,,,member,,2011-04-01,\n")
    out = io.StringIO()
    call_command("import_memberships", str(path), "--dry-run", stdout=out)

    assert "members.csv is ready: it would import 1 membership for 1 person" in out.getvalue()
    assert "Nothing was written" in out.getvalue()
    assert nothing_written()


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_memberships", str(tmp_path / "nowhere.csv"))


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-04-01", datetime.date(2011, 4, 1)),
        ("01/04/2011", datetime.date(2011, 4, 1)),
        ("1/4/2011", datetime.date(2011, 4, 1)),
        ("1 April 2011", datetime.date(2011, 4, 1)),
        ("2 march 2012", datetime.date(2012, 3, 2)),
        ("2 Mar 2012", datetime.date(2012, 3, 2)),
        ("31/02/2011", None),
        ("04-01-2011", None),
        ("1 Aprilis 2011", None),
        ("01/04/11", None),
    ],
)
def test_dates_are_read_as_the_business_unit_writes_them(text, expected):
    assert parse_date(text) == expected
