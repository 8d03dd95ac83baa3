"""A published agenda with real papers for the members' portal tests: a public paper in two
versions, a restricted paper of the public item, and a paper of a restricted item."""

from __future__ import annotations

import pytest

from meetings import services
from meetings.papers import services as paper_services
from tests.meetings.paper_factories import AgendaItemFactory, make_pdf, upload
from tests.meetings.paper_fixtures import *  # noqa: F403

PUBLIC_PAPER = "Business plan 2012 to 2013"
RESTRICTED_PAPER = "Child Q: review of agency involvement"
RESTRICTED_ITEM = "Serious case review: Family R"
RESTRICTED_ITEM_PAPER = "Family R chronology"


def table(actor, item, title, *, pages=2, is_restricted=False):
    return paper_services.paper_create(
        actor=actor,
        agenda_item=item,
        title=title,
        is_restricted=is_restricted,
        file=upload(make_pdf(pages=pages, text=title)),
    )


@pytest.fixture
def papers(meeting, readers):
    """Tabled, not yet published: the public paper has version 1 (3 pages) and version 2
    (2 pages); the others one version each."""
    manager = readers["business_unit"]
    public_item = AgendaItemFactory(meeting=meeting, title="Business plan")
    restricted_item = AgendaItemFactory(meeting=meeting, title=RESTRICTED_ITEM, is_restricted=True)
    public = table(manager, public_item, PUBLIC_PAPER, pages=3)
    paper_services.paper_upload(
        actor=manager, paper=public, file=upload(make_pdf(pages=2, text="Corrected plan"))
    )
    return {
        "public": public,
        "restricted": table(manager, public_item, RESTRICTED_PAPER, is_restricted=True),
        "restricted_item": table(manager, restricted_item, RESTRICTED_ITEM_PAPER, pages=4),
    }


@pytest.fixture
def published(meeting, papers, readers):
    services.agenda_publish(actor=readers["business_unit"], meeting=meeting)
    return papers


def page(client, meeting) -> str:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def link(paper, version: int | None = None) -> str:
    return f'href="/papers/{paper.pk}/' + (f'v{version}/"' if version else '"')
