"""The meeting page links each paper the reader may open to its file, with its earlier
versions, and offers the papers pack and the calendar entry."""

from __future__ import annotations

import pytest

from meetings import services
from tests.meetings.paper_factories import AgendaItemFactory
from tests.meetings.paper_fixtures import AUDIENCES, INSIDERS
from tests.meetings.portal_fixtures import *  # noqa: F403
from tests.meetings.portal_fixtures import (
    RESTRICTED_ITEM,
    RESTRICTED_ITEM_PAPER,
    RESTRICTED_PAPER,
    link,
    page,
    table,
)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_reader_gets_links_to_the_papers_they_may_open(
    meeting, published, client_for, audience
):
    html = page(client_for(audience), meeting)
    public = published["public"]
    assert link(public) in html
    assert "version 2, 2 pages" in html
    assert "<summary>Earlier versions" in html
    assert link(public, 1) in html
    assert "(3 pages, uploaded " in html
    assert link(public, 2) not in html  # the latest is the paper's own link
    for kind in ("restricted", "restricted_item"):
        shown = link(published[kind]) in html
        assert shown == (audience in INSIDERS), kind
    if audience not in INSIDERS:
        for secret in (RESTRICTED_PAPER, RESTRICTED_ITEM, RESTRICTED_ITEM_PAPER):
            assert secret not in html
        assert f"/papers/{published['restricted'].pk}/" not in html
        assert f"/papers/{published['restricted_item'].pk}/" not in html


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_linked_file_opens_for_that_reader(meeting, published, client_for, audience):
    client = client_for(audience)
    html = page(client, meeting)
    linked = [
        f"/papers/{paper.pk}/{suffix}"
        for paper in published.values()
        for suffix in ("", "v1/")
        if f'href="/papers/{paper.pk}/{suffix}"' in html
    ]
    assert linked
    for url in linked:
        assert client.get(url).status_code == 200, url


def test_a_paper_restricted_after_publication_is_withdrawn_from_the_public_at_once(
    meeting, published, client_for
):
    paper = published["public"]
    assert paper.title in page(client_for("anonymous"), meeting)
    paper.is_restricted = True
    paper.save()
    anonymous = page(client_for("anonymous"), meeting)
    assert paper.title not in anonymous
    assert f"/papers/{paper.pk}/" not in anonymous
    assert link(paper) in page(client_for("member"), meeting)


def test_a_paper_tabled_after_publication_waits_for_the_next_version_except_for_the_business_unit(
    meeting, published, readers, client_for
):
    late = table(
        readers["business_unit"], AgendaItemFactory(meeting=meeting, title="AOB"), "Late paper"
    )
    assert link(late) in page(client_for("business_unit"), meeting)
    assert "Late paper" not in page(client_for("member"), meeting)
    services.agenda_publish(actor=readers["business_unit"], meeting=meeting)
    assert link(late) in page(client_for("member"), meeting)
    assert link(late) in page(client_for("anonymous"), meeting)


def test_draft_papers_are_linked_for_the_business_unit_alone(meeting, papers, client_for):
    for audience in AUDIENCES:
        html = page(client_for(audience), meeting)
        assert (link(papers["public"]) in html) == (audience == "business_unit"), audience


PACK_LINK = "Download the papers pack (PDF)"


def test_the_pack_is_offered_once_the_agenda_is_published(meeting, papers, readers, client_for):
    pack_href = f'href="/meetings/{meeting.pk}/pack.pdf"'
    for audience in AUDIENCES:
        html = page(client_for(audience), meeting)
        offered = PACK_LINK in html and pack_href in html
        assert offered == (audience == "business_unit"), audience
    services.agenda_publish(actor=readers["business_unit"], meeting=meeting)
    for audience in AUDIENCES:
        html = page(client_for(audience), meeting)
        assert PACK_LINK in html and pack_href in html, audience
        restricted_note = "restricted ones included" in html
        assert restricted_note == (audience in INSIDERS), audience
        assert ("(the public papers)" in html) == (audience not in INSIDERS), audience


def test_the_page_offers_the_calendar_entry_with_the_pack(meeting, published, client_for):
    html = page(client_for("anonymous"), meeting)
    assert f'<a href="/meetings/{meeting.pk}.ics">Add to calendar</a>' in html
