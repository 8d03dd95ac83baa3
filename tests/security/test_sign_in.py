"""Signing in: lockout after repeated failures, sessions that end when left idle, and the
second factor the business unit and superusers give after their password."""

from __future__ import annotations

import datetime
import importlib
import io
import time
import uuid

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from membership import signed_in as kept_users
from tests.conftest import redis_url
from tests.groups import business_unit_group
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def production_sign_in(settings):
    """The sign-in settings of config.settings.base, which the test settings relax."""
    base = importlib.import_module("config.settings.base")
    settings.AXES_ENABLED = True
    settings.SESSION_COOKIE_AGE = base.SESSION_COOKIE_AGE


@pytest.fixture
def manager(db):
    user = UserFactory(username="manager")
    user.groups.add(business_unit_group())
    return user


@pytest.fixture
def require_2fa(settings):
    settings.TABLED_REQUIRE_2FA = True


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the user's authenticator app shows now (or at `at`)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = at if at is not None else timezone.now().timestamp()
    return f"{clock.token():0{device.digits}d}"


# ---------------------------------------------------------------------------
# Lockout
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Idle sessions
# ---------------------------------------------------------------------------
def test_sessions_end_after_30_idle_minutes_everywhere_but_the_tests():
    base = importlib.import_module("config.settings.base")
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert "membership.security.IdleSessionMiddleware" in base.MIDDLEWARE
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
# Two-factor sign-in
# ---------------------------------------------------------------------------
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
    assert response["Location"] == "/"


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
