"""The second factor the business unit and superusers give after their password
(django-otp TOTP): enrolling an authenticator app, and the code at each sign-in."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core.management import call_command
from django.utils import timezone

from tests.membership.factories import BodyFactory, UserFactory
from tests.security.sign_in_steps import (
    ADMIN_LOGIN,
    SITE_LOGIN,
    START,
    code_for,
    code_for_key,
    setup_key_on,
    sign_in,
    signed_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_sign_in")]

ENROL = "/accounts/two-factor/enrol/"


def test_two_factor_is_required_by_default_and_relaxed_only_in_the_demo(monkeypatch):
    monkeypatch.delenv("TABLED_REQUIRE_2FA", raising=False)
    base = importlib.import_module("config.settings.base")
    dev = importlib.import_module("config.settings.dev")
    assert importlib.reload(base).TABLED_REQUIRE_2FA is True
    assert importlib.reload(dev).TABLED_REQUIRE_2FA is False


def test_a_business_unit_user_enrols_an_authenticator_app_before_the_admin(
    client, manager, require_2fa
):
    sign_in(client, SITE_LOGIN, "manager", "demo")

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/enrol/?next=%2Fadmin%2F"

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "Set up two-factor sign-in" in html
    device = TOTPDevice.objects.get(user=manager)
    assert not device.confirmed
    assert " ".join([page.context["secret_groups"][0], page.context["secret_groups"][1]]) in html

    wrong = client.post(page.request["PATH_INFO"], {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "That code did not work" in wrong.content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        done = client.post(
            "/accounts/two-factor/enrol/", {"token": code_for(device), "next": "/admin/"}
        )
        assert done.status_code == 302
        assert done["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_an_enrolled_user_gives_a_code_after_the_password(client, manager, require_2fa):
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    sign_in(client, ADMIN_LOGIN, "manager", "demo")

    response = client.get("/admin/")
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fadmin%2F"
    key_before = client.session.session_key

    wrong = client.post("/accounts/two-factor/verify/", {"token": "12345a", "next": "/admin/"})
    assert "The code is six digits" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    right = client.post(
        "/accounts/two-factor/verify/", {"token": code_for(device), "next": "/admin/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A session that gains rights gets a new key.
    assert client.session.session_key != key_before


def test_a_code_cannot_be_used_twice(client, manager, require_2fa):
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    code = code_for(device)
    sign_in(client, SITE_LOGIN, "manager", "demo")
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 302

    other = type(client)()
    sign_in(other, SITE_LOGIN, "manager", "demo")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=3), tick=False):
        replay = other.post("/accounts/two-factor/verify/", {"token": code})
    assert replay.status_code == 200
    assert other.get("/admin/").status_code == 302


def test_wrong_codes_in_a_row_are_slowed_down(client, manager, require_2fa):
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    sign_in(client, SITE_LOGIN, "manager", "demo")
    with time_machine.travel(START, tick=False):
        client.post("/accounts/two-factor/verify/", {"token": "000000"})
        response = client.post(
            "/accounts/two-factor/verify/", {"token": code_for(device, at=START.timestamp())}
        )
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_unverified_business_unit_users_see_no_page_at_all(client, manager, require_2fa):
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    body = BodyFactory(slug="board")
    sign_in(client, SITE_LOGIN, "manager", "demo")
    for url in ("/", f"/bodies/{body.slug}/", "/meetings/", "/my/", "/decisions/", "/papers/1/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/two-factor/verify/"), url
    # Signing out still works.
    assert client.post("/accounts/logout/").status_code == 302
    assert not signed_in(client)


def test_a_superuser_gives_a_code_too(client, require_2fa):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    sign_in(client, ADMIN_LOGIN, "root", "demo")
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/enrol/")


def test_members_and_chairs_sign_in_with_a_password_alone(client, require_2fa):
    UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert client.get("/my/").status_code == 200


def test_the_password_alone_cannot_add_a_second_app(client, manager, require_2fa):
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    sign_in(client, SITE_LOGIN, "manager", "demo")
    response = client.get("/accounts/two-factor/enrol/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_verification_never_redirects_to_another_site(client, manager, require_2fa):
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    sign_in(client, SITE_LOGIN, "manager", "demo")
    response = client.post(
        "/accounts/two-factor/verify/", {"token": code_for(device), "next": "https://evil.example/"}
    )
    # Another site's address is ignored: the manager lands on their own page.
    assert response["Location"] == "/my/"


def test_without_the_setting_the_demo_logins_work_with_a_password(client, manager, settings):
    settings.TABLED_REQUIRE_2FA = False
    sign_in(client, SITE_LOGIN, "manager", "demo")
    assert client.get("/admin/").status_code == 200


def test_a_lost_phone_is_reset_with_a_command(client, manager, require_2fa):
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    out = io.StringIO()
    call_command("two_factor_reset", "manager", stdout=out)
    assert "Removed 1" in out.getvalue()
    sign_in(client, SITE_LOGIN, "manager", "demo")
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/enrol/")


# ---------------------------------------------------------------------------
# A key is shown to one enrolment alone
# ---------------------------------------------------------------------------
def enrolment_page(client):
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    return page


def test_each_session_that_enrols_is_shown_a_key_of_its_own(client, manager, require_2fa):
    intruder = type(client)()
    sign_in(intruder, SITE_LOGIN, "manager", "demo")
    sign_in(client, SITE_LOGIN, "manager", "demo")

    seen_by_intruder = setup_key_on(enrolment_page(intruder))
    seen_by_manager = setup_key_on(enrolment_page(client))

    assert seen_by_intruder != seen_by_manager
    assert seen_by_intruder not in enrolment_page(client).content.decode()


def test_loading_the_enrolment_page_again_shows_a_new_key_and_retires_the_old(
    client, manager, require_2fa
):
    sign_in(client, SITE_LOGIN, "manager", "demo")
    first = setup_key_on(enrolment_page(client))
    second = setup_key_on(enrolment_page(client))
    assert first != second
    assert TOTPDevice.objects.filter(user=manager, confirmed=False).count() == 1

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False) as clock:
        stale = client.post(ENROL, {"token": code_for_key(first), "next": "/admin/"})
        assert stale.status_code == 200
        assert "That code did not work" in stale.content.decode()
        # A wrong code makes the next wait a second (django-otp's throttling).
        clock.shift(datetime.timedelta(seconds=2))
        done = client.post(ENROL, {"token": code_for_key(second), "next": "/admin/"})
    assert done.status_code == 302
    assert done["Location"] == "/admin/"


def test_a_code_sent_without_a_key_shown_to_this_session_confirms_nothing(
    client, manager, require_2fa
):
    intruder = type(client)()
    sign_in(intruder, SITE_LOGIN, "manager", "demo")
    seen_by_intruder = setup_key_on(enrolment_page(intruder))
    sign_in(client, SITE_LOGIN, "manager", "demo")

    response = client.post(ENROL, {"token": code_for_key(seen_by_intruder), "next": "/admin/"})

    assert response.status_code == 200
    assert "That setup key is no longer in use" in response.content.decode()
    assert setup_key_on(response) != seen_by_intruder
    assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()


def test_a_key_seen_by_whoever_had_the_password_first_never_becomes_the_second_factor(
    client, manager, require_2fa
):
    intruder = type(client)()
    sign_in(intruder, SITE_LOGIN, "manager", "demo")
    seen_by_intruder = setup_key_on(enrolment_page(intruder))

    sign_in(client, SITE_LOGIN, "manager", "demo")
    manager_key = setup_key_on(enrolment_page(client))
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        done = client.post(ENROL, {"token": code_for_key(manager_key), "next": "/admin/"})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200

    # Only the manager's app remains: the key shown to the other session was removed.
    assert TOTPDevice.objects.filter(user=manager).count() == 1
    assert TOTPDevice.objects.get(user=manager).confirmed

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=35), tick=False):
        late = intruder.post(ENROL, {"token": code_for_key(seen_by_intruder), "next": "/admin/"})
        assert late.status_code == 302
        assert late["Location"].startswith("/accounts/two-factor/verify/")
        refused = intruder.post(
            "/accounts/two-factor/verify/", {"token": code_for_key(seen_by_intruder)}
        )
    assert refused.status_code == 200
    assert "That code did not work" in refused.content.decode()
    assert intruder.get("/admin/").status_code == 302


def test_an_enrolled_user_signing_in_with_a_password_is_asked_for_a_code_never_shown_a_key(
    client, manager, require_2fa
):
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    sign_in(client, SITE_LOGIN, "manager", "demo")

    for url in ("/admin/", ENROL, f"{ENROL}?next=/admin/"):
        page = client.get(url, follow=True)
        html = page.content.decode()
        assert page.redirect_chain[-1][0].startswith("/accounts/two-factor/verify/"), url
        assert "Enter the code from your authenticator app" in html
        assert "<svg" not in html and "setup key" not in html
    assert client.post(ENROL, {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=manager).count() == 1
