"""A paper's agenda item is chosen among its meeting's items, named with the meeting's date
and body: every meeting opens with "1 Welcome, introductions and apologies", and a list of
every meeting's items made the right one impossible to pick. An item on the agenda editor
opens the paper's form with the meeting and item already chosen."""

import datetime
import json
import re

import pytest

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import AgendaItem, Paper
from tests.admin_forms import admin_form
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory, local
from tests.meetings.paper_factories import make_pdf
from tests.membership.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db

WELCOME = "Welcome, introductions and apologies"


@pytest.fixture
def board_meeting():
    return MeetingFactory(body=BodyFactory(name="Safeguarding Board"), start=local(2012, 4, 18, 14))


@pytest.fixture
def other_meeting():
    return MeetingFactory(body=BodyFactory(name="Executive Group"), start=local(2012, 5, 2, 10))


def welcome(meeting) -> AgendaItem:
    return AgendaItemFactory(meeting=meeting, number="1", title=WELCOME, sort_order=0)


def chooser_results(client, **params) -> str:
    response = client.get(reverse("agenda_item_chooser:choose_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def widget_options(html: str, field_id: str) -> dict:
    """The options the page hands a chooser widget's script (`new Chooser(id, options)`)."""
    found = re.search(rf'new \w+\("{field_id}", (\{{.*?\}})\);', html)
    assert found, f"No chooser for {field_id}"
    return json.loads(found.group(1))


def post_paper(client, url, form, pdf=None):
    data = form.post_data()
    data["file"] = SimpleUploadedFile("paper.pdf", pdf or make_pdf(), "application/pdf")
    return client.post(url, data)


def test_the_paper_forms_item_chooser_lists_the_chosen_meetings_items_only(
    business_unit_client, board_meeting, other_meeting
):
    ours, theirs = welcome(board_meeting), welcome(other_meeting)

    page = business_unit_client.get("/admin/paper/new/").content.decode()
    options = widget_options(page, "id_agenda_item")
    assert options["linkedFields"] == {"meeting": "#id_meeting"}

    # What the chooser lists once the form's meeting is chosen (the widget sends its id).
    listed = chooser_results(business_unit_client, meeting=board_meeting.pk)
    assert reverse("agenda_item_chooser:chosen", args=[ours.pk]) in listed
    assert reverse("agenda_item_chooser:chosen", args=[theirs.pk]) not in listed
    assert f"18 April 2012, Safeguarding Board: 1 {WELCOME}" in listed


def test_the_item_chooser_is_searchable_within_the_meeting(
    business_unit_client, board_meeting, other_meeting
):
    report = AgendaItemFactory(meeting=board_meeting, number="4", title="QEF quarterly report")
    welcome(board_meeting)
    elsewhere = AgendaItemFactory(meeting=other_meeting, number="4", title="QEF quarterly report")

    listed = chooser_results(business_unit_client, meeting=board_meeting.pk, q="QEF")

    assert reverse("agenda_item_chooser:chosen", args=[report.pk]) in listed
    assert reverse("agenda_item_chooser:chosen", args=[elsewhere.pk]) not in listed
    assert WELCOME not in listed


def test_a_meeting_that_is_not_an_id_lists_no_items_rather_than_failing(
    business_unit_client, board_meeting
):
    item = welcome(board_meeting)

    listed = chooser_results(business_unit_client, meeting="1 OR 1=1")

    assert reverse("agenda_item_chooser:chosen", args=[item.pk]) not in listed


def test_another_meetings_item_posted_with_the_paper_is_refused(
    business_unit_client, board_meeting, other_meeting
):
    welcome(board_meeting)
    theirs = welcome(other_meeting)
    form = admin_form(business_unit_client, "/admin/paper/new/")
    form["meeting"], form["agenda_item"] = board_meeting.pk, theirs.pk
    form["title"] = "Apologies received"

    response = post_paper(business_unit_client, "/admin/paper/new/", form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "is on the agenda of" in html
    assert "Choose an item of this meeting&#x27;s agenda" in html
    assert not Paper.objects.exists()


def test_moving_a_paper_to_another_meetings_item_is_refused(
    business_unit_client, board_meeting, other_meeting
):
    paper = PaperFactory(agenda_item=welcome(board_meeting))
    theirs = welcome(other_meeting)
    url = f"/admin/paper/edit/{paper.pk}/"
    form = admin_form(business_unit_client, url)
    assert form["meeting"] == str(board_meeting.pk)  # read from the paper's item
    form["agenda_item"] = theirs.pk

    response = business_unit_client.post(url, form.post_data())

    assert response.status_code == 200
    assert "is on the agenda of" in response.content.decode()
    paper.refresh_from_db()
    assert paper.agenda_item.meeting == board_meeting


def test_add_a_paper_on_an_agenda_item_opens_the_form_with_its_meeting_and_item(
    business_unit_client, board_meeting
):
    welcome(board_meeting)
    report = AgendaItemFactory(meeting=board_meeting, number="2", title="QEF quarterly report")
    agenda = business_unit_client.get(f"/admin/meeting/edit/{board_meeting.pk}/").content.decode()
    add_url = f"/admin/paper/new/?agenda_item={report.pk}"
    assert f'href="{add_url}"' in agenda
    assert "Add a paper to item 2 QEF quarterly report" in agenda

    form = admin_form(business_unit_client, add_url)
    assert (form["meeting"], form["agenda_item"]) == (str(board_meeting.pk), str(report.pk))
    page = business_unit_client.get(add_url).content.decode()
    assert "18 April 2012, Safeguarding Board: 2 QEF quarterly report" in page

    form["title"] = "QEF quarter three analysis"
    response = post_paper(business_unit_client, add_url, form)

    assert response.status_code == 302
    assert Paper.objects.get().agenda_item == report


def test_the_agenda_offers_no_add_a_paper_to_whoever_may_not_add_papers(client):
    meeting = MeetingFactory()
    item = welcome(meeting)
    editor = UserFactory(username="agenda-only")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_meeting", "view_meeting"])
    )
    client.force_login(editor)

    agenda = client.get(f"/admin/meeting/edit/{meeting.pk}/").content.decode()

    assert reverse("agenda_item:edit", args=[item.pk]) in agenda
    assert "/admin/paper/new/" not in agenda


def measure(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def more_items(meeting, count: int) -> None:
    start = AgendaItem.objects.filter(meeting=meeting).count()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=f"Item {n}", number=str(n + 1), sort_order=n)
        for n in range(start, start + count)
    )


@pytest.mark.parametrize(
    "page",
    [
        "/admin/paper/new/?agenda_item={item}",
        "/admin/agenda_item_chooser/results/?meeting={meeting}",
        "/admin/agenda_item_chooser/results/?meeting={meeting}&q=Item",
    ],
)
def test_the_paper_form_and_item_chooser_read_the_same_queries_for_10_or_1000_items(
    business_unit_client, board_meeting, page
):
    item = welcome(board_meeting)
    url = page.format(item=item.pk, meeting=board_meeting.pk)
    more_items(board_meeting, 10)
    few = measure(business_unit_client, url)

    more_items(board_meeting, 990)
    for _ in range(3):
        more_items(MeetingFactory(start=local(2013, 1, 1) + datetime.timedelta(days=1)), 100)
    many = measure(business_unit_client, url)

    assert many == few


def test_a_chosen_item_is_shown_on_the_form_with_its_meeting(business_unit_client, board_meeting):
    item = welcome(board_meeting)

    response = business_unit_client.get(reverse("agenda_item_chooser:chosen", args=[item.pk]))

    assert f"18 April 2012, Safeguarding Board: 1 {WELCOME}" in response.content.decode()
