"""The restricted rule on every governance URL: restricted decisions, actions, challenges,
risks and matters (marked so, or on a restricted agenda item) reach only current members of
the body and the business unit — in lists, exports and detail pages alike. Others get 404 on
the detail and never see the title."""

import pytest

from django.contrib.auth.models import AnonymousUser

from governance import services
from tests.membership.factories import BodyFactory

from .factories import (
    AgendaItemFactory,
    D,
    MeetingFactory,
    action,
    at,
    business_unit,
    chair_of,
    challenge,
    decision,
    member_of,
    risk,
)

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "member of another body", "member of the body", "chair", "business unit"]
SEES_RESTRICTED = {"member of the body", "chair", "business unit"}


@pytest.fixture
def world():
    body = BodyFactory(name="Serious Case Review Subgroup", short_name="SCR")
    other = BodyFactory(name="Learning and Development Subgroup")
    meeting = MeetingFactory(body=body, start=at(D(2012, 3, 7)))
    secret_item = AgendaItemFactory(meeting=meeting, title="SECRET-ITEM-TITLE", is_restricted=True)
    sub_item = AgendaItemFactory(meeting=meeting, title="SECRET-SUB-ITEM", parent=secret_item)
    records = {
        "decision": decision(body, title="SECRET-DECISION-TITLE", is_restricted=True),
        "decision on item": decision(
            body, title="SECRET-ITEM-DECISION", agenda_item=sub_item, decided_on=None
        ),
        "action": action(body, description="SECRET-ACTION-TEXT", is_restricted=True),
        "action on item": action(body, description="SECRET-ITEM-ACTION", agenda_item=secret_item),
        "challenge": challenge(body, issue="SECRET-CHALLENGE-ISSUE", is_restricted=True),
        "risk": risk(body, title="SECRET-RISK-TITLE", is_restricted=True),
    }
    public = {
        "decision": decision(body, title="PUBLIC-DECISION-TITLE"),
        "action": action(body, description="PUBLIC-ACTION-TEXT"),
        "challenge": challenge(body, issue="PUBLIC-CHALLENGE-ISSUE"),
        "risk": risk(body, title="PUBLIC-RISK-TITLE"),
    }
    later = AgendaItemFactory(
        meeting=MeetingFactory(body=other, start=at(D(2012, 4, 7))), title="Next step"
    )
    matter = services.matter_refer(
        actor=None, from_item=secret_item, to_item=later, title="SECRET-MATTER"
    ).matter
    readers = {
        "anonymous": AnonymousUser(),
        "member of another body": member_of(other),
        "member of the body": member_of(body),
        "chair": chair_of(body),
        "business unit": business_unit(),
    }
    return {
        "body": body,
        "records": records,
        "public": public,
        "readers": readers,
        "matter": matter,
        "meeting": meeting,
    }


def _get(client, world, reader, url):
    user = world["readers"][reader]
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url)


SECRETS = [
    "SECRET-DECISION-TITLE",
    "SECRET-ITEM-DECISION",
    "SECRET-ACTION-TEXT",
    "SECRET-ITEM-ACTION",
    "SECRET-CHALLENGE-ISSUE",
    "SECRET-RISK-TITLE",
]
LISTS = {
    "/decisions/": ["SECRET-DECISION-TITLE", "SECRET-ITEM-DECISION"],
    "/decisions/export.csv": ["SECRET-DECISION-TITLE", "SECRET-ITEM-DECISION"],
    "/actions/": ["SECRET-ACTION-TEXT", "SECRET-ITEM-ACTION"],
    "/actions/export.csv": ["SECRET-ACTION-TEXT", "SECRET-ITEM-ACTION"],
    "/challenges/": ["SECRET-CHALLENGE-ISSUE"],
    "/challenges/export.csv": ["SECRET-CHALLENGE-ISSUE"],
    "/risks/": ["SECRET-RISK-TITLE"],
    "/risks/export.csv": ["SECRET-RISK-TITLE"],
}
PUBLIC_LISTS = {"/decisions/", "/decisions/export.csv"}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("url", list(LISTS))
def test_lists_and_exports(client, world, reader, url):
    response = _get(client, world, reader, url)
    body = response.content.decode("utf-8-sig")

    if reader == "anonymous" and url not in PUBLIC_LISTS:
        assert response.status_code == 302  # the logs are for members: sign in first
    else:
        assert response.status_code == 200
        assert "PUBLIC-" in body
    for secret in LISTS[url]:
        assert (secret in body) == (reader in SEES_RESTRICTED), secret
    for secret in SECRETS:
        if reader not in SEES_RESTRICTED:
            assert secret not in body


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "record", ["decision", "decision on item", "action", "action on item", "challenge", "risk"]
)
def test_detail_pages_by_reference_and_id(client, world, reader, record):
    restricted = world["records"][record]
    by_reference = _get(client, world, reader, restricted.get_absolute_url())
    by_id = client.get(
        restricted.get_absolute_url().split(restricted.reference)[0] + f"{restricted.pk}/"
    )

    if reader in SEES_RESTRICTED:
        assert by_reference.status_code == by_id.status_code == 200
    elif reader == "anonymous" and not record.startswith("decision"):
        assert by_reference.status_code == by_id.status_code == 302
    else:
        assert by_reference.status_code == by_id.status_code == 404
    for response in (by_reference, by_id):
        page = response.content.decode()
        if reader not in SEES_RESTRICTED:
            assert not any(secret in page for secret in SECRETS)


@pytest.mark.parametrize("reader", READERS)
def test_public_records_are_seen_by_members_and_decisions_by_everyone(client, world, reader):
    for kind, record in world["public"].items():
        response = _get(client, world, reader, record.get_absolute_url())
        if reader == "anonymous" and kind != "decision":
            assert response.status_code == 302
        else:
            assert response.status_code == 200, kind


@pytest.mark.parametrize("reader", READERS)
def test_matter_pages(client, world, reader):
    response = _get(client, world, reader, world["matter"].get_absolute_url())

    assert response.status_code == (200 if reader in SEES_RESTRICTED else 404)
    assert ("SECRET-MATTER" in response.content.decode()) == (reader in SEES_RESTRICTED)


@pytest.mark.parametrize("reader", READERS)
def test_the_chair_console(client, world, reader):
    response = _get(client, world, reader, f"/meetings/{world['meeting'].pk}/log/")

    expected = {"anonymous": 302, "chair": 200, "business unit": 200}.get(reader, 403)
    assert response.status_code == expected
    if expected != 200:
        assert "SECRET-" not in response.content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_matters_arising_leave_out_restricted_actions(rf, world, reader):
    from django.template import Context, Template

    from governance import meeting_panels

    later = MeetingFactory(body=world["body"], start=at(D(2012, 5, 7)))
    request = rf.get("/")
    request.user = world["readers"][reader]

    panel = meeting_panels.matters_arising(request, later)
    html = Template(
        '{% include "governance/includes/matters_arising.html" with meeting=later %}'
    ).render(Context({"later": later, "request": request, "panel": panel}))

    assert ("SECRET-ACTION-TEXT" in html) == (reader in SEES_RESTRICTED)
    assert ("PUBLIC-ACTION-TEXT" in html) == (reader != "anonymous")
