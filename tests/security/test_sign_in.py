"""Signing in: sessions that end when left idle, and the signed-in user read afresh (or
kept, until something about them changes) on every request. Lockout and the second factor
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
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from membership import signed_in as kept_users
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


# ---------------------------------------------------------------------------
# The session's user kept between requests (membership.signed_in)
# ---------------------------------------------------------------------------
@pytest.fixture(params=["locmem", "redis"])
def kept_in(request):
    """The page cache as the suite keeps it (in the process) and as production does."""
    if request.param == "redis":
        yield request.getfixturevalue("redis_pages")
    else:
        from membership import page_cache

        yield page_cache.backend()


def reads_of_the_user(client, url="/my/") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        query["sql"]
        for query in captured
        if "auth_user" in query["sql"] or "SELECT body_id, role FROM" in query["sql"]
    ]


def assert_signed_out(client) -> None:
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)


def kept_user_of(client):
    """The user membership.signed_in would restore for the client's session, or None."""
    client.get("/my/")
    request = RequestFactory().get("/my/")
    request.session = client.session
    return kept_users._kept_user(request)


def test_the_user_is_read_from_the_database_once_until_something_about_them_changes(
    client, kept_in
):
    user = UserFactory(username="member")
    person = PersonFactory(user=user, given_name="Ruth", family_name="Okafor")
    MembershipFactory(person=person)
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert reads_of_the_user(client), "the first request reads the user and their seats"
    assert reads_of_the_user(client) == []
    assert "Ruth Okafor" in client.get("/my/").content.decode()
    BodyFactory(name="Learning and Development Subgroup")
    assert reads_of_the_user(client) == [], "an edit to anything but people leaves the user"

    person.family_name = "Okafor-Hale"
    person.save()
    assert reads_of_the_user(client)
    assert "Ruth Okafor-Hale" in client.get("/my/").content.decode()
    assert reads_of_the_user(client) == []


def test_joining_and_leaving_the_business_unit_count_from_the_next_request(client, kept_in):
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


def test_a_password_changed_elsewhere_signs_the_session_out_on_the_next_request(client, kept_in):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    assert client.get("/my/").status_code == 200
    assert client.get("/my/").status_code == 200

    user.set_password("a-new-long-passphrase")
    user.save()
    assert_signed_out(client)


def test_what_is_kept_of_the_user_holds_no_password_and_saving_them_keeps_it(client, kept_in):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    kept = kept_user_of(client)
    entry = kept_in.get(kept_users.ENTRY_KEY.format(user.pk))
    assert entry is not None
    assert "password" not in entry["user"]
    assert user.password not in repr(entry)
    assert kept is not None and kept.pk == user.pk
    kept.first_name = "Ruth"
    kept.save()
    user.refresh_from_db()
    assert user.first_name == "Ruth" and user.check_password("demo")
    assert client.get("/my/").status_code == 200, "still signed in"


def test_a_change_made_while_the_user_is_being_read_is_not_hidden_by_what_was_kept(
    client, kept_in, monkeypatch
):
    """A login made inactive between the database read and the keeping: what was kept is
    filed under the stamp from before the change, which the change moved on."""
    from membership import access

    user = UserFactory(username="member")
    PersonFactory(user=user)
    sign_in(client, SITE_LOGIN, "member", "demo")
    original = access.current_seats

    def seats_then_made_inactive(reader, on):
        seats = original(reader, on)
        made_inactive = type(user).objects.get(pk=user.pk)
        made_inactive.is_active = False
        made_inactive.save()
        return seats

    monkeypatch.setattr(access, "current_seats", seats_then_made_inactive)
    assert client.get("/my/").status_code == 200
    monkeypatch.setattr(access, "current_seats", original)
    assert_signed_out(client)


def test_a_login_made_inactive_with_the_admins_bulk_action_is_signed_out_on_the_next_request(
    client, kept_in
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


def test_a_kept_user_saved_whole_never_writes_back_what_an_admin_has_since_changed(client, kept_in):
    user = UserFactory(username="member")
    sign_in(client, SITE_LOGIN, "member", "demo")
    kept = kept_user_of(client)
    assert kept is not None and kept.is_active

    User.objects.filter(pk=user.pk).update(is_active=False)  # as a write with no signal
    kept.first_name = "Ruth"
    kept.save()
    user.refresh_from_db()
    assert user.first_name == "Ruth"
    assert user.is_active is False
