"""The access matrix: every kind of reader against every route that can show restricted
material, one test per cell.

Restricted material is seen only by current members of the body (any role, the chair
included), the business unit of its partnership and superusers; an item not yet on its
meeting's published agenda by that business unit and superusers alone, on every route.
Another partnership's business unit and members are outsiders here, a business unit of
both partnerships an insider (tests/security/matrix_world.py has the readers). Each cell asserts the
status, that nothing restricted reaches a reader who may not see it (not in a refusal
either), that it does reach those who may, that a response carrying it can never be kept
by a shared cache, and, for paper files and packs, that serving it wrote one access-log
entry. The world is built once for the module (tests/security/matrix_world.py); each cell
runs inside its own savepoint.

The access log's refusal to be changed or deleted is proved in
tests/meetings/test_access_log.py; here every restricted download is checked to be logged
and the log itself is a cell (the business unit reads it, nobody else does).
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import APIToken

from meetings.models import AccessLogEntry, PackViewChoice
from membership import services as membership_services
from tests.admin_forms import admin_form, submit
from tests.security.matrix_resolutions import voting_link
from tests.security.matrix_world import (
    ADMINS,
    CIRCULATED_ITEM,
    CIRCULATED_READERS,
    CIRCULATED_RESTRICTED_ITEM,
    CIRCULATED_RESTRICTED_WORD,
    CIRCULATED_WORD,
    DRAFT_ITEM,
    DRAFT_ITEM_DECISION,
    INSIDERS,
    NOTE_WORD,
    PARTNERSHIP_ROLES,
    PUBLIC_DECISION,
    PUBLIC_ITEM,
    PUBLIC_PAPER,
    REMOTE_ADDR,
    RESTRICTED_ITEM,
    RESTRICTED_ITEM_PAPER,
    RESTRICTED_MINUTE,
    RESTRICTED_PAPER,
    ROLES,
    RUNS_BODY,
    SECRET,
    SIGNED_IN,
    SITTING,
    World,
    build_world,
)

# Full titles, for pages that repeat the word searched for: the word alone proves nothing
# there, a title would.
RESTRICTED_TITLES = (RESTRICTED_PAPER, RESTRICTED_ITEM, RESTRICTED_ITEM_PAPER, RESTRICTED_MINUTE)
NOBODY: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------
def statuses(default: int, **by_role: int) -> Mapping[str, int]:
    return {role: by_role.get(role, default) for role in ROLES}


def insiders(refused: int, **by_role: int) -> Mapping[str, int]:
    """200 for those who see restricted material, `refused` for the rest."""
    return {role: by_role.get(role, 200 if role in INSIDERS else refused) for role in ROLES}


def admins(**by_role: int) -> Mapping[str, int]:
    """The Wagtail admin sends everyone without admin access to its sign-in page, and chairs
    (in the admin to review reports) back to its dashboard."""
    return {role: by_role.get(role, 200 if role in ADMINS else 302) for role in ROLES}


# The action, challenge and risk logs are for whoever sits on a body today, and any business
# unit.
LOGS = statuses(403, anonymous=302, **dict.fromkeys(SITTING | INSIDERS | {"b_manager"}, 200))
# A restricted log entry: its body's insiders; a member of another body (of either
# partnership) or another partnership's business unit may read the logs but the entry is not
# there for them.
LOG_ENTRY = statuses(
    403,
    anonymous=302,
    **dict.fromkeys((SITTING | {"b_manager"}) - INSIDERS, 404),
    **dict.fromkeys(INSIDERS, 200),
)
CHAIRS = statuses(403, anonymous=302, **dict.fromkeys({"chair", *RUNS_BODY}, 200))
# The same logs through the API: no key is a 401 rather than a redirect to sign in.
API_LOGS = {**LOGS, "anonymous": 401}
API_LOG_ENTRY = {**LOG_ENTRY, "anonymous": 401}


@dataclass(frozen=True)
class Route:
    """One row. `url` builds the address for a role; `status` is expected per role; `sees`
    are the roles whose 200 response must show everything in `shown` (default: the secret
    word); no other role's response may contain anything in `hidden` (default: the secret
    word and `shown`). `auth` says how the role is presented: a session ("session"), an API
    key ("token"), the personal feed key in the URL ("feed"), or the emails delivered to the
    role's person ("email": 200 when one arrived, 204 when none did)."""

    name: str
    url: Callable[[World, str], str]
    status: Mapping[str, int]
    sees: frozenset[str] = INSIDERS
    auth: str = "session"
    headers: Mapping[str, str] = field(default_factory=dict)
    method: str = "get"
    shown: tuple[str, ...] = (SECRET,)
    hidden: tuple[str, ...] = ()
    public: str | None = None
    logged: bool = False

    def forbidden(self) -> tuple[str, ...]:
        return self.hidden or (SECRET, *self.shown)


def meeting(path: str = "") -> Callable[[World, str], str]:
    return lambda w, role: f"/meetings/{w.meeting.pk}/{path}"


def past_meeting(path: str = "") -> Callable[[World, str], str]:
    return lambda w, role: f"/meetings/{w.past_meeting.pk}/{path}"


def circulated_meeting(path: str = "") -> Callable[[World, str], str]:
    return lambda w, role: f"/meetings/{w.circulated_meeting.pk}/{path}"


def paper(path: str = "", attribute: str = "restricted_paper") -> Callable[[World, str], str]:
    return lambda w, role: f"/papers/{getattr(w, attribute).pk}/{path}"


def record(kind: str, admin: str | None = None) -> Callable[[World, str], str]:
    if admin:
        return lambda w, role: f"/admin/{kind}/{admin}/{w.records[kind].pk}/"
    return lambda w, role: w.records[kind].get_absolute_url()


def fixed(url: str) -> Callable[[World, str], str]:
    return lambda w, role: url


ROUTES = [
    # Pages
    Route("body page", lambda w, r: f"/bodies/{w.body.slug}/", statuses(200), NOBODY),
    Route("meetings index", fixed("/meetings/"), statuses(200), NOBODY),
    # An invitation's link that does not work says so to anyone, signed in or not.
    Route(
        "invitation link refused", fixed("/accounts/invitation/MQ/0-bad/"), statuses(400), NOBODY
    ),
    Route("meeting page", meeting(), statuses(200), public=PUBLIC_ITEM),
    Route("agenda versions", meeting("agenda/versions/"), statuses(200), NOBODY),
    Route("agenda version 1", meeting("agenda/versions/1/"), statuses(200), public=PUBLIC_ITEM),
    Route("agenda compare", meeting("agenda/compare/?a=1&b=2"), statuses(200)),
    # The members' page lists the papers of their coming meetings they have not opened yet.
    Route(
        "members page",
        fixed("/my/"),
        statuses(200, anonymous=302),
        frozenset({"member", "chair", "both_member"}),
    ),
    Route("past meeting page", past_meeting(), statuses(200)),
    Route("minutes", past_meeting("minutes/"), statuses(200), shown=(RESTRICTED_MINUTE,)),
    # Circulated minutes: those at the meeting, the chair and the business unit read them;
    # the guest who sits on no body reads them without the restricted minute.
    Route(
        "circulated minutes",
        circulated_meeting("minutes/"),
        statuses(404, **dict.fromkeys(CIRCULATED_READERS, 200)),
        shown=(CIRCULATED_RESTRICTED_WORD,),
        public=CIRCULATED_WORD,
    ),
    # Minutes versions: the approved text is public, the circulated one is for those who
    # attended and the editors (the chair and the business unit), the draft for the editors.
    Route(
        "approved minutes version",
        past_meeting("minutes/versions/4/"),
        statuses(200),
        shown=(RESTRICTED_MINUTE,),
    ),
    Route(
        "circulated minutes version",
        past_meeting("minutes/versions/3/"),
        # Those who attended (the member) and the editors; not a member who was not there.
        insiders(404, both_member=404),
        shown=(RESTRICTED_MINUTE,),
    ),
    Route(
        "minutes compare",
        past_meeting("minutes/compare/?a=1&b=4"),
        insiders(404, member=404, both_member=404),
        INSIDERS - {"member", "both_member"},
        shown=(RESTRICTED_MINUTE,),
    ),
    Route("minutes pdf", past_meeting("minutes.pdf"), statuses(200), shown=(RESTRICTED_MINUTE,)),
    Route("chair console", meeting("log/"), CHAIRS, INSIDERS - {"member", "both_member"}),
    # Reports are public: their live blocks never show a restricted record.
    Route("report page", lambda w, r: w.report_url, statuses(200), NOBODY, public=PUBLIC_DECISION),
    Route(
        "report pdf",
        lambda w, r: f"{w.report_url}pdf/",
        statuses(200),
        NOBODY,
        public=PUBLIC_DECISION,
    ),
    # Governance records and their CSV exports
    Route("decisions register", fixed("/decisions/"), statuses(200), public=PUBLIC_DECISION),
    Route("restricted decision", record("decision"), insiders(404)),
    # A decision at a meeting not yet held is its body's and the business unit's until the
    # meeting is held; of them, only the business unit is told the item not yet published.
    Route(
        "decision on a draft item",
        record("draft item decision"),
        insiders(404),
        RUNS_BODY,
        shown=(DRAFT_ITEM,),
        public=DRAFT_ITEM_DECISION,
    ),
    Route(
        "restricted decision by id",
        lambda w, r: f"/decisions/{w.records['decision'].pk}/",
        insiders(404),
    ),
    Route("actions list", fixed("/actions/"), LOGS),
    Route("challenges list", fixed("/challenges/"), LOGS),
    Route("risks list", fixed("/risks/"), LOGS),
    Route("restricted action", record("action"), LOG_ENTRY),
    Route("restricted challenge", record("challenge"), LOG_ENTRY),
    Route("restricted risk", record("risk"), LOG_ENTRY),
    Route("decisions csv", fixed("/decisions/export.csv"), statuses(200), public=PUBLIC_DECISION),
    Route("actions csv", fixed("/actions/export.csv"), LOGS),
    Route("challenges csv", fixed("/challenges/export.csv"), LOGS),
    Route("risks csv", fixed("/risks/export.csv"), LOGS),
    # Paper files and the pack
    Route("paper", paper(), insiders(404), shown=(f"{RESTRICTED_PAPER} v2",), logged=True),
    Route(
        "old paper version",
        paper("v1/"),
        insiders(404),
        shown=(f"{RESTRICTED_PAPER} v1",),
        logged=True,
    ),
    Route("paper of restricted item", paper(attribute="item_paper"), insiders(404), logged=True),
    Route(
        "direct media path",
        lambda w, r: "/media/" + w.restricted_paper.versions.get(number=2).file.name,
        statuses(404),
        NOBODY,
    ),
    Route(
        "pack",
        lambda w, r: f"/meetings/{w.meeting.pk}/pack.pdf",
        statuses(200),
        public=PUBLIC_PAPER,
        logged=True,
    ),
    # Conditional and range requests must not turn a refusal into a 304 or a partial file.
    Route(
        "paper if-none-match",
        paper(),
        insiders(404),
        headers={"HTTP_IF_NONE_MATCH": "*"},
        logged=True,
    ),
    Route(
        "paper if-modified-since",
        paper(),
        insiders(404),
        headers={"HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 2099 00:00:00 GMT"},
        logged=True,
    ),
    # A HEAD sends no file, and is not logged.
    Route("paper head", paper(), insiders(404), NOBODY, method="head", logged=True),
    Route("paper range", paper(), insiders(404), headers={"HTTP_RANGE": "bytes=0-10"}, logged=True),
    # A member's private notes on a paper: the reader, its notes as JSON, the paper with the
    # notes, a note's own address, and their list. The paper's insiders open the first three
    # (each their own notes), but only the note's author ever reads it.
    *(
        Route(
            f"notes {name}",
            paper(path),
            insiders(404, anonymous=302),
            frozenset({"member"}),
            shown=(NOTE_WORD,) if name != "export" else (f"{RESTRICTED_PAPER} v2",),
            hidden=(NOTE_WORD,),
        )
        for name, path in (
            ("reader", "v2/read/"),
            ("json", "v2/notes/"),
            ("export", "v2/notes.pdf"),
        )
    ),
    Route(
        "note edit",
        lambda w, r: f"/notes/{w.note.pk}/",
        statuses(404, anonymous=302, member=400),
        NOBODY,
        method="post",
        headers={"HTTP_ACCEPT": "application/json"},
        hidden=(NOTE_WORD,),
    ),
    Route(
        "my notes",
        fixed("/my/notes/"),
        statuses(200, anonymous=302),
        frozenset({"member"}),
        shown=(NOTE_WORD,),
        hidden=(NOTE_WORD,),
    ),
    # A restricted written resolution: its body's list, its page and paper for insiders; the
    # voting link for the member it was sent to alone, after sign-in; the form that
    # circulates one for those who chair or run the body.
    Route(
        "body resolutions",
        lambda w, r: f"/bodies/{w.body.slug}/resolutions/",
        insiders(403, anonymous=302),
    ),
    Route(
        "resolution",
        lambda w, r: f"/resolutions/{w.records['resolution'].pk}/",
        insiders(403, anonymous=302),
    ),
    Route(
        "resolution paper",
        lambda w, r: (
            f"/resolutions/{w.records['resolution'].pk}/papers/"
            f"{w.records['resolution'].papers.get().pk}/"
        ),
        insiders(403, anonymous=302),
    ),
    Route(
        "resolution voting link",
        lambda w, r: voting_link(w.records["resolution"], w.users["member"].person),
        statuses(403, anonymous=302, member=200),
        frozenset({"member"}),
    ),
    Route(
        "resolution circulate",
        lambda w, r: f"/bodies/{w.body.slug}/resolutions/new/",
        CHAIRS,
        NOBODY,
    ),
    # Calendar feeds
    Route("meeting ics", lambda w, r: f"/meetings/{w.meeting.pk}.ics", statuses(200)),
    Route("body ics", lambda w, r: f"/bodies/{w.body.slug}/meetings.ics", statuses(200)),
    # The personal feed lists the meetings of the bodies its owner sits on, restricted items
    # as "Restricted item" even there: the calendar service keeps what it fetches.
    Route(
        "personal ics",
        lambda w, r: f"/calendar/{w.feed_tokens.get(r, 'not-a-feed')}.ics",
        statuses(200, anonymous=404),
        frozenset(),
        auth="feed",
    ),
    # Search
    Route(
        "search",
        fixed(f"/search/?q={SECRET}"),
        statuses(200),
        shown=(RESTRICTED_PAPER,),
        hidden=RESTRICTED_TITLES,
    ),
    # Circulated minutes are found by exactly those who may read them on their page; the
    # minute's item title is shown by its result alone (the agenda item does not say the
    # word searched for).
    Route(
        "search circulated minutes",
        fixed(f"/search/?q={CIRCULATED_WORD}"),
        statuses(200),
        CIRCULATED_READERS,
        shown=(CIRCULATED_ITEM,),
    ),
    Route(
        "search circulated restricted minute",
        fixed(f"/search/?q={CIRCULATED_RESTRICTED_WORD}"),
        statuses(200),
        # Insiders who may read the circulated minutes: not a member who was not there.
        INSIDERS & CIRCULATED_READERS,
        shown=(CIRCULATED_RESTRICTED_ITEM,),
    ),
    # The API, with the signed-in roles' API keys
    Route(
        "api meeting",
        lambda w, r: f"/api/v1/meetings/{w.meeting.pk}/",
        statuses(200),
        auth="token",
        public=PUBLIC_ITEM,
    ),
    Route("api agenda versions", fixed("/api/v1/agenda-versions/"), statuses(200), auth="token"),
    Route("api popolo events", fixed("/api/v1/popolo/events.json"), statuses(200), auth="token"),
    Route(
        "api decisions",
        fixed("/api/v1/decisions/"),
        statuses(200),
        auth="token",
        public=PUBLIC_DECISION,
    ),
    Route(
        "api decision on a draft item",
        lambda w, r: f"/api/v1/decisions/{w.records['draft item decision'].pk}/",
        insiders(404),
        RUNS_BODY,
        auth="token",
        shown=(DRAFT_ITEM,),
        public=DRAFT_ITEM_DECISION,
    ),
    Route(
        "api restricted decision",
        lambda w, r: f"/api/v1/decisions/{w.records['decision'].pk}/",
        insiders(404),
        auth="token",
    ),
    Route("api actions", fixed("/api/v1/actions/"), API_LOGS, auth="token"),
    Route(
        "api restricted action",
        lambda w, r: f"/api/v1/actions/{w.records['action'].pk}/",
        API_LOG_ENTRY,
        auth="token",
    ),
    Route("api challenges", fixed("/api/v1/challenges/"), API_LOGS, auth="token"),
    Route(
        "api restricted challenge",
        lambda w, r: f"/api/v1/challenges/{w.records['challenge'].pk}/",
        API_LOG_ENTRY,
        auth="token",
    ),
    # The admin: listings, searches, editors, history, choosers, the access log
    Route("admin dashboard", fixed("/admin/"), admins(chair=200), ADMINS, shown=()),
    Route("admin site history", fixed("/admin/reports/site-history/"), admins(chair=200), ADMINS),
    Route("admin papers", fixed("/admin/paper/"), admins()),
    Route(
        "admin papers search",
        fixed(f"/admin/paper/?q={SECRET}"),
        admins(),
        shown=(RESTRICTED_PAPER,),
        hidden=RESTRICTED_TITLES,
    ),
    Route("admin paper versions", fixed("/admin/paperversion/"), admins()),
    Route("admin decisions", fixed("/admin/decision/"), admins()),
    # A login's actions are the business unit's alone; a chair, in the admin for reports,
    # is refused outright rather than sent back to the dashboard.
    Route(
        "admin person login action",
        lambda w, r: f"/admin/person/login/{w.leaver.person.pk}/deactivate/",
        admins(chair=403),
        ADMINS,
        shown=(),
    ),
    Route("admin actions", fixed("/admin/action/"), admins()),
    Route("admin challenges", fixed("/admin/challenge/"), admins()),
    Route(
        "admin paper version inspect",
        lambda w, r: f"/admin/paperversion/inspect/{w.restricted_paper.versions.first().pk}/",
        admins(),
    ),
    Route("admin meeting editor", lambda w, r: f"/admin/meeting/edit/{w.meeting.pk}/", admins()),
    Route(
        "admin paper history",
        lambda w, r: f"/admin/paper/history/{w.restricted_paper.pk}/",
        admins(),
    ),
    Route("admin decision history", record("decision", "history"), admins()),
    Route(
        "admin meeting history", lambda w, r: f"/admin/meeting/history/{w.meeting.pk}/", admins()
    ),
    # Papers are not Wagtail documents, and reports never hold restricted material.
    Route(
        "admin document chooser",
        fixed(f"/admin/documents/chooser/?q={SECRET}"),
        admins(chair=200),
        NOBODY,
        hidden=RESTRICTED_TITLES,
    ),
    Route(
        "admin page search",
        fixed(f"/admin/pages/search/?q={SECRET}"),
        admins(),
        NOBODY,
        hidden=RESTRICTED_TITLES,
    ),
    Route(
        "admin page chooser search",
        fixed(f"/admin/choose-page/search/?q={SECRET}"),
        admins(chair=200),
        NOBODY,
        hidden=RESTRICTED_TITLES,
    ),
    Route("admin access log", fixed("/admin/accesslogentry/"), admins(), shown=(RESTRICTED_PAPER,)),
    # Emails leave the site for good, so they never name restricted material, not even to
    # members; they go to the body's current members.
    Route(
        "agenda emails",
        fixed(""),
        statuses(204, member=200, chair=200, both_member=200),
        NOBODY,
        auth="email",
        public=PUBLIC_ITEM,
    ),
]


# ---------------------------------------------------------------------------
# Fetching a cell
# ---------------------------------------------------------------------------
@dataclass
class Fetched:
    status: int
    text: str
    cache_control: set[str] = field(default_factory=set)
    location: str = ""


@functools.cache
def _pdf_text(data: bytes) -> str:
    """Reading a pack's text takes a second; the same two packs are read by many cells."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"%PDF"):
        return _pdf_text(data)
    text = data.decode("utf-8-sig", "replace")
    if response.get("Content-Type", "").startswith("text/calendar"):
        # Undo RFC 5545 line folding and escaping, so titles can be searched for.
        text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    return text


def _email_text(message) -> str:
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    parts += [
        content.decode() if isinstance(content, bytes) else content
        for _name, content, _type in message.attachments
    ]
    return "\n".join(parts)


def fetch(world: World, route: Route, role: str) -> Fetched:
    if route.auth == "email":
        person = world.person(role)
        mine = [m for m in world.emails if person and any(person.email in to for to in m.to)]
        return Fetched(200 if mine else 204, "\n".join(_email_text(m) for m in mine))
    # An API key or a feed address stands in for the session.
    client = world.client(role) if route.auth == "session" else Client(REMOTE_ADDR=REMOTE_ADDR)
    headers = dict(route.headers)
    if route.auth == "token" and role in SIGNED_IN:
        headers["HTTP_AUTHORIZATION"] = f"Token {world.api_keys[role]}"
    response = getattr(client, route.method)(route.url(world, role), **headers)
    return Fetched(
        status=response.status_code,
        text=_text(response),
        cache_control={
            part.strip() for part in response.get("Cache-Control", "").split(",") if part
        },
        location=response.get("Location", ""),
    )


# ---------------------------------------------------------------------------
# The cells
# ---------------------------------------------------------------------------
def _roles(route: Route) -> tuple[str, ...]:
    """Every reader, except that the admin's cells are checked for the readers of one
    partnership: which of several partnerships' records an admin listing shows is the
    admin's own rule, tested with it."""
    if route.name.startswith("admin "):
        return tuple(role for role in ROLES if role not in PARTNERSHIP_ROLES)
    return ROLES


CELLS = [
    pytest.param(route, role, id=f"{route.name}-{role}")
    for route in ROUTES
    for role in _roles(route)
]


@pytest.mark.parametrize(("route", "role"), CELLS)
def test_cell(world, db, route, role):
    user = world.users[role]
    logged_before = AccessLogEntry.objects.filter(restricted=True).count()

    got = fetch(world, route, role)

    assert got.status == route.status[role]
    shows_restricted = got.status == 200 and role in route.sees
    text = got.text.casefold()
    if shows_restricted:
        for needle in route.shown:
            assert needle.casefold() in text, needle
    else:
        for needle in route.forbidden():
            assert needle.casefold() not in text, needle
    if got.status == 200 and route.public:
        assert route.public.casefold() in text
    if role not in RUNS_BODY:
        assert DRAFT_ITEM.casefold() not in text
    if got.status == 302:
        assert "login" in got.location or got.location == "/admin/", got.location
    if shows_restricted and route.auth != "email":
        assert {"private", "no-store"} <= got.cache_control, got.cache_control
    if route.logged:
        entries = AccessLogEntry.objects.filter(restricted=True).order_by("pk")[logged_before:]
        if shows_restricted:
            (entry,) = entries
            assert (entry.user, entry.ip_address, entry.meeting) == (
                user,
                REMOTE_ADDR,
                world.meeting,
            )
            assert timezone.now() - entry.opened_at < datetime.timedelta(minutes=1)
            if entry.paper_version is None:
                assert entry.pack_view == PackViewChoice.RESTRICTED
            else:
                assert route.url(world, role).startswith(f"/papers/{entry.paper_version.paper_id}/")
        else:
            assert list(entries) == []


# ---------------------------------------------------------------------------
# Beyond single cells
# ---------------------------------------------------------------------------
def test_a_membership_that_ends_takes_effect_on_the_next_request(world, db):
    """The same session and the same API key, before and after the term is ended."""
    client = Client(REMOTE_ADDR=REMOTE_ADDR)
    client.force_login(world.leaver)
    key = {"HTTP_AUTHORIZATION": f"Token {APIToken.create_token(user=world.leaver, name='k')[1]}"}
    paper_url = f"/papers/{world.restricted_paper.pk}/"
    pack_url = f"/meetings/{world.meeting.pk}/pack.pdf"
    api_url = f"/api/v1/meetings/{world.meeting.pk}/"
    assert client.get(paper_url).status_code == 200
    assert client.get(pack_url)["Cache-Control"] == "private, no-store"
    assert SECRET in client.get(world.meeting.get_absolute_url()).content.decode()
    assert SECRET in Client().get(api_url, **key).content.decode()

    membership_services.membership_end(
        actor=world.users["business_unit"],
        membership=world.leaver.person.memberships.get(),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert client.get(paper_url).status_code == 404
    assert client.get(pack_url)["Cache-Control"] == "no-cache"
    assert SECRET not in client.get(world.meeting.get_absolute_url()).content.decode()
    assert SECRET not in Client().get(api_url, **key).content.decode()
    assert client.get(world.records["decision"].get_absolute_url()).status_code == 404


def test_a_person_marked_inactive_loses_access_on_the_next_request(world, db):
    """Their term still runs; the business unit unticks "active" in the admin, and the same
    session and API key see what an outsider sees from the next request."""
    client = Client(REMOTE_ADDR=REMOTE_ADDR)
    client.force_login(world.leaver)
    key = {"HTTP_AUTHORIZATION": f"Token {APIToken.create_token(user=world.leaver, name='k')[1]}"}
    paper_url = f"/papers/{world.restricted_paper.pk}/"
    api_url = f"/api/v1/meetings/{world.meeting.pk}/"
    decision_url = world.records["decision"].get_absolute_url()
    assert client.get(paper_url).status_code == 200
    assert SECRET in client.get(world.meeting.get_absolute_url()).content.decode()
    assert SECRET in Client().get(api_url, **key).content.decode()
    assert client.get(decision_url).status_code == 200
    assert client.get("/actions/").status_code == 200

    clerk = world.client("business_unit")
    edit_url = reverse("person:edit", args=[world.leaver.person.pk])
    form = admin_form(clerk, edit_url)
    del form.data["active"]
    assert submit(clerk, edit_url, form).status_code == 302

    assert client.get(paper_url).status_code == 404
    assert SECRET not in client.get(world.meeting.get_absolute_url()).content.decode()
    assert SECRET not in Client().get(api_url, **key).content.decode()
    assert client.get(decision_url).status_code == 404
    assert client.get("/actions/").status_code == 403
    assert SECRET not in client.get("/my/").content.decode()


def test_the_paper_files_are_outside_the_published_media_folder(world, db, settings):
    media = settings.MEDIA_ROOT.resolve()
    for version in world.restricted_paper.versions.all():
        assert media not in Path(version.file.path).resolve().parents
