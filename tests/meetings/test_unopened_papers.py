"""/my/ lists the papers of a member's meetings in the next 60 days that they may open and
have not opened in their latest version, by the access log."""

from __future__ import annotations

import datetime

import pytest

from django.utils import timezone

from meetings import services
from meetings.papers import services as paper_services
from tests.meetings.paper_factories import AgendaItemFactory, MeetingFactory, make_pdf, upload
from tests.meetings.paper_fixtures import *  # noqa: F403
from tests.meetings.portal_fixtures import table

HEADING = "Papers you have not opened yet"


def soon(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def upcoming(body, readers):
    """A meeting of the member's body in ten days, its agenda published with a public
    paper, a restricted paper and a paper of a restricted item."""
    manager = readers["business_unit"]
    start = soon(10)
    meeting = MeetingFactory(
        body=body, title="Executive", start=start, end=start + datetime.timedelta(hours=2)
    )
    public_item = AgendaItemFactory(meeting=meeting, title="Business plan")
    restricted_item = AgendaItemFactory(meeting=meeting, title="Case review", is_restricted=True)
    papers = {
        "public": table(manager, public_item, "Business plan 2012 to 2013"),
        "restricted": table(manager, public_item, "Staffing options", is_restricted=True),
        "restricted_item": table(manager, restricted_item, "Family R chronology"),
    }
    services.agenda_publish(actor=manager, meeting=meeting)
    return meeting, papers


def unopened(client) -> str:
    response = client.get("/my/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index(f'<h2 id="unopened-heading">{HEADING}</h2>')
    return html[start : html.index('id="apologies-list-heading"', start)]


def listed(section: str, paper) -> bool:
    return f'href="/papers/{paper.pk}/"' in section


def open_paper(client, paper, version: int | None = None):
    url = f"/papers/{paper.pk}/" + (f"v{version}/" if version else "")
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)


@pytest.mark.parametrize("audience", ["member", "chair"])
def test_a_paper_is_listed_until_the_member_opens_it(upcoming, client_for, audience):
    meeting, papers = upcoming
    client = client_for(audience)
    section = unopened(client)
    assert all(listed(section, paper) for paper in papers.values())
    assert meeting.get_absolute_url() in section
    open_paper(client, papers["public"])
    section = unopened(client)
    assert not listed(section, papers["public"])
    assert listed(section, papers["restricted"]) and listed(section, papers["restricted_item"])
    open_paper(client, papers["restricted"])
    open_paper(client, papers["restricted_item"])
    assert "You have opened every paper" in unopened(client)


def test_a_new_version_is_listed_again_until_it_is_opened(upcoming, readers, client_for):
    _meeting, papers = upcoming
    client = client_for("member")
    open_paper(client, papers["public"])
    assert not listed(unopened(client), papers["public"])
    paper_services.paper_upload(
        actor=readers["business_unit"],
        paper=papers["public"],
        file=upload(make_pdf(pages=5, text="Corrected")),
    )
    section = unopened(client)
    assert listed(section, papers["public"])
    assert "version 2, 5 pages" in section
    open_paper(client, papers["public"], version=1)  # the old one does not count
    assert listed(unopened(client), papers["public"])
    open_paper(client, papers["public"], version=2)
    assert not listed(unopened(client), papers["public"])


def test_someone_elses_opening_does_not_count(upcoming, client_for):
    _meeting, papers = upcoming
    open_paper(client_for("chair"), papers["public"])
    open_paper(client_for("anonymous"), papers["public"])
    assert listed(unopened(client_for("member")), papers["public"])


def test_a_member_of_another_body_is_not_listed_this_bodys_papers(upcoming, client_for):
    _meeting, papers = upcoming
    section = unopened(client_for("other_body_member"))
    assert not any(listed(section, paper) for paper in papers.values())
    assert "Family R chronology" not in section


@pytest.mark.parametrize(
    "change",
    ["later_than_60_days", "already_ended", "cancelled", "not_published"],
)
def test_only_published_papers_of_the_next_60_days_meetings_are_listed(
    body, readers, client_for, change
):
    manager = readers["business_unit"]
    start = {"later_than_60_days": soon(61), "already_ended": soon(-1)}.get(change, soon(5))
    meeting = MeetingFactory(body=body, start=start, end=start + datetime.timedelta(hours=2))
    paper = table(manager, AgendaItemFactory(meeting=meeting), "Neglect audit")
    if change != "not_published":
        services.agenda_publish(actor=manager, meeting=meeting)
    if change == "cancelled":
        services.meeting_cancel(actor=manager, meeting=meeting)
    assert not listed(unopened(client_for("member")), paper)


def test_the_list_links_only_what_the_member_may_open(upcoming, client_for):
    _meeting, papers = upcoming
    client = client_for("member")
    section = unopened(client)
    for paper in papers.values():
        assert listed(section, paper)
        open_paper(client, paper)
