"""Signing out is POST only, on the site and in the Wagtail admin: a link, an image or a
prefetch (a GET, HEAD or OPTIONS request another site can make the browser send) must not
sign anyone out."""

from __future__ import annotations

import json
import re

import pytest

from django.conf import settings as django_settings
from django.test import Client

from tests.security.sign_in_steps import SITE_LOGIN, sign_in, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_sign_in")]

LOGOUT_ROUTES = ["/accounts/logout/", "/admin/logout/"]


def still_signed_in(client) -> bool:
    """Signed in as the browser would be: the session cookie kept, and the session valid."""
    cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    return bool(cookie and cookie.value) and client.get("/admin/").status_code == 200


@pytest.mark.parametrize("url", LOGOUT_ROUTES)
@pytest.mark.parametrize("method", ["get", "head", "options", "put", "delete"])
def test_only_a_post_signs_out(client, manager, url, method):
    sign_in(client, SITE_LOGIN, "manager", "demo")
    assert still_signed_in(client)

    response = getattr(client, method)(url)

    assert still_signed_in(client)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "successfully logged out" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("url", LOGOUT_ROUTES)
def test_a_post_signs_out(client, manager, url):
    sign_in(client, SITE_LOGIN, "manager", "demo")
    response = client.post(url)
    assert response.status_code == 302
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_admins_own_log_out_button_posts_and_signs_out(manager):
    browser = Client(enforce_csrf_checks=True)
    browser.get(SITE_LOGIN)
    token = browser.cookies[django_settings.CSRF_COOKIE_NAME].value
    browser.post(
        SITE_LOGIN, {"username": "manager", "password": "demo", "csrfmiddlewaretoken": token}
    )
    page = browser.get("/admin/").content.decode()

    props = json.loads(
        re.search(r'<script[^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)[1]
    )
    log_out = next(
        item["_args"][0]
        for item in _telepath_items(props)
        if item.get("_type") == "wagtail.sidebar.ActionMenuItem"
        and item["_args"][0]["name"] == "logout"
    )
    assert (log_out["action"], log_out["method"]) == ("/admin/logout/", "POST")

    forged = browser.post("/admin/logout/")
    assert forged.status_code == 403
    assert still_signed_in(browser)

    token = browser.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = browser.post("/admin/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    assert not signed_in(browser)
    assert "successfully logged out" in browser.get("/admin/login/").content.decode()


def _telepath_items(value):
    """Every object in the sidebar's telepath-packed props, however deep."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _telepath_items(child)
    elif isinstance(value, list):
        for child in value:
            yield from _telepath_items(child)
