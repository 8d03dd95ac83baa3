"""Headers every response carries: a Content Security Policy (wider on the Wagtail admin
only), and, for anyone signed in, nothing a shared cache may keep."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from core.security import ContentSecurityPolicyMiddleware, PrivateCacheMiddleware
from tests.governance.factories import decision
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory, PersonFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = set(sources)
    return parsed


# ---------------------------------------------------------------------------
# Content Security Policy
# ---------------------------------------------------------------------------
SITE_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
ADMIN_POLICY = {
    **SITE_POLICY,
    "script-src": {"'self'", "'unsafe-inline'"},
    "style-src": {"'self'", "'unsafe-inline'"},
    "img-src": {"'self'", "blob:"},
    "frame-ancestors": {"'self'"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/bodies/", "/meetings/", "/decisions/", "/accounts/login/"])
def test_public_pages_allow_no_inline_script_and_nothing_from_elsewhere(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == SITE_POLICY


@pytest.mark.django_db
def test_signed_in_pages_carry_the_site_policy_too(client):
    client.force_login(UserFactory())
    assert directives(client.get("/my/")) == SITE_POLICY


@pytest.mark.django_db
def test_the_admin_edit_pages_get_only_the_additions_they_need(business_unit_client):
    body = BodyFactory()
    person = PersonFactory()
    meeting = MeetingFactory(body=body)
    entry = decision(body)
    for url in (
        "/admin/",
        "/admin/body/new/",
        f"/admin/body/edit/{body.pk}/",
        f"/admin/body/history/{body.pk}/",
        f"/admin/person/edit/{person.pk}/",
        f"/admin/meeting/edit/{meeting.pk}/",
        f"/admin/decision/edit/{entry.pk}/",
    ):
        response = business_unit_client.get(url)
        assert response.status_code == 200, url
        assert directives(response) == ADMIN_POLICY, url
        # Wagtail is told to fetch no avatars and no release notes from other sites.
        assert b"gravatar" not in response.content, url


@pytest.mark.django_db
def test_the_wagtail_page_editor_works_under_the_admin_policy(admin_client):
    from wagtail.models import Page

    page = Page.objects.filter(depth=2).first()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert directives(response) == ADMIN_POLICY


@pytest.mark.django_db
def test_the_admin_login_page_has_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert directives(response) == ADMIN_POLICY


def test_a_page_preview_keeps_the_site_policy_but_may_be_framed_by_the_admin():
    request = RequestFactory().get("/")
    # Wagtail marks the made-up request it renders a preview with.
    request.is_dummy = True
    response = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("preview"))(request)
    assert directives(response) == {**SITE_POLICY, "frame-ancestors": {"'self'"}}


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_site_templates_use_nothing_the_site_policy_refuses():
    """Public and member pages must work under script-src 'self' and style-src 'self'."""
    found = []
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            # Wagtail admin templates of our own are served under /admin/ with its policy.
            # Emails are read in mail programs, not under the site's policy; PDFs likewise.
            if any(part in template.as_posix() for part in ("/admin/", "/pack/", "/email/")):
                continue
            text = template.read_text()
            found += [
                f"{template.relative_to(ROOT)}: {what}"
                for pattern, what in INLINE
                if pattern.search(text)
            ]
    assert found == []


# ---------------------------------------------------------------------------
# Caching
# ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/bodies/", "/meetings/", "/decisions/", "/my/", "/nowhere/"])
def test_nothing_shown_to_a_signed_in_user_may_be_kept_by_a_shared_cache(client, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_the_admin_is_never_kept_either(business_unit_client):
    response = business_unit_client.get("/admin/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_public_pages_for_anonymous_readers_are_left_as_the_view_made_them(client):
    response = client.get("/bodies/")
    assert "private" not in response.get("Cache-Control", "")


def test_a_view_that_chose_its_own_cache_control_keeps_it():
    request = RequestFactory().get("/papers/1/")
    request.user = UserFactory.build()

    def public_paper(request):
        response = HttpResponse(b"%PDF")
        response["Cache-Control"] = "no-cache"
        return response

    response = PrivateCacheMiddleware(public_paper)(request)
    assert response["Cache-Control"] == "no-cache"
    assert response["Vary"] == "Cookie"


def test_the_middleware_marks_a_plain_response_to_a_signed_in_user():
    request = RequestFactory().get("/")
    request.user = UserFactory.build()
    response = PrivateCacheMiddleware(lambda r: HttpResponse("hello"))(request)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Vary"] == "Cookie"

    request.user = AnonymousUser()
    response = PrivateCacheMiddleware(lambda r: HttpResponse("hello"))(request)
    assert not response.has_header("Cache-Control")
