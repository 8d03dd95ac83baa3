"""Every CSV Tabled writes shows text as text: a cell that a spreadsheet would run as a formula
(=, +, -, @, a tab or carriage return first, or spaces then one of them) comes out with a
single quote in front, on the public register, the members' logs and the admin's own listing
exports. Numbers stay numbers, so figures still add up and read back in."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from wagtail.log_actions import log

from core.csv_out import FormulaSafeWriter
from tests.governance.factories import action, business_unit, challenge, decision, member_of, risk
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PAYLOADS = (
    '=HYPERLINK("http://x","y")',
    "+SUM(1,2)",
    '-2+3+cmd|"/C calc"!A0',
    "@SUM(1,2)",
    "\t=SUM(1,2)",
    "\r=SUM(1,2)",
    ' =HYPERLINK("http://x","y")',
)
NEUTRALISED = {"'" + payload for payload in PAYLOADS}


def cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def hostile_cells(content: bytes) -> set[str]:
    return {cell for cell in cells(content) if cell.removeprefix("'") in PAYLOADS}


@pytest.fixture
def body():
    return BodyFactory(slug="executive")


def test_the_public_decisions_register_exports_hostile_titles_as_text(client, body):
    for payload in PAYLOADS:
        decision(body, title=payload)

    response = client.get("/decisions/export.csv")

    assert response.status_code == 200
    assert hostile_cells(response.content) == NEUTRALISED


def test_the_action_log_exports_hostile_descriptions_and_agencies_as_text(client, body):
    for payload in PAYLOADS:
        action(body, description=payload, organisation=OrganisationFactory(name=payload))
    client.force_login(member_of(body))

    response = client.get("/actions/export.csv")

    assert response.status_code == 200
    assert hostile_cells(response.content) == NEUTRALISED
    assert len(cells(response.content)) == 9 * (1 + len(PAYLOADS))


def test_the_challenge_log_exports_hostile_issues_as_text(client, body):
    for payload in PAYLOADS:
        challenge(body, issue=payload)
    client.force_login(member_of(body))

    response = client.get("/challenges/export.csv")

    assert response.status_code == 200
    assert hostile_cells(response.content) == NEUTRALISED


def test_the_risk_register_exports_hostile_titles_as_text_and_scores_as_numbers(client, body):
    for payload in PAYLOADS:
        risk(body, title=payload)
    client.force_login(member_of(body))

    response = client.get("/risks/export.csv")

    assert response.status_code == 200
    assert hostile_cells(response.content) == NEUTRALISED
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {tuple(row[4:7]) for row in rows[1:]} == {("4", "5", "20")}


def test_wagtails_own_report_exports_a_hostile_name_as_text(client):
    manager = business_unit()
    person = PersonFactory(honorific="", given_name='=HYPERLINK("http://x","y")', family_name="")
    log(instance=person, action="wagtail.edit", user=manager)
    client.force_login(manager)

    response = client.get("/admin/reports/site-history/?export=csv")

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hostile_cells(content) == {"'" + '=HYPERLINK("http://x","y")'}


def test_numbers_and_plain_figures_stay_numbers_and_read_back_as_written():
    buffer = io.StringIO()
    row = [-3.5, Decimal("-2.25"), -7, "-3.5", "+4", "-1,024", "27.5%", "-3.5 people", "-", ""]

    FormulaSafeWriter(buffer).writerow(row)

    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [
        "-3.5",
        "-2.25",
        "-7",
        "-3.5",
        "+4",
        "-1,024",
        "27.5%",
        "'-3.5 people",
        "'-",
        "",
    ]
