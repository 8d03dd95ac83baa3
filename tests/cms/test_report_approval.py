"""The chair's approval closes its loop: the chair hears that a report awaits them (by
email and on /my/), the decision is confirmed on screen, and the author hears of it; every
link is on the report's partnership's own site address."""

from __future__ import annotations

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import Page

from cms.models import AnnualReportPage
from membership.models import default_partnership
from tests.cms.factories import board_body, chair_login
from tests.governance.factories import business_unit
from tests.membership.factories import PersonFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Notices go once their change commits: each step commits, as a request does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _draft(client, author):
    client.force_login(author)
    response = client.post(
        reverse("board-reports:new", args=["annual"]), {"year": "2011", "template": ""}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    return AnnualReportPage.objects.get()


def _submit(page, author):
    # What the editor's "Submit to Report approval" button does.
    page.get_latest_revision_as_object().save_revision(user=author)
    return page.get_workflow().start(page, user=author)


def _decide(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
        follow=True,
    )


@pytest.fixture
def kscb():
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    partnership = default_partnership()
    partnership.board = board
    partnership.save()
    return board


def test_the_chair_is_told_approves_and_the_author_hears_of_it(client, kscb, settings, committed):
    settings.BASE_URL = "http://localhost:8000"
    chair = chair_login(kscb)
    author = business_unit()
    PersonFactory(user=author, email="pauline@example.org")
    page = _draft(client, author)
    mail.outbox.clear()

    with committed():
        _submit(page, author)

    (to_chair,) = mail.outbox
    assert chair.person.email in to_chair.to[0]
    assert "For your approval: Annual report 2011/12" in to_chair.subject
    assert f"http://localhost:8000/admin/pages/{page.pk}/edit/" in to_chair.body
    client.force_login(chair)
    my = client.get("/my/").content.decode()
    assert "Reports awaiting your approval" in my and "Annual report 2011/12" in my

    mail.outbox.clear()
    with committed():
        response = _decide(client, page, "approve")

    assert response.status_code == 200
    page.refresh_from_db()
    assert page.live
    assert "You approved “Annual report 2011/12”: it is published" in response.content.decode()
    (to_author,) = mail.outbox
    assert "pauline@example.org" in to_author.to[0]
    assert to_author.subject == "Approved and published: Annual report 2011/12"
    assert "http://localhost:8000/reports/annual-report-2011-12/" in to_author.body


def test_changes_asked_for_reach_the_author_with_the_comment(client, kscb, committed):
    chair = chair_login(kscb)
    author = business_unit()
    PersonFactory(user=author, email="pauline@example.org")
    page = _draft(client, author)
    with committed():
        _submit(page, author)
    mail.outbox.clear()

    client.force_login(chair)
    with committed():
        response = _decide(client, page, "reject", comment="Add the attendance figures.")

    (to_author,) = mail.outbox
    assert to_author.subject == "Changes asked for: Annual report 2011/12"
    assert "Add the attendance figures." in to_author.body
    assert not Page.objects.get(pk=page.pk).live
    assert "You asked for changes to “Annual report 2011/12”" in response.content.decode()


def test_another_partnerships_report_links_to_its_own_site(client, settings, committed):
    settings.BASE_URL = "http://localhost:8000"
    adults = second_partnership()
    site = adults.site
    site.port = 8000
    site.save()
    chair = chair_login(adults.board)
    author = manager_of(adults)
    PersonFactory(user=author, email="sab@example.org")
    page = _draft(client, author)
    mail.outbox.clear()

    with committed():
        _submit(page, author)

    (to_chair,) = mail.outbox
    assert chair.person.email in to_chair.to[0]
    assert f"http://{ADULTS_HOST}:8000/admin/pages/{page.pk}/edit/" in to_chair.body
