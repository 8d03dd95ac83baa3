"""Sign-in lockout after repeated wrong passwords (django-axes), and lifting it."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.membership.factories import UserFactory
from tests.security.sign_in_steps import ADMIN_LOGIN, SITE_LOGIN, START, sign_in, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_sign_in")]


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


def test_lockout_is_by_username_so_other_people_still_sign_in(client, manager):
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
