"""The demo leaves search working, and the SQLite demo's search finds what PostgreSQL does."""

from __future__ import annotations

import pytest

from search import selectors
from search.models import SearchDocument
from tests.governance.factories import decision

from .conftest import titles


def test_the_demo_leaves_the_search_index_filled(client, demo_db):
    assert SearchDocument.objects.filter(search_vector__isnull=True).count() == 0
    found = titles(client.get("/search/", {"q": "re-referral"}))
    assert found  # the demo's performance papers and decisions talk of re-referrals


@pytest.mark.django_db
def test_without_full_text_search_every_word_is_looked_for_and_marked(
    client, body, monkeypatch, django_capture_on_commit_callbacks
):
    # The SQLite demo's path, run on this database: LIKE on every word, titles first.
    monkeypatch.setattr(selectors, "uses_full_text", lambda: False)
    with django_capture_on_commit_callbacks(execute=True):
        decision(body, title="Thresholds", text="Re-referrals & <b>CAFs</b> in Swale.")
        decision(body, title="Other", text="Nothing about thresholds here.")
        decision(body, title="Unrelated", text="Agreed.")

    html = client.get("/search/", {"q": "thresh"}).content.decode()
    assert [t.split(" ", 1)[1] for t in titles_of(html)] == ["Thresholds", "Other"]

    html = client.get("/search/", {"q": "re-referral caf"}).content.decode()
    assert [t.split(" ", 1)[1] for t in titles_of(html)] == ["Thresholds"]
    assert "<mark>Re-referral</mark>s &amp; &lt;b&gt;<mark>CAF</mark>s&lt;/b&gt;" in html


def titles_of(html: str) -> list[str]:
    class Response:
        content = html.encode()

    return titles(Response)
