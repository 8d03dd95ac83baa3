"""Nothing that shows restricted material to a signed-in user may be kept by a shared
cache: such responses say `Cache-Control: private, no-store`, and pages vary on the
cookie."""

from __future__ import annotations

import pytest

from tests.meetings.paper_fixtures import AUDIENCES, INSIDERS
from tests.meetings.portal_fixtures import *  # noqa: F403

PRIVATE = "private, no-store"


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def varies_on_cookie(response) -> bool:
    return "cookie" in {part.strip().lower() for part in response.get("Vary", "").split(",")}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("audience", AUDIENCES)
def test_meeting_pages_are_private_to_whoever_is_signed_in(
    meeting, published, client_for, audience
):
    client = client_for(audience)
    urls = [
        meeting.get_absolute_url(),
        f"/meetings/{meeting.pk}/agenda/versions/",
        f"/meetings/{meeting.pk}/agenda/versions/1/",
        "/meetings/",
    ]
    for url in urls:
        response = get(client, url)
        assert varies_on_cookie(response), url
        if audience == "anonymous":
            assert not {"public", "no-store"} & cache_control(response), url
        else:
            assert cache_control(response) == {"private", "no-store"}, url


def test_the_members_page_is_private(client_for):
    client = client_for("member")
    response = get(client, "/my/")
    assert cache_control(response) == {"private", "no-store"}
    assert varies_on_cookie(response)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_restricted_files_are_never_stored_and_public_ones_are_checked_each_time(
    meeting, published, client_for, audience
):
    client = client_for(audience)
    paper = get(client, f"/papers/{published['public'].pk}/")
    assert paper["Cache-Control"] == "no-cache"
    pack = get(client, f"/meetings/{meeting.pk}/pack.pdf")
    if audience in INSIDERS:
        assert pack["Cache-Control"] == PRIVATE
        restricted = get(client, f"/papers/{published['restricted'].pk}/")
        assert restricted["Cache-Control"] == PRIVATE
    else:
        assert pack["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_calendar_feeds_with_restricted_titles_are_never_stored(
    meeting, body, published, client_for, audience
):
    client = client_for(audience)
    for url in (f"/meetings/{meeting.pk}.ics", f"/bodies/{body.slug}/meetings.ics"):
        response = get(client, url)
        expected = PRIVATE if audience in INSIDERS else "private, max-age=300"
        assert response["Cache-Control"] == expected, url
