"""The registers' CSV exports on a partnership's site hold the records of the bodies serving
that partnership alone: a joint body's on each site it serves, another partnership's never."""

from __future__ import annotations

import pytest

from django.test import Client

from membership.models import BodyKind
from tests.governance.factories import action, challenge, decision, member_of, risk
from tests.membership.factories import BodyFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

pytestmark = pytest.mark.django_db

# Each export, and the text of a body's row in it.
EXPORTS = {
    "/decisions/export.csv": "Decided-for-{}",
    "/actions/export.csv": "Action-for-{}",
    "/challenges/export.csv": "Challenge-for-{}",
    "/risks/export.csv": "Risk-for-{}",
}


@pytest.fixture
def partnerships():
    sab = second_partnership()
    children = BodyFactory(name="Children's Board", slug="board", kind=BodyKind.BOARD)
    joint = BodyFactory(name="Joint Exploitation Group", slug="joint", parent=children)
    joint.also_reports_to.set([sab.board])
    joint.save()
    for body in (children, sab.board, joint):
        decision(body, title=f"Decided-for-{body.slug}")
        action(body, description=f"Action-for-{body.slug}")
        challenge(body, issue=f"Challenge-for-{body.slug}")
        risk(body, title=f"Risk-for-{body.slug}")
    return children, sab


def export(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.content)
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("url", EXPORTS)
def test_each_site_exports_its_partnerships_records_and_the_joint_bodys(partnerships, url):
    children, sab = partnerships
    row = EXPORTS[url]
    staff = Client()
    staff.force_login(manager_of(children.partnership, sab))
    on_children = export(staff, url)
    on_adults = export(staff, url, HTTP_HOST=ADULTS_HOST)
    assert row.format("board") in on_children and row.format("sab") not in on_children
    assert row.format("sab") in on_adults and row.format("board") not in on_adults
    assert row.format("joint") in on_children and row.format("joint") in on_adults


def test_an_export_on_another_partnerships_site_leaves_a_members_actions_out(partnerships):
    children, sab = partnerships
    member = Client()
    member.force_login(member_of(sab.board))
    assert "Action-for-sab" in export(member, "/actions/export.csv", HTTP_HOST=ADULTS_HOST)
    assert "Action-for-sab" not in export(member, "/actions/export.csv")
