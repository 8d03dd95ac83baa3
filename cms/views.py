"""Wagtail's pages (the home page, the reports) as a reader with no cookies gets them, kept
between edits.

Such a reader is nobody in particular: no session, no messages, nothing on the page is
theirs. Wagtail finds the page anew for each request (the site, the page tree, the page's
view restrictions: four queries before the page's own), so what it renders for them is
kept by membership.page_cache under the data version, which every save of a page, a
report's data or anything else the pages show moves on. A page is kept only when Wagtail
served it with nothing that could belong to one reader or be withheld from another: a 200
HTML response that sets no cookie, holds no CSRF token, and is for a page with no view
restriction. Everyone else, and every request with a query string, goes through Wagtail
as before.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

from wagtail import views as wagtail_views

from membership import page_cache

# What a reader who has nothing of their own may carry: a CSRF cookie from a sign-in form
# they once saw; nothing else.
_IMPERSONAL_COOKIES = {settings.CSRF_COOKIE_NAME}


def serve(request, path):
    page_cache.begin(request)
    if not _impersonal(request):
        return wagtail_views.serve(request, path)
    served = {}

    def render() -> tuple[str, str] | None:
        response = served["response"] = wagtail_views.serve(request, path)
        return _keepable(request, response)

    kept = page_cache.value(request, "wagtail-page", (request.get_host(), path), render)
    if "response" in served:
        return served["response"]
    if kept is None:
        return wagtail_views.serve(request, path)
    content, content_type = kept
    return HttpResponse(content, content_type=content_type)


def _impersonal(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and set(request.COOKIES) <= _IMPERSONAL_COOKIES
    )


def _keepable(request, response) -> tuple[str, str] | None:
    """The response's HTML and content type when any reader with no cookies may have it."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return None
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    content = response.content.decode(response.charset)
    if "csrfmiddlewaretoken" in content:
        return None
    page = getattr(request, "_tabled_served_page", None)
    if page is None or page.get_view_restrictions().exists():
        return None
    return content, response["Content-Type"]
