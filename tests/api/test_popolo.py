"""The Popolo exports validate against Popolo's schemas (tests/api/popolo_schemas, written
from the specification: no network in tests), use only Popolo's properties (and Open Civic
Data's agenda and documents on events), and refer only to records they export."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from meetings.models import MeetingStatus
from membership.models import BodyKind
from tests.api.conftest import INSIDERS, PUBLIC_ITEM, PUBLIC_PAPER, READERS, RESTRICTED_ITEM
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "popolo_schemas"
EXPORTS = {
    "organizations": "organization",
    "people": "person",
    "posts": "post",
    "memberships": "membership",
    "events": "event",
}


def _load() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}


def _registry(schemas: dict[str, dict]) -> Registry:
    return Registry().with_resources(
        (schema["id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values()
    )


def _closed(schema):
    """The schema with every object closed to properties it does not list."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(value) for value in schema]
    return schema


def validator(name: str, *, closed: bool) -> Draft3Validator:
    schemas = _load()
    if name == "event":
        # Popolo's Event has no agenda: Open Civic Data's fills the gap.
        schemas["event"] = copy.deepcopy(schemas["event"])
        schemas["event"]["properties"].update(schemas["ocd_event_extras"]["properties"])
    if closed:
        schemas = {key: _closed(schema) for key, schema in schemas.items()}
    return Draft3Validator(
        schemas[name], registry=_registry(schemas), format_checker=Draft3Validator.FORMAT_CHECKER
    )


@pytest.fixture
def board(scene):
    """Beyond the scene: a parent body, a seat held for an agency, an ended term, a body
    that has closed, and an agency that sends nobody."""
    board = BodyFactory(name="Safeguarding Children Board", short_name="KSCB", kind=BodyKind.BOARD)
    scene.body.parent = board
    scene.body.save()
    BodyFactory(name="Closed task group", active_until=datetime.date(2012, 3, 31))
    seat = SeatFactory(body=board, title="Police: Director level")
    MembershipFactory(
        body=board,
        person=PersonFactory(honorific="Supt"),
        seat=seat,
        organisation=seat.organisation,
        role="vice_chair",
        start_date=datetime.date(2010, 4, 1),
        end_date=datetime.date(2012, 3, 31),
    )
    OrganisationFactory(name="Cafcass", short_name="")
    MeetingFactory(body=board, status=MeetingStatus.CANCELLED, notes="Moved to May.", venue="")
    return scene


def test_every_schema_reference_resolves_to_a_file_here():
    schemas = _load()
    registry = _registry(schemas)
    text = json.dumps(schemas)
    refs = {part.split('"')[0] for part in text.split('"$ref": "')[1:]}
    assert refs
    for ref in refs:
        assert registry.resolver().lookup(ref).contents["type"] == "object", ref


def test_the_checks_refuse_what_popolo_does_not_allow():
    """The closed schemas have teeth: an invented property, a nested one, or a time with
    fractions of a second are refused."""
    person = validator("person", closed=True)
    assert person.is_valid({"id": "person/1", "name": "A Person"})
    # Popolo's own (open) schema lets an invented property through; the closed copy does not.
    assert validator("person", closed=False).is_valid({"name": "A", "phone": "0"})
    assert not person.is_valid({"name": "A Person", "phone": "01622 000000"})
    assert not person.is_valid({"name": "A", "other_names": [{"name": "B", "alias": "C"}]})
    assert not person.is_valid({"name": "A", "other_names": [{"note": "no name"}]})
    event = validator("event", closed=True)
    assert event.is_valid({"start_date": "2012-03-02T10:00:00+00:00", "agenda": []})
    assert not event.is_valid({"start_date": "2012-03-02T10:00:00.5+00:00"})
    assert not event.is_valid({"agenda": [{"order": "1"}]})


@pytest.mark.parametrize("export", EXPORTS)
def test_exports_validate_against_the_popolo_schemas(client, board, export):
    records = client.get(f"/api/v1/popolo/{export}.json").json()
    assert records
    for closed in (False, True):
        check = validator(EXPORTS[export], closed=closed)
        for record in records:
            errors = [error.message for error in check.iter_errors(record)]
            assert not errors, (export, record, errors)


def test_exports_refer_only_to_records_they_export(client, board):
    get = {name: client.get(f"/api/v1/popolo/{name}.json").json() for name in EXPORTS}
    organization_ids = {o["id"] for o in get["organizations"]}
    person_ids = {p["id"] for p in get["people"]}
    post_ids = {p["id"] for p in get["posts"]}
    for organization in get["organizations"]:
        if "parent_id" in organization:
            assert organization["parent_id"] in organization_ids
    for post in get["posts"]:
        assert post["organization_id"] in organization_ids
    for membership in get["memberships"]:
        assert membership["person_id"] in person_ids
        assert membership["organization_id"] in organization_ids
        if "post_id" in membership:
            assert membership["post_id"] in post_ids
        if "on_behalf_of_id" in membership:
            assert membership["on_behalf_of_id"] in organization_ids
    for event in get["events"]:
        assert event["organization_id"] in organization_ids


def test_organizations_are_bodies_under_their_parents_and_agencies(client, board):
    records = {o["name"]: o for o in client.get("/api/v1/popolo/organizations.json").json()}
    executive = records["KSCB Executive"]
    board_record = records["Safeguarding Children Board"]
    assert executive["parent_id"] == board_record["id"] == f"body/{board.body.parent_id}"
    assert executive["classification"] == "subgroup"
    assert board_record["classification"] == "board"
    assert board_record["other_names"] == [{"name": "KSCB", "note": "Short name"}]
    assert records["Closed task group"]["dissolution_date"] == "2012-03-31"
    assert records["Cafcass"] == {
        "id": records["Cafcass"]["id"],
        "name": "Cafcass",
        "classification": "agency",
    }


def test_memberships_name_the_seat_and_the_agency_represented(client, board):
    records = client.get("/api/v1/popolo/memberships.json").json()
    held = next(m for m in records if m["role"] == "vice_chair")
    seat = board.body.parent.seats.get()
    assert held["post_id"] == f"seat/{seat.pk}"
    assert held["on_behalf_of_id"] == f"agency/{seat.organisation_id}"
    assert (held["start_date"], held["end_date"]) == ("2010-04-01", "2012-03-31")
    posts = client.get("/api/v1/popolo/posts.json").json()
    assert {
        "id": f"seat/{seat.pk}",
        "label": "Police: Director level",
        "role": "statutory_partner",
        "organization_id": f"body/{seat.body_id}",
    } in posts


@pytest.mark.parametrize("reader", READERS)
def test_events_carry_the_agenda_in_order_as_the_reader_may_see_it(client_for, board, reader):
    events = client_for(reader).get("/api/v1/popolo/events.json").json()
    event = next(e for e in events if e["id"] == f"meeting/{board.meeting.pk}")
    assert event["status"] == "tentative" and event["classification"] == "meeting"
    assert [item["order"] for item in event["agenda"]] == ["1", "2", "2.1"]
    assert event["agenda"][0]["description"] == PUBLIC_ITEM
    assert event["agenda"][0]["related_entities"][0]["name"] == board.presenter.name
    documents = {d["name"]: d["url"] for d in event["documents"]}
    assert documents[PUBLIC_PAPER].startswith("http://testserver/papers/")
    if reader in INSIDERS:
        assert event["agenda"][1]["description"] == RESTRICTED_ITEM
        assert len(documents) == 3
    else:
        assert event["agenda"][1] == {"order": "2", "description": "Restricted item"}
        assert list(documents) == [PUBLIC_PAPER]
    cancelled = next(e for e in events if e["status"] == "cancelled")
    assert cancelled["description"] == "Moved to May." and cancelled["agenda"] == []
    assert "location" not in cancelled
