"""Middleware that applies Tabled's security rules to every response, whatever view made it:

- `PrivateCacheMiddleware`: what a signed-in person sees may be restricted, so no shared
  cache (a proxy, a CDN) may keep it.
- `ContentSecurityPolicyMiddleware`: django-csp's header, with the few sources the Wagtail
  admin needs added on /admin/ only.
- `IdleSessionMiddleware`: a session ends after SESSION_COOKIE_AGE without a request; each
  request pushes that forward, writing the session at most once a minute rather than on every
  request (a write and a commit cost a signed-in page more than its own queries).
- `TwoFactorMiddleware`: the business unit and superusers see every restricted paper, so a
  password alone does not let them in: they verify a code from their authenticator app
  (django-otp TOTP) before any page, and enrol first if they have no app yet.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import nh3
from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django_otp import user_has_device

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from core.roles import AnyUser, is_business_unit

PRIVATE_NO_STORE = "private, no-store"
ADMIN_PREFIX = "/admin/"


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateCacheMiddleware:
    """Marks every response to a signed-in user `Cache-Control: private, no-store` and
    `Vary: Cookie`, unless the view chose its own Cache-Control (a public paper's `no-cache`,
    say). Anonymous responses are left as the view made them: they hold public material."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = PRIVATE_NO_STORE
            patch_vary_headers(response, ("Cookie",))
        return response


class IdleSessionMiddleware:
    """Keeps a session alive while it is used: a request more than SESSION_TOUCH_SECONDS after
    the session was last written marks it changed, so SessionMiddleware saves it with a new
    expiry. A session therefore ends between SESSION_COOKIE_AGE minus a minute and
    SESSION_COOKIE_AGE after its last request."""

    KEY = "_tabled_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session, now = request.session, int(time.time())
        if session.session_key and now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[self.KEY] = now
        response = self.get_response(request)
        # A session the view changed (a sign-in, say) is written anyway: note the time, so
        # the next minute's requests need not write it again.
        if session.modified and not session.is_empty():
            session[self.KEY] = now
        return response


def session_touched_at_sign_in(sender, request, user, **kwargs) -> None:
    """A sign-in writes the session: its first minute needs no other write."""
    request.session[IdleSessionMiddleware.KEY] = int(time.time())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, widening the policy on the Wagtail admin only by the sources
    in `settings.TABLED_ADMIN_CSP_ADDITIONS` (its form widgets run inline scripts, and it
    frames its own previews). A view's own @csp_replace still wins."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.replace is not None:
            return parts
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = admin_csp_directives()
        elif getattr(request, "is_dummy", False):
            # Wagtail renders a page preview through the whole middleware stack with a
            # made-up request for the page's own URL, to show in a frame in the admin: the
            # site's policy, so the preview shows what the live page will, but frameable.
            parts.replace = {"frame-ancestors": [SELF]}
        return parts


def admin_csp_directives() -> dict[str, list[str]]:
    """The directives the admin widens: the site's sources plus the additions ('none' goes,
    since it may not stand beside another source)."""
    site = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return {
        directive: [source for source in site.get(directive, []) if source != NONE]
        + [source for source in additions if source not in site.get(directive, [])]
        for directive, additions in getattr(settings, "TABLED_ADMIN_CSP_ADDITIONS", {}).items()
    }


# ---------------------------------------------------------------------------
# Two-factor authentication
# ---------------------------------------------------------------------------
def two_factor_required(user: AnyUser) -> bool:
    """Superusers and the business unit verify a one-time code after their password, unless
    the deployment turns that off (the demo does: see config/settings/dev.py)."""
    if not getattr(settings, "TABLED_REQUIRE_2FA", True):
        return False
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or is_business_unit(user)


def two_factor_verified(user: AnyUser) -> bool:
    # django_otp.middleware.OTPMiddleware adds is_verified() to request.user.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _exempt_paths() -> tuple[str, ...]:
    """Where an unverified user may still go: signing in and out, the two-factor pages,
    and static files."""
    return (
        reverse("login"),
        reverse("logout"),
        reverse("two_factor:verify"),
        reverse("two_factor:enrol"),
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        settings.STATIC_URL,
    )


class TwoFactorMiddleware:
    """Sends a superuser or business-unit user who signed in with a password but has not yet
    given a one-time code to the verification page (or to enrolment, without a device),
    from any page: the business unit sees restricted material everywhere, not only in
    /admin/. Must come after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            two_factor_required(user)
            and not two_factor_verified(user)
            and not request.path_info.startswith(_exempt_paths())
        ):
            target = "two_factor:verify" if user_has_device(user) else "two_factor:enrol"
            # After a refused POST, come back to the page rather than replay the form.
            safe = request.method in ("GET", "HEAD")
            next_url = request.get_full_path() if safe else request.path
            return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
        return self.get_response(request)


# ---------------------------------------------------------------------------
# Sign-in lockout (django-axes)
# ---------------------------------------------------------------------------
def lockout_response(request, original_response=None, credentials=None):
    """What someone sees once django-axes has paused sign-in for an account: what happened,
    for how long, and who can lift it (settings.AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    response = render(
        request,
        "registration/lockout.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "username": get_client_username(request, credentials) or "",
            "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        },
        status=429,
    )
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


# ---------------------------------------------------------------------------
# Rich text on the way out
# ---------------------------------------------------------------------------
# What Wagtail's rich-text editor can make (its registered features less embeds, which
# Tabled does not enable), as the front end renders it: links expanded to href, images to
# <img class="richtext-image …">. Anything else, however it reached the database (an
# import, the shell, a data migration, a future API), is dropped on the way to a page.
RICH_TEXT_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code"),
    *("b", "strong", "i", "em", "s", "sub", "sup", "ol", "ul", "li", "a", "img"),
}
RICH_TEXT_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "class"},
}
RICH_TEXT_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_rich_text(html: str) -> str:
    """Keep only the tags, attributes and URL schemes rich text may have; scripts and styles
    go with their content, event handlers and javascript: URLs go entirely."""
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        clean_content_tags={"script", "style"},
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=RICH_TEXT_URL_SCHEMES,
    )
