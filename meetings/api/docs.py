"""The API's documentation page at /api/v1/docs/: drf-spectacular's Swagger UI, in a page
that says its language, with its start-up script fetched from the page's own address
(`?script`) rather than written inline, so it runs under the site's script-src 'self'."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView

from django.views import View


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "meetings/api/docs.html"

    def options(self, request, *args, **kwargs):
        # DRF answers OPTIONS with its metadata rendered by the view's renderer, here the
        # page's HTML template, which cannot render it. An HTML page answers as Django's own
        # views do: what it allows, and no body.
        return View.options(self, request, *args, **kwargs)
