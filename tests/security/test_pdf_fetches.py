"""Rendering a PDF fetches nothing from outside: the papers pack (meetings/pdf.py, the
one WeasyPrint path on main) renders with a fetcher that reads Tabled's static files alone.
Here its HTML carries rich text with an external image, file:// URLs and a stylesheet import
from elsewhere; the fetcher must refuse each, no socket may open, and nothing read from the
disk may reach the PDF. Rendering runs in a child process, so the spies keep what they see
in a SharedRecord."""

from __future__ import annotations

import socket

import pytest

from meetings import pdf
from meetings.papers.pack import PackContents, PackItem, PackMember
from meetings.pdf import STATIC_PREFIX, StaticOnlyFetcher, render_front_matter
from tests.meetings.paper_factories import pdf_text
from tests.security.shared_record import SharedRecord

SECRET = "TABLEDSECRETONDISK"
TRACKER = "https://tracker.example/pixel.png"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.css"
    path.write_text(f'body::before {{ content: "{SECRET}" }}')
    return path


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    """Record, and refuse, any attempt to reach another machine."""
    attempts = SharedRecord(tmp_path / "network.jsonl")

    def refuse(*args, **kwargs):
        attempts.append(repr(args))
        raise OSError("Network use in a PDF rendering test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def fetches(monkeypatch, tmp_path):
    """Each URL WeasyPrint asked the fetcher for, and whether it was served or refused."""
    asked = SharedRecord(tmp_path / "fetches.jsonl")
    original = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception as refusal:
            asked.append((url, f"refused: {refusal}"))
            raise
        asked.append((url, "served"))
        return response

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    return asked


def hostile_rich_text(secret_file) -> str:
    file_url = secret_file.as_uri()
    return (
        f'<p>Summary <img src="{TRACKER}" alt="tracker"></p>'
        f'<p><img src="file:///etc/passwd" alt="passwd"><img src="{file_url}" alt="secret"></p>'
        f'<link rel="stylesheet" href="{file_url}">'
        f'<style>@import url("{file_url}"); @import url("https://evil.example/x.css");'
        f' p {{ background: url("{TRACKER}") }}</style>'
        f'<object data="{file_url}"></object>'
    )


def contents(text: str) -> PackContents:
    return PackContents(
        meeting_id=1,
        view="restricted",
        body_name="Safeguarding Board",
        meeting_title=f"Board {text}",
        date_text="Wednesday 18 April 2012",
        time_text="10:00 to 12:00",
        venue=text,
        online=False,
        cancelled=False,
        agenda_version=1,
        meeting_updated="2012-04-01T10:00:00",
        members=[PackMember(name=text, role="Chair", organisation=text, job_title=text)],
        items=[
            PackItem(
                item_id=1,
                number="1",
                title=text,
                purpose="Decision",
                presenter=text,
                minutes=20,
                start_time="10:00",
                is_sub_item=False,
                restricted=False,
            )
        ],
    )


def test_text_fields_holding_urls_fetch_nothing(no_network, fetches, secret_file):
    front = render_front_matter(contents(hostile_rich_text(secret_file)))

    # Escaped as text: the only fetch is our own stylesheet.
    assert fetches.entries() == [(STATIC_PREFIX + "css/pack.css", "served")]
    assert no_network.entries() == []
    assert front.pdf.startswith(b"%PDF")


@pytest.mark.parametrize("through_richtext", [True, False], ids=["richtext filter", "raw HTML"])
def test_rich_text_in_a_pdf_fetches_nothing_from_outside(
    monkeypatch, no_network, fetches, secret_file, through_richtext
):
    from wagtail.templatetags.wagtailcore_tags import richtext

    rich = hostile_rich_text(secret_file)
    # Rich text as a PDF template shows it: through Wagtail's |richtext (which Tabled also
    # cleans), and, to prove the fetcher on its own, as raw HTML.
    inserted = str(richtext(rich)) if through_richtext else rich
    real_render = pdf.render_to_string

    def render_with_rich_text(template, context):
        return real_render(template, context).replace("</body>", f"{inserted}</body>")

    monkeypatch.setattr(pdf, "render_to_string", render_with_rich_text)

    front = render_front_matter(contents("Papers"))

    served = [url for url, outcome in fetches.entries() if outcome == "served"]
    refused = [url for url, outcome in fetches.entries() if outcome != "served"]
    assert served == [STATIC_PREFIX + "css/pack.css"]
    assert no_network.entries() == []
    assert SECRET not in " ".join(pdf_text(front.pdf))
    if through_richtext:
        # The cleaned rich text keeps the external image for the fetcher to refuse; the
        # file:// URLs, the stylesheet and the object are gone before WeasyPrint sees them.
        assert refused == [TRACKER]
    else:
        assert TRACKER in refused
        assert "file:///etc/passwd" in refused
        assert secret_file.as_uri() in refused
        assert "https://evil.example/x.css" in refused
