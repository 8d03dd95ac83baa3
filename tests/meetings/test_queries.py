"""Pages cost the same number of queries however long the agenda or the list: measure with
a few rows, add many, assert the same count."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import AttendanceStatus
from tests.meetings.conftest import member_login
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    PaperVersionFactory,
)
from tests.membership.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def build_agenda(meeting, count, actor) -> list:
    """`count` items, every third a sub-item, every item with a paper in two versions.
    Returns the papers."""
    parent = None
    papers = []
    for n in range(count):
        item = AgendaItemFactory(
            meeting=meeting,
            parent=parent if n % 3 == 2 else None,
            is_restricted=n % 4 == 0,
            sort_order=n,
        )
        if n % 3 == 0:
            parent = item
        paper = PaperFactory(agenda_item=item)
        PaperVersionFactory(paper=paper, number=1)
        PaperVersionFactory(paper=paper, number=2, page_count=n + 1)
        papers.append(paper)
    services.agenda_publish(actor=actor, meeting=meeting)
    return papers


@pytest.fixture(autouse=True)
def _warm_caches(client):
    """What Django reads once per process (content types): read it before counting, so the
    first page counted costs what every later one does."""
    client.get("/bodies/")


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# What each reader's meeting page reads, whatever the agenda's length: the session and the
# user with their person (signed in), the meeting with its attendance, restrictions and
# latest version, the reader's seats, the papers and their versions, the quorum, the
# minutes, the matters arising, the member's term and deputies, the site and the partnership
# answering on it (the meeting must be one of its bodies', and the layout names it).
MEETING_PAGE_QUERIES = {"anonymous": 12, "member": 18, "business_unit": 19}
# /my/: the session, the user, the calendar address, the next meetings with the reader's
# attendance, the apologies, the coming meetings with papers to read (their versions,
# restrictions and papers), the reader's seats, what they opened, the site and the
# partnership answering on it (the layout names it), and the reader's open actions (the
# first ten, and how many in all only when there are more), and their notes on papers (one
# more, for the meetings' agendas, once they have any: tests/meetings/test_notes.py), and the
# written resolutions awaiting their vote.
MY_PAGE_QUERIES = 19
# Without papers to read, /my/ asks nothing about them.
MY_PAGE_QUERIES_NOTHING_TO_READ = 17


def assert_papers_linked(client, meeting, papers, *, see_restricted: bool) -> None:
    """Each paper the viewer may see links to its latest version and lists version 1 under
    "Earlier versions"; the others are not linked at all."""
    page = client.get(meeting.get_absolute_url()).content.decode()
    for paper in papers:
        shown = see_restricted or not paper.agenda_item.restricted
        assert (f'href="/papers/{paper.pk}/"' in page) == shown
        assert (f'href="/papers/{paper.pk}/v1/"' in page) == shown
    assert page.count("<summary>Earlier versions") == sum(
        1 for paper in papers if see_restricted or not paper.agenda_item.restricted
    )


@pytest.mark.parametrize("viewer", ["anonymous", "member", "business_unit"])
def test_meeting_page_costs_the_same_for_5_and_60_items(
    client, business_unit_user, viewer, django_assert_num_queries
):
    counts = []
    for size in (5, 60):
        body = BodyFactory(quorum_count=3)
        meeting = MeetingFactory(body=body)
        member = member_login(body, username=f"member-{size}")
        for _ in range(3):
            membership = MembershipFactory(body=body)
            AttendanceFactory(
                meeting=meeting, person=membership.person, status=AttendanceStatus.APOLOGIES
            )
        papers = build_agenda(meeting, size, business_unit_user)
        if viewer == "member":
            client.force_login(member)
        elif viewer == "business_unit":
            client.force_login(business_unit_user)
        with django_assert_num_queries(MEETING_PAGE_QUERIES[viewer]):
            counts.append(page_queries(client, meeting.get_absolute_url()))
        assert_papers_linked(client, meeting, papers, see_restricted=viewer != "anonymous")
        client.logout()
    assert counts[0] == counts[1], counts


def test_my_page_costs_the_same_for_few_and_many_papers_to_read(
    client, business_unit_user, django_assert_num_queries
):
    """The "papers you have not opened yet" list: 2 papers on one agenda, or 45 over three,
    some of them opened already."""
    counts = []
    for meetings, items in ((1, 2), (3, 15)):
        body = BodyFactory()
        user = member_login(body, username=f"reader-{meetings}")
        papers = []
        for n in range(meetings):
            start = timezone.now() + datetime.timedelta(days=7 * (n + 1))
            meeting = MeetingFactory(
                body=body, start=start, end=start + datetime.timedelta(hours=2)
            )
            papers += build_agenda(meeting, items, business_unit_user)
        client.force_login(user)
        opened = papers[:: max(len(papers) // 5, 1)][:-1]
        for paper in opened:
            response = client.get(f"/papers/{paper.pk}/")
            assert response.status_code == 200
            b"".join(response.streaming_content)
        with django_assert_num_queries(MY_PAGE_QUERIES):
            counts.append(page_queries(client, "/my/"))
        page = client.get("/my/").content.decode()
        section = page[page.index('id="unopened-heading"') : page.index('id="apologies-list')]
        for paper in papers:
            assert (f'href="/papers/{paper.pk}/"' in section) == (paper not in opened)
        client.logout()
    assert counts[0] == counts[1], counts


def test_my_page_costs_the_same_for_5_and_60_meetings(
    client, business_unit_user, django_assert_num_queries
):
    counts = []
    for size in (5, 60):
        body = BodyFactory()
        user = member_login(body, username=f"member-{size}")
        for n in range(size):
            start = timezone.now() + datetime.timedelta(days=n + 1)
            meeting = MeetingFactory(
                body=body, start=start, end=start + datetime.timedelta(hours=2)
            )
            AgendaItemFactory(meeting=meeting)
            if n % 2:
                services.agenda_publish(actor=business_unit_user, meeting=meeting)
            if n % 3 == 0:
                AttendanceFactory(
                    meeting=meeting, person=user.person, status=AttendanceStatus.APOLOGIES
                )
        services.calendar_token_reset(actor=user, person=user.person)
        client.force_login(user)
        with django_assert_num_queries(MY_PAGE_QUERIES_NOTHING_TO_READ):
            counts.append(page_queries(client, "/my/"))
        client.logout()
    assert counts[0] == counts[1], counts


def test_meeting_list_and_feeds_cost_the_same_for_5_and_60_meetings(client, business_unit_user):
    counts = []
    for size in (5, 60):
        body = BodyFactory(slug=f"body-of-{size}")
        for n in range(size):
            start = timezone.now() + datetime.timedelta(days=n - size // 2)
            meeting = MeetingFactory(
                body=body, start=start, end=start + datetime.timedelta(hours=2)
            )
            AgendaItemFactory(meeting=meeting, is_restricted=n % 2 == 0)
            services.agenda_publish(actor=business_unit_user, meeting=meeting)
        counts.append(
            (
                page_queries(client, f"/meetings/?body={body.slug}"),
                page_queries(client, f"/bodies/{body.slug}/meetings.ics"),
            )
        )
    assert counts[0] == counts[1], counts
