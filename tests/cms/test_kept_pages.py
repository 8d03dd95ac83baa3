"""Wagtail's pages as a reader with no cookies gets them are kept between edits
(cms.views.serve): such a reader is served without a query, sees an edit on the next
request, and nothing kept ever reaches a signed-in reader, a reader with a session, or a
page with a view restriction."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from cms.models import ReportIndexPage
from tests.cms.factories import board_body, chair_login, edit, publish, report
from tests.membership.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


def get(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_a_page_read_with_no_cookies_is_kept_until_it_is_published_again(client, board):
    page = publish(report(board, [("prose", "<p>The first words.</p>")]), by=chair_login(board))
    first, _ = get(client, page.url)
    again, queries = get(client, page.url)
    assert again.status_code == 200
    assert queries == 0
    assert again.content == first.content
    assert "The first words." in again.content.decode()

    edit(page, [("prose", "<p>The second words.</p>")])
    publish(page)
    after, _ = get(client, page.url)
    assert "The second words." in after.content.decode()
    assert "The first words." not in after.content.decode()


def test_the_home_page_kept_for_the_public_never_reaches_a_signed_in_reader(client, board):
    public, _ = get(client, "/")
    get(client, "/")
    assert "Sign in" in public.content.decode()

    client.force_login(UserFactory(username="member"))
    signed_in, queries = get(client, "/")
    html = signed_in.content.decode()
    assert queries > 0
    assert "Sign out" in html and "Sign in</a>" not in html
    assert "csrfmiddlewaretoken" in html


def test_a_reader_with_a_session_is_served_by_wagtail(client, board):
    get(client, "/")
    session = client.session
    session["seen"] = True
    session.save()
    response, queries = get(client, "/")
    assert response.status_code == 200
    assert queries > 0


def test_a_query_string_is_served_by_wagtail(client, board):
    get(client, "/?utm_source=newsletter")
    response, queries = get(client, "/?utm_source=newsletter")
    assert response.status_code == 200
    assert queries > 0


@pytest.mark.parametrize(
    "restriction",
    [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD],
)
def test_a_page_restricted_after_it_was_kept_is_restricted_on_the_next_request(
    client, board, restriction
):
    index = ReportIndexPage.objects.get()
    publish(report(board, title="Progress report (March 2012)"), by=chair_login(board))
    get(client, index.url)
    assert "Progress report (March 2012)" in get(client, index.url)[0].content.decode()

    PageViewRestriction.objects.create(
        page=index, restriction_type=restriction, password="board-only"
    )
    for _ in range(2):
        response, queries = get(client, index.url)
        assert "Progress report (March 2012)" not in response.content.decode()
        assert queries > 0, "a restricted page is never kept"
