"""Scripts send `Authorization: Token <key>` with a key the business unit issues in the admin
(Settings → API tokens, Wagtail's APIToken); a bad, revoked or disabled key is a 401."""

import re

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import APIToken

from tests.api.conftest import INSIDERS, READERS, RESTRICTED_ITEM, SECRETS

pytestmark = pytest.mark.django_db


def key_for(user, name="Test script") -> str:
    return APIToken.create_token(user=user, name=name)[1]


def with_key(key: str, keyword: str = "Token") -> dict:
    return {"HTTP_AUTHORIZATION": f"{keyword} {key}"}


@pytest.mark.parametrize("reader", [r for r in READERS if r != "anonymous"])
def test_a_key_reads_as_its_user(client, scene, reader):
    key = key_for(scene.users[reader])
    response = client.get(f"/api/v1/meetings/{scene.meeting.pk}/", **with_key(key))
    assert response.status_code == 200
    text = response.content.decode()
    for secret in SECRETS:
        assert (secret in text) is (reader in INSIDERS), secret
    events = client.get("/api/v1/popolo/events.json", **with_key(key)).content.decode()
    assert (RESTRICTED_ITEM in events) is (reader in INSIDERS)


def test_bearer_works_as_well_as_token(client, scene):
    key = key_for(scene.users["member"])
    response = client.get(f"/api/v1/meetings/{scene.meeting.pk}/", **with_key(key, "Bearer"))
    assert RESTRICTED_ITEM in response.content.decode()


def test_using_a_key_records_when_it_was_last_used(client, scene):
    token, key = APIToken.create_token(user=scene.users["member"], name="Website export")
    assert token.last_used_at is None
    client.get("/api/v1/meetings/", **with_key(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def _bad_keys(scene) -> dict[str, str]:
    good = key_for(scene.users["member"], name="good")
    revoked_token, revoked = APIToken.create_token(user=scene.users["chair"], name="old")
    revoked_token.revoke()
    disabled = key_for(scene.users["other_body_member"], name="leaver")
    scene.users["other_body_member"].is_active = False
    scene.users["other_body_member"].save()
    return {
        "unknown": APIToken.generate_token(),
        "typo": good[:-1] + ("A" if good[-1] != "A" else "B"),
        "not a wagtail key": "0123456789abcdef0123456789abcdef01234567",
        "revoked": revoked,
        "inactive user": disabled,
        "two words": f"{good} extra",
        "missing": "",
    }


@pytest.mark.parametrize(
    "case",
    ["unknown", "typo", "not a wagtail key", "revoked", "inactive user", "two words", "missing"],
)
def test_a_bad_key_is_401_and_shows_nothing(client, scene, case):
    key = _bad_keys(scene)[case]
    for url in (f"/api/v1/meetings/{scene.meeting.pk}/", "/api/v1/bodies/", "/api/v1/"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}".strip())
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
        assert "detail" in response.json()
        assert RESTRICTED_ITEM not in response.content.decode()


def test_a_bad_key_is_refused_even_with_a_signed_in_session(client_for, scene):
    """A script's key must work on its own: a member's browser session does not rescue it."""
    client = client_for("member")
    response = client.get("/api/v1/meetings/", **with_key(APIToken.generate_token()))
    assert response.status_code == 401


def test_other_authorization_schemes_are_ignored(client, scene):
    response = client.get("/api/v1/meetings/", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 200
    assert RESTRICTED_ITEM not in response.content.decode()


def test_the_business_unit_issues_a_key_in_the_admin_and_sees_it_once(client_for, scene):
    client = client_for("business_unit")
    add_url = reverse("wagtailusers_api_tokens:add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url, {"name": "Partnership website export", "user": scene.users["business_unit"].pk}
    )
    assert response.status_code == 200
    key = re.search(r'id="api-token-value"\s+value="([^"]+)"', response.content.decode()).group(1)
    token = APIToken.objects.get(name="Partnership website export")
    assert key not in (token.key_hash, token.prefix) and key.startswith(token.prefix)
    api = Client().get(f"/api/v1/meetings/{scene.meeting.pk}/", **with_key(key))
    assert RESTRICTED_ITEM in api.content.decode()
    # Revoking (Wagtail keeps the row, marked revoked) stops the key at once.
    revoke_url = reverse("wagtailusers_api_tokens:delete", args=[token.pk])
    assert client.post(revoke_url).status_code == 302
    assert Client().get("/api/v1/meetings/", **with_key(key)).status_code == 401


def test_members_cannot_issue_keys(client_for, scene):
    response = client_for("member").get(reverse("wagtailusers_api_tokens:add"))
    assert response.status_code in (302, 403)
