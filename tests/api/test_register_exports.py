"""Every register's list page links its CSV export, with the page's filters carried over,
and the link gives the rows the page lists (the decisions register for anyone; the action,
challenge and risk logs for members)."""

from __future__ import annotations

import html
import re

import pytest

from django.test import Client

from tests.governance.factories import action, challenge, decision, member_of, risk
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db

# The list page, the export it links, and the text of a row of each body.
REGISTERS = {
    "/decisions/": ("/decisions/export.csv", "Decided-for-{}"),
    "/actions/": ("/actions/export.csv", "Action-for-{}"),
    "/challenges/": ("/challenges/export.csv", "Challenge-for-{}"),
    "/risks/": ("/risks/export.csv", "Risk-for-{}"),
}


@pytest.fixture
def member(db) -> Client:
    bodies = [BodyFactory(slug="board"), BodyFactory(slug="executive")]
    for body in bodies:
        decision(body, title=f"Decided-for-{body.slug}")
        action(body, description=f"Action-for-{body.slug}")
        challenge(body, issue=f"Challenge-for-{body.slug}")
        risk(body, title=f"Risk-for-{body.slug}")
    client = Client()
    client.force_login(member_of(bodies[0]))
    return client


def export_link(page: str) -> str | None:
    found = re.search(r'<a href="([^"]*export\.csv[^"]*)"[^>]*download>', page)
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("page", REGISTERS)
def test_each_register_links_its_export_with_the_filters(member, page):
    export, row = REGISTERS[page]
    assert export_link(member.get(page).content.decode()) == export
    link = export_link(member.get(f"{page}?body=executive").content.decode())
    assert link.startswith(f"{export}?") and "body=executive" in link
    response = member.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert row.format("executive") in text and row.format("board") not in text


def test_the_public_register_links_its_export_for_anyone(member):
    anonymous = Client()
    link = export_link(anonymous.get("/decisions/").content.decode())
    assert link == "/decisions/export.csv"
    assert "Decided-for-board" in anonymous.get(link).content.decode("utf-8-sig")
