"""Signing out, on the site and in the Wagtail admin, by POST alone.

Another site can make a browser send a GET, HEAD or OPTIONS request (a link, an image, a
prefetch), and none of those carries a CSRF token; only a POST with one signs anyone out.
Django's own view still answers OPTIONS, and Wagtail's deletes the session cookie whatever
the method (its view does so after Django's has already refused the request), so both are
narrowed here and mounted in their place in config/urls.py.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from wagtail.admin.views import account as wagtail_account


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post"]


class AdminSignOutView(wagtail_account.LogoutView):
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        # Refused before Wagtail's dispatch, which would drop the session cookie anyway.
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
