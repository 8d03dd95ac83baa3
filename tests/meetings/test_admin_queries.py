"""The meeting editor and the pages around it read in the same number of queries, and send
no select of every person or item, whether the meeting has 10 items or 1,000 and the
partnership 10 people or 1,000."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import AgendaItem, Meeting, Paper
from membership.models import Person, default_partnership
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from tests.membership.factories import PersonFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1000


def measure(client, url) -> tuple[int, str]:
    client.get(url)  # warm what is kept per process (content types, sites, permissions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def people(count: int) -> list[Person]:
    return Person.objects.bulk_create(
        Person(
            given_name="Given",
            family_name=f"Family {n}",
            email=f"bulk{n}@example.org",
            partnership=default_partnership(),
        )
        for n in range(Person.objects.count(), Person.objects.count() + count)
    )


def items(meeting: Meeting, count: int, presenters: list[Person]) -> None:
    start = AgendaItem.objects.filter(meeting=meeting).count()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            title=f"Item {n}",
            number=str(n + 1),
            sort_order=n,
            presenter=presenters[n % len(presenters)],
        )
        for n in range(start, start + count)
    )


def test_the_meeting_editor_reads_the_same_queries_for_10_or_1000_items_and_people(
    business_unit_client,
):
    meeting = MeetingFactory()
    items(meeting, FEW, people(FEW))
    url = f"/admin/meeting/edit/{meeting.pk}/"
    few, page = measure(business_unit_client, url)
    options = page.count("<option")

    items(meeting, MANY - FEW, people(MANY - FEW))
    many, page = measure(business_unit_client, url)

    assert many == few
    assert page.count("<option") == options
    assert "Item 999" in page


def test_an_agenda_item_form_reads_the_same_queries_for_10_or_1000_people(
    business_unit_client,
):
    item = AgendaItemFactory(presenter=PersonFactory())
    items(item.meeting, FEW, people(FEW))
    url = f"/admin/agenda_item/edit/{item.pk}/"
    few, page = measure(business_unit_client, url)
    options = page.count("<option")

    people(MANY)
    many, page = measure(business_unit_client, url)

    assert many == few
    assert page.count("<option") == options


def test_a_paper_form_reads_the_same_queries_for_10_or_1000_agenda_items(
    business_unit_client,
):
    paper = PaperFactory()
    items(paper.agenda_item.meeting, FEW, people(1))
    url = f"/admin/paper/edit/{paper.pk}/"
    few, page = measure(business_unit_client, url)
    options = page.count("<option")

    for _ in range(4):
        items(MeetingFactory(), (MANY - FEW) // 4, people(1))
    many, page = measure(business_unit_client, url)

    assert many == few
    assert page.count("<option") == options


@pytest.mark.parametrize("listing", ["meeting", "paper", "agenda_item"])
def test_the_meetings_listings_read_the_same_queries_for_10_or_1000_rows(
    business_unit_client, listing
):
    def add(count):
        start = Meeting.objects.count()
        meetings = Meeting.objects.bulk_create(
            Meeting(
                body=body,
                title=f"Meeting {n}",
                start=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC)
                + datetime.timedelta(days=n),
                end=datetime.datetime(2012, 1, 1, 2, tzinfo=datetime.UTC)
                + datetime.timedelta(days=n),
            )
            for n in range(start, start + count)
        )
        item_rows = AgendaItem.objects.bulk_create(
            AgendaItem(meeting=m, title="Minutes", number="1", sort_order=0) for m in meetings
        )
        Paper.objects.bulk_create(Paper(agenda_item=i, title="Report") for i in item_rows)

    body = MeetingFactory().body
    url = f"/admin/{listing}/"
    add(FEW)
    few, _page = measure(business_unit_client, url)

    add(MANY - FEW)
    many, _page = measure(business_unit_client, url)

    assert many == few
