"""The one access rule, on every page and feed: the public and members of other bodies see
public items and papers of published agendas; members of the body, its chair and the
business unit also see restricted ones; only the business unit sees unpublished agendas."""

import datetime

import pytest

from meetings import services
from tests.meetings.conftest import (
    PUBLIC_PAPER,
    PUBLIC_RESTRICTED_PAPER,
    PUBLIC_TITLE,
    RESTRICTED_PAPER,
    RESTRICTED_TITLE,
)
from tests.meetings.factories import MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

RESTRICTED = (RESTRICTED_TITLE, RESTRICTED_PAPER, PUBLIC_RESTRICTED_PAPER)
REVISED_RESTRICTED = "Child K: revised chronology (confidential)"
DRAFT_ONLY = "Draft item not yet published"
UNPUBLISHED_PUBLIC = "Section 11 audit returns"
UNPUBLISHED_RESTRICTED = "Allegation against a professional (confidential)"

VIEWERS = {
    "anonymous": False,
    "other_member": False,
    "member": True,
    "chair": True,
    "business_unit": True,
}


@pytest.fixture
def published(scene, business_unit_user):
    """Version 2 changes the restricted item and adds a restricted paper; a draft-only item
    is added afterwards; a second meeting's agenda is never published."""
    actor = business_unit_user
    services.agenda_item_update(
        actor=actor, item=scene.restricted_item, description="Revised after the panel"
    )
    PaperFactory(agenda_item=scene.restricted_item, title=REVISED_RESTRICTED)
    PaperFactory(agenda_item=scene.public_item, title="Thresholds audit summary")
    services.agenda_publish(actor=actor, meeting=scene.meeting, change_note="Late papers")
    services.agenda_item_add(actor=actor, meeting=scene.meeting, title=DRAFT_ONLY)
    unpublished = MeetingFactory(
        body=scene.body,
        title="KSCB Executive (next)",
        start=scene.meeting.start + datetime.timedelta(days=28),
        end=scene.meeting.end + datetime.timedelta(days=28),
    )
    services.agenda_item_add(actor=actor, meeting=unpublished, title=UNPUBLISHED_PUBLIC)
    services.agenda_item_add(
        actor=actor, meeting=unpublished, title=UNPUBLISHED_RESTRICTED, is_restricted=True
    )
    scene.unpublished = unpublished
    return scene


def urls(scene):
    pk = scene.meeting.pk
    return [
        "/meetings/",
        f"/meetings/?body={scene.body.slug}",
        f"/meetings/{pk}/",
        f"/meetings/{pk}/agenda/versions/",
        f"/meetings/{pk}/agenda/versions/1/",
        f"/meetings/{pk}/agenda/versions/2/",
        f"/meetings/{pk}/agenda/compare/?a=1&b=2",
        f"/meetings/{pk}.ics",
        f"/bodies/{scene.body.slug}/meetings.ics",
        f"/meetings/{scene.unpublished.pk}/",
        f"/meetings/{scene.unpublished.pk}.ics",
    ]


def sign_in(client, scene, viewer):
    if viewer != "anonymous":
        client.force_login(getattr(scene, viewer))


def body_text(response) -> str:
    text = response.content.decode()
    if response["Content-Type"].startswith("text/calendar"):
        # Undo RFC 5545 line folding and text escaping, so titles can be searched for.
        text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    return text


@pytest.mark.parametrize(("viewer", "sees_restricted"), VIEWERS.items())
def test_restricted_titles_reach_only_members_and_the_business_unit(
    client, published, viewer, sees_restricted
):
    sign_in(client, published, viewer)
    seen = {}
    for url in urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = body_text(response)
    everything = "\n".join(seen.values())
    for title in RESTRICTED:
        assert (title in everything) is sees_restricted, title
    assert (REVISED_RESTRICTED in everything) is sees_restricted
    assert (UNPUBLISHED_RESTRICTED in everything) is (viewer == "business_unit")
    # Public items and papers of the published agenda reach everyone.
    page = seen[f"/meetings/{published.meeting.pk}/"]
    assert PUBLIC_TITLE in page and PUBLIC_PAPER in page
    assert "version 1, 12 pages" in page
    if not sees_restricted:
        assert "Restricted item: seen only by members of this body." in page


@pytest.mark.parametrize("viewer", VIEWERS)
def test_readers_see_the_published_version_and_only_the_business_unit_the_draft(
    client, published, viewer
):
    sign_in(client, published, viewer)
    page = body_text(client.get(f"/meetings/{published.meeting.pk}/"))
    unpublished = body_text(client.get(f"/meetings/{published.unpublished.pk}/"))
    is_bu = viewer == "business_unit"
    assert (DRAFT_ONLY in page) is is_bu
    assert (UNPUBLISHED_PUBLIC in unpublished) is is_bu
    if is_bu:
        assert "Draft agenda." in page and "It differs from published version 2" in page
    else:
        assert "Version 2, published" in page
        assert "The agenda has not been published yet." in unpublished
    feed = body_text(client.get(f"/bodies/{published.body.slug}/meetings.ics"))
    assert DRAFT_ONLY not in feed and UNPUBLISHED_PUBLIC not in feed


@pytest.mark.parametrize(("viewer", "sees_restricted"), VIEWERS.items())
def test_comparison_shows_only_what_the_reader_may_see(client, published, viewer, sees_restricted):
    sign_in(client, published, viewer)
    page = body_text(client.get(f"/meetings/{published.meeting.pk}/agenda/compare/?a=1&b=2"))
    assert "Paper added" in page and "Thresholds audit summary" in page
    assert ("Revised after the panel" in page) is sees_restricted
    assert (REVISED_RESTRICTED in page) is sees_restricted


def test_my_page_and_personal_feed_follow_the_rule(client, published):
    for viewer, sees in (("member", True), ("chair", True), ("other_member", False)):
        user = getattr(published, viewer)
        client.force_login(user)
        client.post("/my/calendar/")
        my_page = body_text(client.get("/my/"))
        assert not any(title in my_page for title in RESTRICTED)
        token = user.person.feed_token.token
        client.logout()
        feed = body_text(client.get(f"/calendar/{token}.ics"))
        # A calendar service keeps what it fetches: restricted titles stay on the site.
        assert RESTRICTED_TITLE not in feed
        assert ("Restricted item" in feed) is sees
        assert (PUBLIC_TITLE in feed) is sees  # the other member's feed has no such meeting
