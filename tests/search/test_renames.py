"""What documents copy from rows they only point at (a body's name, a presenter's name, a
report's ancestors' slugs) follows a change made in the admin: one task once it commits,
reindexing by queryset, and only when a copied field changed."""

from __future__ import annotations

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import ReportIndexPage, ReportPage
from meetings import services as meeting_services
from membership import services as membership_services
from search.signals import is_index_callback
from tests.admin_forms import admin_form, submit
from tests.cms.factories import publish, report
from tests.governance.factories import decision
from tests.meetings.paper_factories import AgendaItemFactory, MeetingFactory
from tests.membership.factories import BodyFactory, PersonFactory

from .conftest import client_as, titles

pytestmark = pytest.mark.django_db

OLD_NAME = "Safeguarding Children Board Executive"
NEW_NAME = "Medway Partnership"


def edit(client, url: str, **changes):
    form = admin_form(client, url)
    for name, value in changes.items():
        form[name] = value
    return submit(client, url, form)


def results(response) -> list[tuple[str, str]]:
    """Each result's title and the line under it (what, and where it belongs)."""
    html = response.content.decode()
    found = re.findall(
        r'<h3><a href="[^"]*">(.*?)</a></h3>\s*<p class="muted">(.*?)</p>', html, re.DOTALL
    )
    return [(re.sub(r"</?mark>", "", title), " ".join(line.split())) for title, line in found]


def links(response) -> list[str]:
    return re.findall(r'<h3><a href="([^"]*)">', response.content.decode())


def test_renaming_a_body_in_the_admin_renames_it_in_search(
    readers, body, published_meeting, django_capture_on_commit_callbacks
):
    assert body.name == OLD_NAME
    clerk = client_as(readers["business_unit"])
    with django_capture_on_commit_callbacks(execute=True):
        decision(body, title="Platypus funding", text="Agreed.")
        publish(report(body, title="Platypus progress report"))
    public = client_as(readers["anonymous"])
    assert [t for t, _ in results(public.get("/search/", {"q": OLD_NAME}))] == [
        str(published_meeting)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(clerk, reverse("body:edit", args=[body.pk]), name=NEW_NAME)
    assert response.status_code == 302

    assert results(public.get("/search/", {"q": OLD_NAME})) == []
    assert results(public.get("/search/", {"q": NEW_NAME})) == [
        (str(published_meeting), f"Meetings · {NEW_NAME}")
    ]
    lines = sorted(line for _title, line in results(public.get("/search/", {"q": "platypus"})))
    assert [line.split(" · ")[:2] for line in lines] == [
        ["Decisions", NEW_NAME],
        ["Reports", f"Report, {NEW_NAME}"],
    ]
    # The body filter, and what the meeting carries, are unchanged.
    assert titles(public.get("/search/", {"q": "CAFs", "body": body.slug})) == ["Thresholds audit"]


def test_saving_a_body_without_renaming_it_queues_no_reindex(
    readers, body, published_meeting, django_capture_on_commit_callbacks
):
    clerk = client_as(readers["business_unit"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = edit(clerk, reverse("body:edit", args=[body.pk]), purpose="Meets monthly.")
    assert response.status_code == 302

    assert [c for c in callbacks if is_index_callback(c)] == []


def _rename_task_queries(body, actor, name: str, django_capture_on_commit_callbacks) -> int:
    body.name = name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        membership_services.body_save(actor=actor, body=body)
    (update,) = [c for c in callbacks if is_index_callback(c)]
    with CaptureQueriesContext(connection) as captured:
        update()  # the commit; the task runs eagerly here
    return len(captured)


def test_a_rename_reindexes_a_body_in_the_same_queries_for_2_or_20_meetings(
    readers, django_capture_on_commit_callbacks
):
    clerk = readers["business_unit"]
    body = BodyFactory(name="Quoll Board")

    def add(n: int):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                AgendaItemFactory(meeting=MeetingFactory(body=body), title="Quoll item")
                decision(body, title="Quoll decision", text="Agreed.")

    add(2)
    few = _rename_task_queries(body, clerk, "Quoll Partnership", django_capture_on_commit_callbacks)
    add(18)
    many = _rename_task_queries(body, clerk, "Quoll Trust", django_capture_on_commit_callbacks)

    assert many == few
    found = results(client_as(clerk).get("/search/", {"q": "Quoll Trust", "kind": "meeting"}))
    assert len(found) == 20
    assert all("Quoll Trust" in line for _title, line in found)


def test_renaming_a_presenter_reindexes_the_unpublished_agendas_that_name_them(
    readers, django_capture_on_commit_callbacks
):
    clerk = readers["business_unit"]
    person = PersonFactory(given_name="Ada", family_name="Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_item_add(
            actor=clerk,
            meeting=MeetingFactory(),
            title="Draft numbat strategy",
            presenter=person,
        )
    client = client_as(clerk)
    assert len(titles(client.get("/search/", {"q": "Lovelace"}))) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(client, reverse("person:edit", args=[person.pk]), family_name="Byron")
    assert response.status_code == 302

    assert titles(client.get("/search/", {"q": "Lovelace"})) == []
    assert [t.split(" ", 1)[1] for t in titles(client.get("/search/", {"q": "Byron"}))] == [
        "Draft numbat strategy"
    ]


def test_a_new_slug_for_the_reports_index_moves_its_reports_links_in_search(
    readers, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(report(body, title="Bandicoot progress report"))
    public = client_as(readers["anonymous"])
    index = ReportIndexPage.objects.get()
    assert links(public.get("/search/", {"q": "bandicoot"})) == [page.url]

    index.slug = "board-reports"
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision(user=readers["business_unit"]).publish(user=readers["business_unit"])

    (link,) = links(public.get("/search/", {"q": "bandicoot"}))
    assert link == ReportPage.objects.get(pk=page.pk).url
    assert link.startswith("/board-reports/")
    assert public.get(link).status_code == 200


def test_a_meeting_retitled_and_moved_shows_so_under_its_items_and_papers(
    readers, published_meeting, django_capture_on_commit_callbacks
):
    public = client_as(readers["anonymous"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.meeting_update(
            actor=readers["business_unit"],
            meeting=published_meeting,
            title="Extraordinary Executive",
            start=published_meeting.start + datetime.timedelta(days=35),
            end=published_meeting.end + datetime.timedelta(days=35),
        )

    assert results(public.get("/search/", {"q": "CAFs"})) == [
        ("Thresholds audit", f"Papers · Item 1, {meeting}")
    ]
    assert str(meeting).startswith("Extraordinary Executive, ")
    assert titles(public.get("/search/", {"q": "Extraordinary", "kind": "meeting"})) == [
        str(meeting)
    ]
