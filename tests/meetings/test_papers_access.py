"""Paper files reach only those the pages would show them to; everyone else gets a 404 that
says nothing about the paper."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.papers import services as paper_services
from tests.meetings.paper_factories import (
    AgendaItemFactory,
    make_pdf,
    pdf_text,
    publish_agenda,
    upload,
)
from tests.meetings.paper_fixtures import *  # noqa: F403
from tests.meetings.paper_fixtures import AUDIENCES

RESTRICTED_PAPER = "Child Q: review of agency involvement"
RESTRICTED_ITEM = "Serious case review: Family R"


@pytest.fixture
def papers(meeting, readers):
    """A public paper, a restricted paper of a public item, and a paper of a restricted
    item, each with two versions."""
    manager = readers["business_unit"]
    public_item = AgendaItemFactory(meeting=meeting, title="Business plan 2012 to 2013")
    restricted_item = AgendaItemFactory(meeting=meeting, title=RESTRICTED_ITEM, is_restricted=True)

    def table(item, title, is_restricted=False):
        paper = paper_services.paper_create(
            actor=manager,
            agenda_item=item,
            title=title,
            is_restricted=is_restricted,
            file=upload(make_pdf(text=f"{title} first")),
        )
        paper_services.paper_upload(
            actor=manager, paper=paper, file=upload(make_pdf(text=f"{title} second"))
        )
        return paper

    return {
        "public": table(public_item, "Business plan"),
        "restricted": table(public_item, RESTRICTED_PAPER, is_restricted=True),
        "restricted_item": table(restricted_item, "Chronology"),
    }


def fetch(client, paper, version: int | None = None):
    url = f"/papers/{paper.pk}/" + (f"v{version}/" if version else "")
    return client.get(url)


def body_text(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_reveals_nothing(response) -> None:
    text = body_text(response)
    for secret in (RESTRICTED_PAPER, RESTRICTED_ITEM, "Chronology"):
        assert secret.encode() not in text


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("version", [None, 1])
def test_a_public_paper_on_a_published_agenda_is_for_everyone(
    meeting, papers, client_for, audience, version
):
    publish_agenda(meeting)
    response = fetch(client_for(audience), papers["public"], version)
    assert response.status_code == 200
    expected = "Business plan first" if version == 1 else "Business plan second"
    assert expected in pdf_text(body_text(response))[0]
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("kind", ["public", "restricted"])
@pytest.mark.parametrize("version", [None, 1])
def test_papers_of_an_unpublished_agenda_are_for_the_business_unit_alone(
    papers, client_for, audience, kind, version
):
    response = fetch(client_for(audience), papers[kind], version)
    if audience == "business_unit":
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404
        assert_reveals_nothing(response)


@pytest.mark.parametrize("audience", ["anonymous", "member"])
def test_a_public_paper_of_an_item_added_after_publication_waits_for_the_next_version(
    meeting, readers, client_for, audience
):
    publish_agenda(meeting)
    late_item = AgendaItemFactory(meeting=meeting, title="Any other business")
    paper = paper_services.paper_create(
        actor=readers["business_unit"],
        agenda_item=late_item,
        title="Late paper",
        file=upload(make_pdf()),
    )
    response = fetch(client_for(audience), paper)
    assert response.status_code == (200 if audience == "member" else 404)
    publish_agenda(meeting)
    assert fetch(client_for("anonymous"), paper).status_code == 200


def test_the_file_response_is_an_inline_pdf_with_a_safe_name(meeting, papers, client_for):
    publish_agenda(meeting)
    papers["public"].title = 'Business plan: "final" <2012/13> \\ café'
    papers["public"].save()
    response = fetch(client_for("anonymous"), papers["public"], 1)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="')
    filename = disposition.removeprefix('inline; filename="').removesuffix('"')
    assert filename.endswith("-v1.pdf")
    assert filename.startswith("2012-03-02-item-")
    assert all(char.isalnum() or char in "-." for char in filename)
    assert "business-plan-final-201213-cafe" in filename


def test_a_missing_paper_or_version_is_a_404(meeting, papers, client_for):
    publish_agenda(meeting)
    client = client_for("business_unit")
    assert fetch(client, papers["public"], 3).status_code == 404
    assert client.get("/papers/999999/").status_code == 404
    assert client.post(f"/papers/{papers['public'].pk}/").status_code == 405


def test_a_paper_file_takes_the_same_queries_however_many_versions_it_has(
    meeting, papers, readers, client_for
):
    publish_agenda(meeting)
    client = client_for("member")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert fetch(client, papers["restricted"]).status_code == 200
        return len(queries)

    count()  # warm what is read once per process (content types)
    before = count()
    for _ in range(20):
        paper_services.paper_upload(
            actor=readers["business_unit"], paper=papers["restricted"], file=upload(make_pdf())
        )
    assert count() == before


def test_an_item_opened_up_since_publication_is_open_at_once(meeting, papers, client_for):
    """One rule both ways: today's flag decides, as for an item restricted since."""
    publish_agenda(meeting)
    assert fetch(client_for("anonymous"), papers["restricted_item"]).status_code == 404
    item = papers["restricted_item"].agenda_item
    item.is_restricted = False
    item.save()
    assert fetch(client_for("anonymous"), papers["restricted_item"]).status_code == 200


def test_an_item_restricted_since_publication_is_restricted_at_once(meeting, papers, client_for):
    publish_agenda(meeting)
    item = papers["public"].agenda_item
    item.is_restricted = True
    item.save()
    assert fetch(client_for("anonymous"), papers["public"]).status_code == 404
    assert fetch(client_for("member"), papers["public"]).status_code == 200


def test_a_paper_of_a_sub_item_of_a_restricted_item_is_restricted(
    meeting, papers, readers, client_for
):
    sub_item = AgendaItemFactory(
        meeting=meeting, title="Sub-item", parent=papers["restricted_item"].agenda_item
    )
    paper = paper_services.paper_create(
        actor=readers["business_unit"], agenda_item=sub_item, title="Notes", file=upload(make_pdf())
    )
    publish_agenda(meeting)
    assert fetch(client_for("anonymous"), paper).status_code == 404
    assert fetch(client_for("chair"), paper).status_code == 200
