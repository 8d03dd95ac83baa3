"""Hostile input renders inert: script, event-handler and javascript: URL payloads saved
through the services into every text and rich-text field come back on the pages as text,
never as markup a browser would run."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from django.core import mail
from django.utils import timezone

from governance import services as governance
from meetings import services as meetings
from meetings.papers import services as paper_services
from meetings.pdf import STATIC_PREFIX, StaticOnlyFetcher
from membership import services as membership
from membership.models import Body, BodyKind, Organisation, Person, Role
from tests.governance.factories import business_unit
from tests.meetings.paper_factories import make_pdf, pdf_text, upload
from tests.membership.factories import SectorFactory
from tests.security.active_pdfs import active_content
from tests.security.shared_record import SharedRecord

pytestmark = pytest.mark.django_db

MARKER = "tabledXss"
PAYLOADS = {
    "script": f"<script>{MARKER}(1)</script>",
    "event handler": f"<img src=x onerror={MARKER}(2)>",
    "javascript: link": f'<a href="javascript:{MARKER}(3)">open</a>',
    "attribute break-out": f'"><svg onload={MARKER}(4)>',
    "bare javascript: URL": f"javascript:{MARKER}(5)",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def only_static_scripts(html: str) -> bool:
    """Every script of the page is one of Tabled's static files, loaded by address, with
    nothing written inside the tag."""
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.I | re.S)
    return all(
        re.search(r'\ssrc="/static/[^"]+"', attributes) and not body.strip()
        for attributes, body in scripts
    )


@dataclass
class LiveMarkup(HTMLParser):
    """Everything in a page a browser would run: script contents, event-handler attributes
    and javascript: URLs, as markup (escaped text is not markup). A JSON data block (the
    Wagtail admin's `<script type="application/json">`) may hold the payload as data, but
    must still parse as JSON: a payload that broke out of it would not."""

    found: list[str] = field(default_factory=list)
    script: str | None = None
    script_text: str = ""

    def __post_init__(self):
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.script, self.script_text = dict(attrs).get("type") or "text/javascript", ""
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") and MARKER in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.lower().replace(" ", "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        if MARKER in self.script_text:
            if self.script == "application/json":
                try:
                    json.loads(self.script_text)
                except ValueError:
                    self.found.append(f"broken JSON block: {self.script_text[:80]}")
            else:
                self.found.append(f"<script>{self.script_text.strip()[:80]}</script>")
        self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script_text += data


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


@dataclass
class Scene:
    body: Body
    person: Person
    organisation: Organisation
    meeting: object
    decision: object
    action: object
    challenge: object
    risk: object


def hostile_scene(payload: str) -> Scene:
    """Every field a person types, set to the payload, each through its service."""
    actor = business_unit()
    body = membership.body_save(
        actor=actor,
        body=Body(
            name=f"Board {payload}",
            slug="hostile-board",
            kind=BodyKind.BOARD,
            purpose=payload,
            terms_of_reference=f"<p>Terms</p>{payload}",
            meeting_frequency=payload[:100],
            active_from=datetime.date(2000, 1, 1),
        ),
    )
    organisation = membership.organisation_save(
        actor=actor, organisation=Organisation(name=f"Agency {payload}", sector=SectorFactory())
    )
    person = membership.person_save(
        actor=actor,
        person=Person(
            honorific="",
            given_name=payload[:100],
            family_name=f"Smith {payload}"[:100],
            email="chair@hostile.example",
        ),
    )
    membership.membership_start(
        actor=actor,
        person=person,
        body=body,
        role=Role.CHAIR,
        organisation=organisation,
        job_title=payload,
        start_date=datetime.date(2011, 4, 1),
    )
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = meetings.meeting_schedule(
        actor=actor,
        body=body,
        start=start,
        end=start + datetime.timedelta(hours=2),
        title=f"Meeting {payload}",
        venue=payload,
        notes=payload,
    )
    item = meetings.agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=f"Item {payload}",
        description=payload,
        presenter=person,
        minutes_allocated=20,
    )
    paper_services.paper_create(
        actor=actor, agenda_item=item, title=f"Paper {payload}", file=upload(make_pdf())
    )
    meetings.agenda_publish(actor=actor, meeting=meeting, change_note=payload)
    decision = governance.decision_record(
        actor=actor,
        body=body,
        title=f"Decision {payload}",
        text=payload,
        decided_on=datetime.date(2012, 4, 18),
    )
    action = governance.action_create(
        actor=actor,
        body=body,
        description=payload,
        owner=person,
        due_date=datetime.date(2012, 6, 30),
        raised_on=datetime.date(2012, 4, 18),
        source_note=payload,
        notify=False,
    )
    challenge = governance.challenge_raise(
        actor=actor,
        body=body,
        raised_by=person,
        agency=organisation,
        issue=payload,
        ask=payload,
        evidence_detail=payload,
        raised_on=datetime.date(2012, 1, 25),
        response_due=datetime.date(2012, 2, 29),
    )
    governance.challenge_record_response(
        actor=actor, challenge=challenge, text=payload, received_on=datetime.date(2012, 2, 1)
    )
    risk = governance.risk_register(
        actor=actor,
        body=body,
        title=f"Risk {payload}",
        owner=person,
        likelihood=3,
        impact=4,
        target_score=6,
        cause=payload,
        consequence=payload,
        controls=payload,
        opened_on=datetime.date(2012, 2, 1),
        note=payload,
    )
    return Scene(body, person, organisation, meeting, decision, action, challenge, risk)


def pages(scene: Scene) -> dict[str, list[str]]:
    """Each page, with who reads it: the public, and the business unit (who sees all)."""
    public = [
        "/bodies/",
        f"/bodies/{scene.body.slug}/",
        "/meetings/",
        f"/meetings/{scene.meeting.pk}/",
        f"/meetings/{scene.meeting.pk}/agenda/versions/1/",
        "/decisions/",
        f"/decisions/{scene.decision.reference}/",
    ]
    signed_in = [
        *public,
        "/actions/",
        f"/actions/{scene.action.reference}/",
        "/challenges/",
        f"/challenges/{scene.challenge.reference}/",
        "/risks/",
        f"/risks/{scene.risk.reference}/",
        "/my/",
    ]
    return {"public": public, "business unit": signed_in}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_input_renders_as_text_on_every_page(client, payload):
    scene = hostile_scene(payload)
    readers = pages(scene)
    results = {}
    for url in readers["public"]:
        results[("public", url)] = client.get(url)
    # The chair, with a login in the business unit: sees every log and their own "My" page.
    reader = business_unit()
    membership.person_link_login(actor=None, person=scene.person, user=reader)
    client.force_login(reader)
    for url in readers["business unit"]:
        results[("business unit", url)] = client.get(url)

    for (reader, url), response in results.items():
        assert response.status_code == 200, (reader, url)
        html = response.content.decode()
        # The payload reached the page (as text), so the check below checks something.
        assert MARKER in html, (reader, url)
        assert live_markup(html) == [], (reader, url)
        # Tabled's own pages run only its own static files, never a script in the page, and
        # no payload survives unescaped.
        assert only_static_scripts(html), (reader, url)
        if "<" in payload:
            assert payload not in html, (reader, url)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_input_renders_as_text_in_the_admin(business_unit_client, payload):
    scene = hostile_scene(payload)
    for url in (
        f"/admin/body/edit/{scene.body.pk}/",
        f"/admin/body/history/{scene.body.pk}/",
        f"/admin/person/edit/{scene.person.pk}/",
        f"/admin/meeting/edit/{scene.meeting.pk}/",
        f"/admin/decision/edit/{scene.decision.pk}/",
        f"/admin/challenge/edit/{scene.challenge.pk}/",
        "/admin/body/",
        "/admin/meeting/",
    ):
        response = business_unit_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert MARKER in html, url
        assert live_markup(html) == [], url


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_input_is_inert_in_the_agenda_email_and_the_papers_pack(
    client, payload, monkeypatch, django_capture_on_commit_callbacks, tmp_path
):
    # The pack renders in a child process (core.limits), where the spy runs too.
    fetched = SharedRecord(tmp_path / "fetched.jsonl")
    fetch = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    with django_capture_on_commit_callbacks(execute=True):
        scene = hostile_scene(payload)

    # The chair's "agenda published" email: the payload is there, as text.
    (message,) = [m for m in mail.outbox if "chair@hostile.example" in m.to[0]]
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    assert MARKER in html
    assert live_markup(html) == []
    assert "<script" not in html.lower()
    assert MARKER in message.body

    # The public papers pack: the payload is printed as the characters typed, nothing in
    # it is fetched, and the PDF carries no script or action.
    response = client.get(f"/meetings/{scene.meeting.pk}/pack.pdf")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert MARKER in " ".join(pdf_text(data))
    # Each pack built (on publishing and on request) asked for our stylesheet alone.
    assert set(fetched.entries()) == {STATIC_PREFIX + "css/pack.css"}
    assert active_content(data) == []


def test_rich_text_keeps_what_the_editor_makes_and_loses_the_rest(client):
    actor = business_unit()
    body = membership.body_save(
        actor=actor,
        body=Body(
            name="Board",
            slug="board",
            kind=BodyKind.BOARD,
            terms_of_reference=(
                '<h3>Purpose</h3><p>To <b>co-ordinate</b> <a href="https://example.org/">work</a>'
                f'</p><p onclick="{MARKER}()">Members</p><style>p {{ display: none }}</style>'
                f'<iframe src="https://evil.example/"></iframe><form action="/x"><input></form>'
            ),
            active_from=datetime.date(2000, 1, 1),
        ),
    )
    html = client.get(f"/bodies/{body.slug}/").content.decode()
    assert "<h3>Purpose</h3>" in html
    assert "<b>co-ordinate</b>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">work</a>' in html
    assert "<p>Members</p>" in html
    for gone in ("onclick", "<style", "display: none", "<iframe", "evil.example", "<form action"):
        assert gone not in html


def test_no_template_turns_escaping_off():
    """Escaping is what keeps the payloads above inert; rich text goes through
    core.security.clean_rich_text instead (templates/wagtailcore/shared/richtext.html)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    folders = [root / "templates", *root.glob("*/templates")]
    offending = [
        f"{template.relative_to(root)}: {needle}"
        for folder in folders
        for template in folder.rglob("*.html")
        for needle in ("|safe", "autoescape off", "|safeseq")
        if needle in template.read_text()
    ]
    assert offending == []
