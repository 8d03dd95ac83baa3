"""Search on a partnership's site finds that partnership's records alone: the meetings,
papers, decisions and logs of the bodies serving it, a joint body's on each partnership it
serves. The restricted rules are the same on every site."""

from __future__ import annotations

import datetime

import pytest

from meetings import services
from membership.models import Body, BodyKind
from search.models import SearchDocument
from tests.governance.factories import action, decision
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

from .conftest import client_as, titles

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def boards(business_unit_user, django_capture_on_commit_callbacks) -> dict[str, Body]:
    """The children's board, the adults' board and a joint group of the children's that also
    reports to the adults' board; each with a published meeting, a decision and an action
    that all say "Emu", indexed as the commits queue it."""
    sab = second_partnership()
    children = BodyFactory(name="Children's Board", slug="board", kind=BodyKind.BOARD)
    joint = BodyFactory(name="Joint Exploitation Group", slug="joint", parent=children)
    joint.also_reports_to.set([sab.board])
    joint.save()
    bodies = {"children": children, "adults": sab.board, "joint": joint}
    with django_capture_on_commit_callbacks(execute=True):
        for key, body in bodies.items():
            meeting = MeetingFactory(body=body, title=f"Emu meeting of the {key}")
            services.agenda_item_add(
                actor=business_unit_user, meeting=meeting, title=f"Emu item of the {key}"
            )
            services.agenda_publish(actor=business_unit_user, meeting=meeting)
            decision(body, title=f"Emu decision of the {key}", decided_on=D(2012, 4, 18))
            action(body, description=f"Emu action of the {key}")
    return bodies


def found_in(response) -> set[str]:
    # A meeting's title ends with its date.
    return {
        title.split("Emu ", 1)[1].split(",")[0] for title in titles(response) if "Emu " in title
    }


def found(client, **extra) -> set[str]:
    response = client.get("/search/", {"q": "emu"}, **extra)
    assert response.status_code == 200
    return found_in(response)


def expected(*keys: str, kinds=("meeting", "item", "decision")) -> set[str]:
    return {f"{kind} of the {key}" for key in keys for kind in kinds}


def test_each_site_finds_its_partnerships_records_and_the_joint_bodys(client, boards):
    assert SearchDocument.objects.filter(body=boards["adults"]).exists()
    assert found(client) == expected("children", "joint")
    assert found(client, HTTP_HOST=ADULTS_HOST) == expected("adults", "joint")


def test_the_adults_site_does_not_find_the_childrens_boards_decisions(client, boards):
    response = client.get("/search/", {"q": "decision", "kind": "decision"}, HTTP_HOST=ADULTS_HOST)
    assert "Emu decision of the children" not in response.content.decode()
    assert "Emu decision of the adults" in response.content.decode()


def test_the_logs_are_scoped_too_for_a_business_unit_of_both(boards):
    """Who runs both partnerships sees the action log of each on its own site only."""
    staff = client_as(manager_of(*(body.partnership for body in boards.values())))
    kinds = ("meeting", "item", "decision", "action")
    assert found(staff) == expected("children", "joint", kinds=kinds)
    assert found(staff, HTTP_HOST=ADULTS_HOST) == expected("adults", "joint", kinds=kinds)


def test_the_body_filter_offers_and_takes_the_sites_bodies_alone(client, boards):
    html = client.get("/search/", {"q": "emu"}, HTTP_HOST=ADULTS_HOST).content.decode()
    assert '<option value="sab">' in html and '<option value="joint">' in html
    assert '<option value="board">' not in html
    refused = client.get("/search/", {"q": "emu", "body": "board"}, HTTP_HOST=ADULTS_HOST)
    assert refused.status_code == 400
    joint = client.get("/search/", {"q": "emu", "body": "joint"}, HTTP_HOST=ADULTS_HOST)
    assert found_in(joint) == expected("joint")
