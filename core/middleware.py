"""Responses to someone signed in are theirs alone; a PDF stopped at its limits is a page
that says so.

A page shown to a signed-in member may hold restricted items and papers, and every page
names who is signed in, so no shared cache (a proxy, a CDN, a corporate gateway) may keep
one and hand it to the next person. Views that set their own Cache-Control (the paper files,
the feeds) keep it; every other response to a signed-in user gets `private, no-store`.
Every response also varies on the cookie, so a cache never serves a signed-out copy of a
page to someone signed in, or the other way round.
"""

from __future__ import annotations

import logging

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from core.limits import RenderLimitExceeded

logger = logging.getLogger(__name__)


class PrivateWhenSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def render_stopped(request, stopped: RenderLimitExceeded):
    """The page for a PDF stopped at its time or memory limit (core.limits): 503, as
    nothing was stored or logged by then and asking again is safe, and never cached, as the
    next attempt may succeed."""
    logger.warning("%s stopped: %s", request.path, stopped)
    response = render(request, "core/render_stopped.html", {"message": str(stopped)}, status=503)
    add_never_cache_headers(response)
    return response


class RenderLimitMiddleware:
    """Every view that renders a PDF (the minutes, a report, the papers pack) answers a
    rendering stopped at its limits with render_stopped. Wagtail's previews bypass this
    (their handler skips process_exception), so ReportPage.serve_preview calls it itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RenderLimitExceeded):
            return render_stopped(request, exception)
        return None
