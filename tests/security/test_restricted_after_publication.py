"""The access matrix's "restricted after publication" column: a clerk who ticks "restricted"
on a published item or paper, or deletes the item from the draft, withdraws it at once from
every copy that shows published agendas, before the agenda is published again and after.

Each test takes one state and one route, shows the title to an anonymous reader first (so the
page cache has it), makes the change as the business unit does in the admin, then asks as
every kind of reader. The search index is not rebuilt in between: the tests' transaction
never commits, so the reindex queued after the commit never runs, and what search withholds
is the flag changed in the change's own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from django.core.management import call_command
from django.db import transaction
from django.test import Client

from meetings import services
from meetings.models import AgendaItem
from tests.admin_forms import admin_form, submit
from tests.security.matrix_world import (
    INSIDERS,
    OUTSIDERS,
    PUBLIC_PAPER,
    REMOTE_ADDR,
    ROLES,
    SIGNED_IN,
    World,
    _publish,
    build_world,
)
from tests.security.test_access_matrix import _text

LATE_WORD = "Quarrymen"
LATE_ITEM = f"{LATE_WORD} placement breakdown"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The access matrix's world, with a third version of its agenda that adds a public item
    with no papers (an item with papers cannot be deleted)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        manager = world.users["business_unit"]
        services.agenda_item_add(
            actor=manager,
            meeting=world.meeting,
            title=LATE_ITEM,
            description="Which placements ended without a plan.",
        )
        _publish(manager, world.meeting, change_note="Item added")
        call_command("rebuild_search_index")
        yield world
        transaction.set_rollback(True)


def late_item(world: World) -> AgendaItem:
    return AgendaItem.objects.get(meeting=world.meeting, title=LATE_ITEM)


# ---------------------------------------------------------------------------
# What the business unit does, in the admin
# ---------------------------------------------------------------------------
def _manager(world: World) -> Client:
    return world.client("business_unit")


def _edit_item(world: World, **values) -> None:
    """Change the late item in its form (opened from the meeting's agenda) and save, as a
    clerk does."""
    client, url = _manager(world), f"/admin/agenda_item/edit/{late_item(world).pk}/"
    form = admin_form(client, url)
    for field, value in values.items():
        if value is None:
            form.data.pop(field, None)
        else:
            form[field] = value
    response = submit(client, url, form)
    assert response.status_code == 302, response.content.decode()[:3000]


def restrict_item(world: World) -> None:
    _edit_item(world, is_restricted="on")


def delete_item(world: World) -> None:
    response = _manager(world).post(f"/admin/agenda_item/delete/{late_item(world).pk}/")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not AgendaItem.objects.filter(title=LATE_ITEM).exists()


def restrict_item_and_republish(world: World) -> None:
    restrict_item(world)
    _publish(world.users["business_unit"], world.meeting, change_note="Item restricted")


def restrict_paper(world: World) -> None:
    client, url = _manager(world), f"/admin/paper/edit/{world.public_paper.pk}/"
    form = admin_form(client, url)
    form["is_restricted"] = "on"
    response = submit(client, url, form)
    assert response.status_code == 302, response.content.decode()[:3000]


@dataclass(frozen=True)
class State:
    name: str
    change: Callable[[World], None]
    # The title that must be withdrawn, and the search that finds it.
    needle: str
    query: str
    # Whether those who see restricted material must still see it (a deleted item is gone
    # from the business unit's draft, so its meeting page no longer shows it to them).
    insiders_see: bool = True
    # Two versions between which the title changed or appeared, or None where it never did.
    compare: str | None = "a=2&b=3"


STATES = [
    State("item restricted", restrict_item, LATE_ITEM, LATE_WORD),
    State("item restricted and republished", restrict_item_and_republish, LATE_ITEM, LATE_WORD),
    State("item deleted", delete_item, LATE_ITEM, LATE_WORD, insiders_see=False),
    State("paper restricted", restrict_paper, PUBLIC_PAPER, "monitoring report", compare=None),
]


# ---------------------------------------------------------------------------
# The routes that show published agendas
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str
    url: Callable[[World, State, str], str]
    auth: str = "session"  # or "token" (an API key), "feed" (the personal calendar address)
    public: bool = True  # whether everyone reads the title before the change
    lists_papers: bool = True  # calendars give the items alone

    @property
    def sees(self) -> frozenset[str]:
        # A calendar service keeps what it fetches: the personal feed names no restricted
        # item, even to its owner.
        return frozenset() if self.auth == "feed" else INSIDERS


def meeting(path: str = "") -> Callable[[World, State, str], str]:
    return lambda w, s, role: f"/meetings/{w.meeting.pk}/{path}"


ROUTES = [
    Route("meeting page", meeting()),
    Route("agenda version 3", meeting("agenda/versions/3/")),
    Route("agenda version 1", meeting("agenda/versions/1/")),
    Route(
        "agenda compare", lambda w, s, r: f"/meetings/{w.meeting.pk}/agenda/compare/?{s.compare}"
    ),
    Route("meeting ics", lambda w, s, r: f"/meetings/{w.meeting.pk}.ics", lists_papers=False),
    Route("body ics", lambda w, s, r: f"/bodies/{w.body.slug}/meetings.ics", lists_papers=False),
    Route(
        "personal ics",
        lambda w, s, role: f"/calendar/{w.feed_tokens.get(role, 'none')}.ics",
        auth="feed",
        public=False,
        lists_papers=False,
    ),
    Route("search", lambda w, s, r: f"/search/?q={s.query}"),
    Route("api meeting", lambda w, s, r: f"/api/v1/meetings/{w.meeting.pk}/", auth="token"),
    Route(
        "api agenda versions",
        lambda w, s, r: f"/api/v1/agenda-versions/?meeting={w.meeting.pk}",
        auth="token",
    ),
    Route("api popolo events", lambda w, s, r: "/api/v1/popolo/events.json", auth="token"),
]


def fetch(world: World, route: Route, state: State, role: str) -> tuple[int, str]:
    client = world.client(role) if route.auth == "session" else Client(REMOTE_ADDR=REMOTE_ADDR)
    headers = {}
    if route.auth == "token" and role in SIGNED_IN:
        headers["HTTP_AUTHORIZATION"] = f"Token {world.api_keys[role]}"
    response = client.get(route.url(world, state, role), **headers)
    return response.status_code, _text(response).casefold()


def _applies(route: Route, state: State) -> bool:
    if state.needle == PUBLIC_PAPER and not route.lists_papers:
        return False
    if route.name == "agenda compare":
        return state.compare is not None
    # The version that never listed the late item is checked for the paper, which it does.
    return not (route.name == "agenda version 1" and state.needle == LATE_ITEM)


CELLS = [
    pytest.param(state, route, id=f"{state.name}-{route.name}")
    for state in STATES
    for route in ROUTES
    if _applies(route, state)
]


@pytest.mark.parametrize(("state", "route"), CELLS)
def test_restricting_after_publication_withdraws_at_once(world, db, state, route):
    needle = state.needle.casefold()
    before = "member" if not route.public else "anonymous"
    status, text = fetch(world, route, state, before)
    assert status == 200 and needle in text, f"{before} should read it before the change"

    state.change(world)

    for role in ROLES:
        status, text = fetch(world, route, state, role)
        if role in OUTSIDERS:
            assert needle not in text, f"{role} still reads it ({status})"
        elif role in route.sees and state.insiders_see:
            assert status == 200 and needle in text, f"{role} no longer reads it ({status})"


# ---------------------------------------------------------------------------
# One rule both ways: opening up shows in every version at once
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "route", [route for route in ROUTES if route.public], ids=lambda route: route.name
)
def test_opening_up_after_publication_shows_at_once(world, db, route):
    """The matrix's restricted item, published restricted in every version, is opened up
    in the draft: every reader sees its title everywhere the agenda is shown, without the
    agenda being published again."""
    # The item's description changed between versions 1 and 2, so the comparison shows it.
    state = State(
        "item opened up", lambda w: None, "Xylophage case review", "Xylophage", compare="a=1&b=2"
    )
    needle = state.needle.casefold()
    assert needle not in fetch(world, route, state, "anonymous")[1]

    client, url = _manager(world), f"/admin/agenda_item/edit/{world.restricted_item.pk}/"
    form = admin_form(client, url)
    form.data.pop("is_restricted", None)
    assert submit(client, url, form).status_code == 302

    for role in ROLES:
        status, text = fetch(world, route, state, role)
        assert status == 200 and needle in text, f"{role} does not read it ({status})"
