"""Signing in: sessions that end when left idle, and the signed-in user read afresh on
every request. Lockout and the second factor
have their own files: test_lockout.py and test_two_factor.py."""

from __future__ import annotations

import datetime
import importlib
import time
import uuid

import pytest
import time_machine

from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.conftest import redis_url
from tests.groups import business_unit_group
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.security.sign_in_steps import SITE_LOGIN, START, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_sign_in")]


# ---------------------------------------------------------------------------
# Idle sessions
# ---------------------------------------------------------------------------
def test_sessions_end_after_30_idle_minutes_everywhere_but_the_tests():
    base = importlib.import_module("config.settings.base")
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert "core.security.IdleSessionMiddleware" in base.MIDDLEWARE
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.fixture(params=["db", "cached_db"])
def session_engine(request):
    """Sessions as the tests keep them (the database) and as production keeps them with
    Redis (read from the cache, written through to the database)."""
    if request.param == "db":
        yield request.param
        return
    caches = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": f"tabled-test-{uuid.uuid4().hex[:12]}",
        }
    }
    with override_settings(
        CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        yield request.param
        cache.clear()


@pytest.mark.parametrize("session_engine", ["cached_db"], indirect=True)
def test_a_session_kept_in_redis_ends_when_left_idle_for_its_age(client, session_engine):
    """Redis forgets the session when its age passes with no write, in real time (the clock
    the other idle tests move does not reach Redis), so the age is a second here."""
    UserFactory(username="member")
    with override_settings(SESSION_COOKIE_AGE=1):
        sign_in(client, SITE_LOGIN, "member", "demo")
        time.sleep(2)
        response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


@pytest.mark.parametrize("session_engine", ["cached_db"], indirect=True)
def test_a_signed_in_page_reads_its_session_from_redis_not_the_database(client, session_engine):
    UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/my/").status_code == 200
    assert not [query for query in captured if "django_session" in query["sql"]]
    client.post("/accounts/logout/")
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def test_a_session_is_written_at_most_once_a_minute_while_it_is_used(client, session_engine):
    from django.contrib.sessions.models import Session

    UserFactory(username="member")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, SITE_LOGIN, "member", "demo")
        key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        expiry = Session.objects.get(session_key=key).expire_date
        clock.shift(datetime.timedelta(seconds=30))
        assert client.get("/my/").status_code == 200
        assert Session.objects.get(session_key=key).expire_date == expiry
        clock.shift(datetime.timedelta(seconds=31))
        assert client.get("/my/").status_code == 200
        assert Session.objects.get(session_key=key).expire_date == expiry + datetime.timedelta(
            seconds=61
        )


def test_a_session_left_idle_for_30_minutes_ends(client):
    UserFactory(username="member")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, SITE_LOGIN, "member", "demo")
        assert client.get("/my/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def test_each_request_keeps_a_session_alive_for_another_30_minutes(client):
    UserFactory(username="member")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, SITE_LOGIN, "member", "demo")
        for _ in range(4):
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get("/my/").status_code == 200


def test_the_session_cookie_goes_when_the_browser_closes(client):
    UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["httponly"]


# ---------------------------------------------------------------------------
# Who the session's user is, read afresh on every request
# ---------------------------------------------------------------------------
def test_a_login_unlinked_from_its_member_shows_so_on_the_next_request(client):
    user = UserFactory(username="member")
    person = PersonFactory(user=user, given_name="Ruth", family_name="Okafor")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert "Ruth Okafor" in client.get("/my/").content.decode()
    person.user = None
    person.save()
    page = client.get("/my/").content.decode()
    assert "Ruth Okafor" not in page and "Your login is not linked to a member" in page


def test_a_login_made_inactive_is_signed_out_on_the_next_request(client):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert client.get("/my/").status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def test_a_session_whose_user_is_gone_signs_in_no_one(client):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    session = client.session
    session["_auth_user_id"] = str(user.pk + 1000)
    session["_auth_user_backend"] = "membership.backends.PersonModelBackend"
    session.save()
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def assert_signed_out(client) -> None:
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def test_a_change_to_the_person_shows_on_the_next_request(client):
    user = UserFactory(username="member")
    person = PersonFactory(user=user, given_name="Ruth", family_name="Okafor")
    MembershipFactory(person=person)
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert "Ruth Okafor" in client.get("/my/").content.decode()
    BodyFactory(name="Learning and Development Subgroup")
    assert "Ruth Okafor" in client.get("/my/").content.decode()

    person.family_name = "Okafor-Hale"
    person.save()
    assert "Ruth Okafor-Hale" in client.get("/my/").content.decode()


def test_joining_and_leaving_the_business_unit_count_from_the_next_request(client):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert ">Admin</a>" not in client.get("/my/").content.decode()

    user.groups.add(business_unit_group())
    assert ">Admin</a>" in client.get("/my/").content.decode()
    business_unit_group().user_set.remove(user)
    assert ">Admin</a>" not in client.get("/my/").content.decode()
    business_unit_group().user_set.add(user)
    assert ">Admin</a>" in client.get("/my/").content.decode()
    business_unit_group().user_set.clear()
    assert ">Admin</a>" not in client.get("/my/").content.decode()


def test_raw_writes_to_a_user_and_their_groups_count_from_the_next_request(client):
    """Writes that send no signal (QuerySet.update(), rows deleted through the groups'
    table) are seen at once: nothing about the user outlives a request."""
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    User.groups.through.objects.create(user=user, group=business_unit_group())
    assert ">Admin</a>" in client.get("/my/").content.decode()
    User.groups.through.objects.filter(user=user).delete()
    assert ">Admin</a>" not in client.get("/my/").content.decode()

    User.objects.filter(pk=user.pk).update(is_active=False)
    assert_signed_out(client)


def test_a_password_changed_elsewhere_signs_the_session_out_on_the_next_request(client):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert client.get("/my/").status_code == 200
    assert client.get("/my/").status_code == 200

    user.set_password("a-new-long-passphrase")
    user.save()
    assert_signed_out(client)


def test_a_login_made_inactive_with_the_admins_bulk_action_is_signed_out_on_the_next_request(
    client,
):
    """Wagtail's bulk action writes with QuerySet.update(), which sends no signal."""
    member = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert client.get("/my/").status_code == 200
    assert client.get("/my/").status_code == 200

    admin = Client()
    admin.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    response = admin.post(
        f"/admin/bulk/auth/user/set_active_state/?id={member.pk}",
        {"mark_as_active": "False"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert_signed_out(client)
