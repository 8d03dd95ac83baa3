"""A paused user lifts the pause themselves with a link emailed to them: signed, for one
use, and short-lived. Asking for one never tells anyone whether an account exists."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from django.conf import settings as django_settings
from django.core import mail

from tests.membership.factories import PersonFactory, UserFactory
from tests.security.sign_in_steps import SITE_LOGIN, START, sign_in, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_sign_in")]

UNLOCK = "/accounts/unlock/"


def lock_out(client, username: str, **headers) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, username, "wrong", **headers)
    assert sign_in(client, SITE_LOGIN, username, "demo", **headers).status_code == 429


def link_in(message) -> str:
    """The unlock link's path, from the plain-text email."""
    url = re.search(r"https?://\S+/accounts/unlock/\S+/", message.body)[0]
    assert url.startswith(django_settings.BASE_URL)
    return url.removeprefix(django_settings.BASE_URL)


def ask_for_link(client, username: str):
    return client.post(UNLOCK, {"username": username})


def test_the_lockout_page_offers_a_link_by_email(client, manager):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, SITE_LOGIN, "manager", "wrong")
    page = sign_in(client, SITE_LOGIN, "manager", "wrong").content.decode()
    assert f'action="{UNLOCK}"' in page
    assert 'name="username" value="manager"' in page
    assert "Email me a link" in page


def test_a_paused_user_lifts_the_pause_once_with_the_link_emailed_to_them(client, manager):
    lock_out(client, "manager")

    asked = ask_for_link(client, "manager")
    assert asked.status_code == 200
    assert "If signing in is paused for that username" in asked.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["manager@example.org"]
    assert "Signing in" in message.subject
    link = link_in(message)

    # Opening the link changes nothing (a mail scanner may open it); the button does.
    page = client.get(link)
    assert page.status_code == 200
    assert "Let me sign in again" in page.content.decode()
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429

    lifted = client.post(link, follow=True)
    assert lifted.redirect_chain[-1][0] == SITE_LOGIN
    assert "You can sign in again" in lifted.content.decode()
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 302
    assert signed_in(client)

    # Once used, the link does nothing more, even after another pause.
    client.post("/accounts/logout/")
    lock_out(client, "manager")
    again = client.post(link)
    assert again.status_code == 400
    assert "This link no longer works" in again.content.decode()
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429


def test_the_link_goes_to_the_person_when_the_login_has_no_address(client):
    user = UserFactory(username="chair", email="")
    PersonFactory(user=user, email="chair@agency.example")
    lock_out(client, "chair")
    ask_for_link(client, "chair")
    assert [message.to for message in mail.outbox] == [["chair@agency.example"]]


def test_asking_for_a_link_says_the_same_whether_or_not_the_account_exists(client, manager):
    UserFactory(username="chair")
    lock_out(client, "manager")

    answers = {
        username: ask_for_link(client, username)
        for username in ("manager", "chair", "nobody-by-this-name")
    }

    assert {response.status_code for response in answers.values()} == {200}
    assert len({response.content for response in answers.values()}) == 1
    # Only the paused account with an address is written to.
    assert [message.to for message in mail.outbox] == [["manager@example.org"]]


def test_an_unlock_link_expires(client, manager, settings):
    with time_machine.travel(START, tick=False) as clock:
        lock_out(client, "manager")
        ask_for_link(client, "manager")
        link = link_in(mail.outbox[0])
        # The pause goes on meanwhile, as it would for someone still guessing.
        for minutes in (29, 29, settings.TABLED_UNLOCK_LINK_MINUTES + 1 - 58):
            clock.shift(datetime.timedelta(minutes=minutes))
            assert sign_in(client, SITE_LOGIN, "manager", "wrong").status_code == 429

        expired = client.post(link)
        assert expired.status_code == 400
        assert "This link no longer works" in expired.content.decode()
        assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429


def test_a_tampered_unlock_link_is_refused(client, manager):
    UserFactory(username="chair")
    lock_out(client, "manager")
    lock_out(client, "chair", REMOTE_ADDR="203.0.113.5")
    ask_for_link(client, "manager")
    link = link_in(mail.outbox[0])
    token = link.removeprefix(UNLOCK).strip("/")

    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for forged in (flipped, token.replace(token[:4], token[:4][::-1], 1), "not-a-token"):
        response = client.post(f"{UNLOCK}{forged}/")
        assert response.status_code == 400, forged
        assert "This link no longer works" in response.content.decode()
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429
    assert (
        sign_in(client, SITE_LOGIN, "chair", "demo", REMOTE_ADDR="203.0.113.5").status_code == 429
    )
