"""The API follows the pages' access rule: restricted items and papers, and the online link,
reach only current members of the body and the business unit; everyone else sees
"Restricted item" where the meeting page shows its placeholder. Drafts are not in the API."""

import pytest

from tests.api.conftest import (
    DRAFT_ITEM,
    INSIDERS,
    ONLINE_LINK,
    PRESENTER_EMAIL,
    PUBLIC_ITEM,
    PUBLIC_PAPER,
    READERS,
    RESTRICTED_ITEM,
    RESTRICTED_PAPER,
    RESTRICTED_PAPER_OF_PUBLIC_ITEM,
    RESTRICTED_SUB_ITEM,
    SECRETS,
)

pytestmark = pytest.mark.django_db


def api_urls(scene) -> list[str]:
    pk = scene.meeting.pk
    return [
        "/api/v1/",
        "/api/v1/bodies/",
        f"/api/v1/bodies/{scene.body.pk}/",
        "/api/v1/people/",
        "/api/v1/memberships/",
        "/api/v1/meetings/",
        f"/api/v1/meetings/?body={scene.body.slug}",
        f"/api/v1/meetings/{pk}/",
        f"/api/v1/meetings/{scene.unpublished.pk}/",
        "/api/v1/agenda-versions/",
        f"/api/v1/agenda-versions/?meeting={pk}",
        f"/api/v1/agenda-versions/{scene.meeting.agenda_versions.get().pk}/",
        "/api/v1/popolo/organizations.json",
        "/api/v1/popolo/people.json",
        "/api/v1/popolo/posts.json",
        "/api/v1/popolo/memberships.json",
        "/api/v1/popolo/events.json",
    ]


def everything(client, scene) -> str:
    texts = []
    for url in api_urls(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json", url
        texts.append(response.content.decode())
    return "\n".join(texts)


@pytest.mark.parametrize("reader", READERS)
def test_restricted_material_reaches_only_members_and_the_business_unit(client_for, scene, reader):
    seen = everything(client_for(reader), scene)
    may_see = reader in INSIDERS
    for secret in SECRETS:
        assert (secret in seen) is may_see, secret
    assert PUBLIC_ITEM in seen and PUBLIC_PAPER in seen
    assert DRAFT_ITEM not in seen


@pytest.mark.parametrize("reader", READERS)
def test_meeting_agenda_matches_the_meeting_page(client_for, scene, reader):
    client = client_for(reader)
    api = client.get(f"/api/v1/meetings/{scene.meeting.pk}/").json()
    page = client.get(scene.meeting.get_absolute_url()).content.decode()
    items = api["agenda"]["items"]
    assert api["agenda"]["version"] == 1
    assert [item["number"] for item in items] == ["1", "2", "2.1"]
    public, restricted, sub_item = items
    assert public["title"] == PUBLIC_ITEM and public["purpose"] == "decision"
    assert public["presenter"] == scene.presenter.name
    paper_titles = [paper["title"] for paper in public["papers"]]
    if reader in INSIDERS:
        assert paper_titles == [PUBLIC_PAPER, RESTRICTED_PAPER_OF_PUBLIC_ITEM]
        assert (restricted["title"], restricted["hidden"]) == (RESTRICTED_ITEM, False)
        assert sub_item["title"] == RESTRICTED_SUB_ITEM and sub_item["restricted"]
        assert [paper["title"] for paper in sub_item["papers"]] == [RESTRICTED_PAPER]
        assert api["online_link"] == ONLINE_LINK
        assert RESTRICTED_ITEM in page
    else:
        assert paper_titles == [PUBLIC_PAPER]
        for placeholder, number in ((restricted, "2"), (sub_item, "2.1")):
            assert placeholder == {
                "id": None,
                "number": number,
                "parent_id": None,
                "title": "Restricted item",
                "purpose": None,
                "purpose_label": None,
                "presenter": None,
                "minutes": None,
                "description": "",
                "restricted": True,
                "hidden": True,
                "papers": [],
            }
        assert api["online_link"] is None
        assert "Restricted item: seen only by members of this body." in page


def test_papers_are_links_to_the_protected_file_addresses(client, scene):
    paper = client.get(f"/api/v1/meetings/{scene.meeting.pk}/").json()["agenda"]["items"][0][
        "papers"
    ][0]
    assert paper["version"] == 1 and paper["page_count"] == 12
    assert paper["url"] == f"http://testserver/papers/{paper['id']}/"
    assert paper["version_url"] == f"http://testserver/papers/{paper['id']}/v1/"
    # The link is the permission-checked view: the public paper opens for anyone.
    response = client.get(paper["url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("reader", READERS)
def test_restricted_paper_links_reach_only_insiders_and_open_only_for_them(
    client_for, scene, reader
):
    """The file views refuse what the API does not list: the same rule on both sides."""
    client = client_for(reader)
    insider_view = client_for("business_unit").get(f"/api/v1/meetings/{scene.meeting.pk}/").json()
    restricted_urls = [
        paper["url"]
        for item in insider_view["agenda"]["items"]
        for paper in item["papers"]
        if paper["restricted"]
    ]
    assert len(restricted_urls) == 2
    listed = client.get(f"/api/v1/meetings/{scene.meeting.pk}/").content.decode()
    for url in restricted_urls:
        assert (url in listed) is (reader in INSIDERS)
        assert client.get(url).status_code == (200 if reader in INSIDERS else 404)


def test_an_unpublished_agenda_is_null_for_everyone(client_for, scene):
    for reader in READERS:
        meeting = client_for(reader).get(f"/api/v1/meetings/{scene.unpublished.pk}/").json()
        assert meeting["agenda"] is None
        assert meeting["links"]["pack"] is None


def test_a_member_whose_term_has_ended_no_longer_sees_restricted_items(client_for, scene):
    membership = scene.users["member"].person.memberships.get()
    membership.end_date = membership.start_date
    membership.save()
    seen = everything(client_for("member"), scene)
    assert not any(secret in seen for secret in SECRETS)


@pytest.mark.parametrize("reader", READERS)
def test_email_addresses_reach_only_the_business_unit(client_for, scene, reader):
    client = client_for(reader)
    people = client.get("/api/v1/people/?page_size=100").json()["results"]
    presenter = next(p for p in people if p["id"] == scene.presenter.pk)
    assert presenter["name"] == scene.presenter.name and presenter["honorific"] == "Dr"
    assert presenter["email"] == (PRESENTER_EMAIL if reader == "business_unit" else None)
    assert "phone" not in presenter
    popolo = client.get("/api/v1/popolo/people.json").content.decode()
    assert PRESENTER_EMAIL not in popolo


def test_people_who_sit_on_no_body_are_listed_only_for_the_business_unit(
    client_for, scene, business_unit_user
):
    """The business unit's own login is a person too, but sits on no body."""
    from tests.membership.factories import PersonFactory

    nobody = PersonFactory(given_name="Unlisted", family_name="Clerk")
    anonymous = client_for("anonymous")
    assert nobody.pk not in {p["id"] for p in anonymous.get("/api/v1/people/").json()["results"]}
    assert anonymous.get(f"/api/v1/people/{nobody.pk}/").status_code == 404
    assert "Unlisted" not in anonymous.get("/api/v1/popolo/people.json").content.decode()
    staff = client_for("business_unit")
    assert staff.get(f"/api/v1/people/{nobody.pk}/").json()["name"] == "Unlisted Clerk"


def test_responses_for_signed_in_readers_are_never_stored_by_shared_caches(client_for, scene):
    anonymous = client_for("anonymous").get("/api/v1/meetings/")
    member = client_for("member").get("/api/v1/meetings/")
    for response in (anonymous, member):
        assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert member["Cache-Control"] == "private, no-store"


def test_the_api_refuses_writes(client_for, scene):
    client = client_for("business_unit")
    assert client.post("/api/v1/meetings/", {}).status_code == 405
    assert client.delete(f"/api/v1/meetings/{scene.meeting.pk}/").status_code == 405
