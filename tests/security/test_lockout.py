"""Sign-in lockout after repeated wrong passwords (django-axes), by username and the address
they come from; the slow-down for an address that tries many usernames; and lifting a pause."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
import time_machine

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.membership.factories import UserFactory
from tests.security.sign_in_steps import ADMIN_LOGIN, SITE_LOGIN, START, sign_in, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_sign_in")]

HOME = "203.0.113.5"
OFFICE = "198.51.100.7"
PROXY = "10.0.0.1"


@pytest.mark.parametrize("login_url", [SITE_LOGIN, ADMIN_LOGIN])
def test_five_wrong_passwords_pause_sign_in_even_with_the_right_one(client, manager, login_url):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, login_url, "manager", "wrong")
        assert response.status_code == 200
    locked = sign_in(client, login_url, "manager", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Signing in is paused for this account" in page
    assert "30 minutes" in page
    assert "business unit" in page
    assert locked["Cache-Control"] == "private, no-store"

    again = sign_in(client, login_url, "manager", "demo")
    assert again.status_code == 429
    assert not signed_in(client)


def test_failures_on_the_site_and_the_admin_login_count_together(client, manager):
    for _ in range(3):
        sign_in(client, SITE_LOGIN, "manager", "wrong")
    for _ in range(2):
        sign_in(client, ADMIN_LOGIN, "manager", "wrong")
    assert sign_in(client, ADMIN_LOGIN, "manager", "demo").status_code == 429
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429


def test_lockout_is_by_username_so_other_people_at_the_address_still_sign_in(client, manager):
    UserFactory(username="chair")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, "manager", "wrong")
    response = sign_in(client, SITE_LOGIN, "chair", "demo")
    assert response.status_code == 302
    assert signed_in(client)


def test_the_pause_lifts_30_minutes_after_the_last_attempt(client, manager):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(django_settings.AXES_FAILURE_LIMIT):
            sign_in(client, SITE_LOGIN, "manager", "wrong")
        clock.shift(datetime.timedelta(minutes=29))
        # Refused, and the 30 minutes start again from this attempt.
        assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429
        clock.shift(datetime.timedelta(minutes=29))
        assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429
        clock.shift(datetime.timedelta(minutes=31))
        assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 302
        assert signed_in(client)


def test_the_business_unit_lifts_a_lockout_with_a_command(client, manager):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, "manager", "wrong")
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 429

    call_command("axes_reset_username", "manager", stdout=io.StringIO())

    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 302
    assert signed_in(client)


def test_a_successful_sign_in_clears_earlier_failures(client, manager):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, SITE_LOGIN, "manager", "wrong")
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, SITE_LOGIN, "manager", "wrong")
    assert sign_in(client, SITE_LOGIN, "manager", "demo").status_code == 302


def test_the_business_unit_lifts_a_pause_in_the_admin(client, manager):
    UserFactory(username="chair")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, "chair", "wrong")
    assert sign_in(client, SITE_LOGIN, "chair", "demo").status_code == 429

    admin = type(client)()
    admin.force_login(manager)
    page = admin.get("/admin/sign-in-pauses/")
    assert page.status_code == 200
    assert "chair" in page.content.decode()
    lifted = admin.post("/admin/sign-in-pauses/", {"username": "chair"}, follow=True)
    assert "chair can sign in again" in lifted.content.decode()
    assert "No sign-in is paused" in lifted.content.decode()

    assert sign_in(client, SITE_LOGIN, "chair", "demo").status_code == 302


def test_only_the_business_unit_sees_paused_sign_ins(client):
    editor = UserFactory(username="editor")
    # Wagtail's own Editors group may use the admin, but is not the business unit.
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/sign-in-pauses/")
    assert response.status_code in (302, 403)
    assert b"Paused sign-ins" not in client.get("/admin/").content


# ---------------------------------------------------------------------------
# By username and address: one attacker cannot lock a user out everywhere
# ---------------------------------------------------------------------------
def lock_out(client, username: str, **headers) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, username, "wrong", **headers)
    assert sign_in(client, SITE_LOGIN, username, "demo", **headers).status_code == 429


def test_failures_from_one_address_do_not_stop_the_user_signing_in_from_another(client, manager):
    lock_out(client, "manager", REMOTE_ADDR=HOME)

    elsewhere = type(client)()
    response = sign_in(elsewhere, SITE_LOGIN, "manager", "demo", REMOTE_ADDR=OFFICE)
    assert response.status_code == 302
    assert signed_in(elsewhere)
    # Still paused where the failures came from.
    assert sign_in(client, SITE_LOGIN, "manager", "demo", REMOTE_ADDR=HOME).status_code == 429


def test_changing_the_browser_does_not_get_round_a_pause(client, manager):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, SITE_LOGIN, "manager", "wrong", HTTP_USER_AGENT=f"Browser/{attempt}")
    assert (
        sign_in(client, SITE_LOGIN, "manager", "demo", HTTP_USER_AGENT="Fresh/1").status_code == 429
    )


def test_trusted_proxies_default_to_none_and_come_from_the_environment(monkeypatch):
    # The sign-in settings are read from the environment in their own part of the settings.
    base = importlib.import_module("config.settings._security")
    monkeypatch.delenv("TABLED_TRUSTED_PROXIES", raising=False)
    assert importlib.reload(base).TABLED_TRUSTED_PROXIES == 0
    monkeypatch.setenv("TABLED_TRUSTED_PROXIES", "2")
    assert importlib.reload(base).TABLED_TRUSTED_PROXIES == 2
    monkeypatch.delenv("TABLED_TRUSTED_PROXIES")
    importlib.reload(base)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, manager, settings):
    settings.TABLED_TRUSTED_PROXIES = 0
    lock_out(client, "manager", REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=OFFICE)

    # Claiming another address in the header does not get round the pause…
    for claimed in ("192.0.2.1", "192.0.2.2", f"{OFFICE}, 192.0.2.3"):
        response = sign_in(
            client, SITE_LOGIN, "manager", "demo", REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=claimed
        )
        assert response.status_code == 429, claimed
    # …and the address named in it was never the one paused.
    office = type(client)()
    assert sign_in(office, SITE_LOGIN, "manager", "demo", REMOTE_ADDR=OFFICE).status_code == 302


def test_behind_one_proxy_the_address_it_forwards_is_the_clients(client, manager, settings):
    settings.TABLED_TRUSTED_PROXIES = 1
    lock_out(client, "manager", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)

    # The proxy appends the address it saw; whatever the client wrote before that is not read.
    for forwarded in (HOME, f"{OFFICE}, {HOME}", f"192.0.2.9, {OFFICE}, {HOME}"):
        response = sign_in(
            client, SITE_LOGIN, "manager", "demo", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        )
        assert response.status_code == 429, forwarded
    office = type(client)()
    response = sign_in(
        office, SITE_LOGIN, "manager", "demo", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert response.status_code == 302
    assert signed_in(office)


def test_behind_two_proxies_the_second_address_from_the_right_is_the_clients(
    client, manager, settings
):
    settings.TABLED_TRUSTED_PROXIES = 2
    outer_proxy = "10.0.0.9"
    lock_out(
        client,
        "manager",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{OFFICE}, {HOME}, {outer_proxy}",
    )
    office = type(client)()
    response = sign_in(
        office,
        SITE_LOGIN,
        "manager",
        "demo",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{OFFICE}, {outer_proxy}",
    )
    assert response.status_code == 302


# ---------------------------------------------------------------------------
# One address trying many usernames is slowed, not locked out
# ---------------------------------------------------------------------------
def test_spraying_many_usernames_from_one_address_is_slowed(client, settings):
    UserFactory(username="chair")
    settings.TABLED_SIGN_IN_SLOW_AFTER = slow_after = 10
    with time_machine.travel(START, tick=False) as clock:
        for number in range(slow_after):
            response = sign_in(
                client, SITE_LOGIN, f"guess{number}", "Spring2026!", REMOTE_ADDR=HOME
            )
            assert response.status_code == 200

        # Even the right password waits: nothing is tried until the interval has passed.
        slowed = sign_in(client, SITE_LOGIN, "chair", "demo", REMOTE_ADDR=HOME)
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "1"
        page = slowed.content.decode()
        assert "Too many unsuccessful sign-ins have come from your network" in page
        assert "Try again in 1 second" in page
        assert not signed_in(client)
        assert sign_in(client, ADMIN_LOGIN, "chair", "demo", REMOTE_ADDR=HOME).status_code == 429

        # Another address is not held up.
        elsewhere = type(client)()
        assert (
            sign_in(elsewhere, SITE_LOGIN, "chair", "demo", REMOTE_ADDR=OFFICE).status_code == 302
        )

        # Each further failure doubles the wait.
        clock.shift(datetime.timedelta(seconds=1))
        assert sign_in(client, SITE_LOGIN, "guess-next", "x", REMOTE_ADDR=HOME).status_code == 200
        slowed = sign_in(client, SITE_LOGIN, "chair", "demo", REMOTE_ADDR=HOME)
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "2"
        assert "Try again in 2 seconds" in slowed.content.decode()

        clock.shift(datetime.timedelta(seconds=2))
        assert sign_in(client, SITE_LOGIN, "chair", "demo", REMOTE_ADDR=HOME).status_code == 302
        assert signed_in(client)


def test_the_slow_down_grows_to_its_limit_and_ends_with_the_cool_off(client, settings):
    UserFactory(username="chair")
    settings.TABLED_SIGN_IN_SLOW_AFTER = 10
    settings.TABLED_SIGN_IN_SLOW_MAX_SECONDS = 60
    with time_machine.travel(START, tick=False) as clock:
        for number in range(20):
            clock.shift(datetime.timedelta(seconds=60))
            response = sign_in(client, SITE_LOGIN, f"guess{number}", "x", REMOTE_ADDR=HOME)
            assert response.status_code == 200
        slowed = sign_in(client, SITE_LOGIN, "chair", "demo", REMOTE_ADDR=HOME)
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "60"
        assert "Try again in 1 minute" in slowed.content.decode()

        clock.shift(django_settings.AXES_COOLOFF_TIME)
        assert sign_in(client, SITE_LOGIN, "chair", "demo", REMOTE_ADDR=HOME).status_code == 302
