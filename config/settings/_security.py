"""Who may sign in and how: passwords, sessions, the sign-in lockout and slow-down,
two-factor sign-in, and the Content Security Policy. Part of base.py, which imports it."""

import datetime
import os

from csp.constants import NONE, SELF, UNSAFE_INLINE

from ._env import env_bool

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Signing in leads to the person's own page: their meetings, papers, actions and approvals.
LOGIN_REDIRECT_URL = "meetings:my_meetings"
LOGOUT_REDIRECT_URL = "/"
# django-axes checks for a lockout before any password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "membership.backends.PersonModelBackend",
]

# Sessions end after SESSION_IDLE_MINUTES without a request: core.security's
# IdleSessionMiddleware pushes the expiry forward, writing the session at most once every
# SESSION_TOUCH_SECONDS (Django's SESSION_SAVE_EVERY_REQUEST would write on every request),
# and the cookie itself goes when the browser closes, for shared computers.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#browser-length-sessions-vs-persistent-sessions
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_TOUCH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# How many reverse proxies (load balancer, TLS terminator, …) stand in front of Tabled, each
# appending the address it received the request from to X-Forwarded-For. The client's address
# is the entry that many from the right (core.sign_in_limits.client_address); with 0 the
# header is ignored, since a client can write anything in it. Behind proxies, leaving this at
# 0 makes every request come from the nearest proxy.
TABLED_TRUSTED_PROXIES = int(os.environ.get("TABLED_TRUSTED_PROXIES", "0"))

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that username is refused from that address for AXES_COOLOFF_TIME after the last
# attempt, on /accounts/login/ and the Wagtail admin's login alike. By username and address, so
# someone guessing elsewhere cannot lock the person out; the person can lift a pause with a
# link emailed to them (core.unlock), and the business unit with
# `manage.py axes_reset_username USERNAME`. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.sign_in_limits.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
# Wagtail is the only admin; django.contrib.admin is not installed.
AXES_ENABLE_ADMIN = False

# One address failing for many usernames (password spraying) is slowed, not locked out, since
# an office may share it: after TABLED_SIGN_IN_SLOW_AFTER failures within AXES_COOLOFF_TIME,
# each sign-in from it waits a second after the last failure, doubling with each further
# failure, up to TABLED_SIGN_IN_SLOW_MAX_SECONDS (core.sign_in_limits).
TABLED_SIGN_IN_SLOW_AFTER = int(os.environ.get("TABLED_SIGN_IN_SLOW_AFTER", "10"))
TABLED_SIGN_IN_SLOW_MAX_SECONDS = int(os.environ.get("TABLED_SIGN_IN_SLOW_MAX_SECONDS", "300"))
# How long an emailed link that lifts a pause works (core.unlock).
TABLED_UNLOCK_LINK_MINUTES = int(os.environ.get("TABLED_UNLOCK_LINK_MINUTES", "60"))
# How long the link in an invitation to sign in works (membership.logins). Django's own
# PASSWORD_RESET_TIMEOUT is left alone: it governs every other password link.
TABLED_INVITATION_DAYS = int(os.environ.get("TABLED_INVITATION_DAYS", "3"))

# Two-factor sign-in (core.security.TwoFactorMiddleware, core.two_factor): the
# business unit and superusers give a code from an authenticator app after their password.
TABLED_REQUIRE_2FA = env_bool("TABLED_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = os.environ.get("WAGTAIL_SITE_NAME", "Tabled")

# ---------------------------------------------------------------------------
# Content Security Policy (django-csp; core.security.ContentSecurityPolicyMiddleware)
# Public and member pages use no inline script or style and load nothing from elsewhere.
# https://django-csp.readthedocs.io/en/latest/configuration.html
# ---------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Added on /admin/ only, as found by loading and using the admin's pages in Chromium under
# the site's policy: its form widgets (inline panels, choosers, date pickers) start from
# inline <script> elements whose content differs per form, so no hash can list them; the
# rich-text editor injects <style> elements; an image upload previews from a blob: URL; and
# the preview panel frames the page. Wagtail's own list: https://github.com/wagtail/wagtail/issues/7053
TABLED_ADMIN_CSP_ADDITIONS = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
    "frame-ancestors": [SELF],
}
