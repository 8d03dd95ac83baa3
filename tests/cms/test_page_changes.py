"""Wagtail's pages show what was last published, to whoever reads them: an edit shows on
the next request, a signed-in reader gets their own layout, and a view restriction added
to a page holds from the next request."""

from __future__ import annotations

import pytest

from wagtail.models import PageViewRestriction

from cms.models import ReportIndexPage
from tests.cms.factories import board_body, chair_login, edit, publish, report
from tests.membership.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


def test_a_page_read_with_no_cookies_shows_the_next_publication_at_once(client, board):
    page = publish(report(board, [("prose", "<p>The first words.</p>")]), by=chair_login(board))
    first = client.get(page.url)
    again = client.get(page.url)
    assert again.status_code == 200
    assert again.content == first.content
    assert "The first words." in again.content.decode()

    edit(page, [("prose", "<p>The second words.</p>")])
    publish(page)
    after = client.get(page.url).content.decode()
    assert "The second words." in after
    assert "The first words." not in after


def test_the_home_page_read_by_the_public_is_not_what_a_signed_in_reader_gets(client, board):
    public = client.get("/")
    assert "Sign in" in public.content.decode()

    client.force_login(UserFactory(username="member"))
    html = client.get("/").content.decode()
    assert "Sign out" in html and "Sign in</a>" not in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.parametrize(
    "restriction",
    [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD],
)
def test_a_page_restricted_after_it_was_read_is_restricted_on_the_next_request(
    client, board, restriction
):
    index = ReportIndexPage.objects.get()
    publish(report(board, title="Progress report (March 2012)"), by=chair_login(board))
    assert "Progress report (March 2012)" in client.get(index.url).content.decode()

    PageViewRestriction.objects.create(
        page=index, restriction_type=restriction, password="board-only"
    )
    for _ in range(2):
        assert "Progress report (March 2012)" not in client.get(index.url).content.decode()
