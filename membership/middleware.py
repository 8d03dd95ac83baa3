"""Responses to someone signed in are theirs alone.

A page shown to a signed-in member may hold restricted items and papers, and every page
names who is signed in, so no shared cache (a proxy, a CDN, a corporate gateway) may keep
one and hand it to the next person. Views that set their own Cache-Control (the paper files,
the feeds) keep it; every other response to a signed-in user gets `private, no-store`.
Every response also varies on the cookie, so a cache never serves a signed-out copy of a
page to someone signed in, or the other way round.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_vary_headers


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
