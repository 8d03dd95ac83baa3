"""`Authorization: Token <key>` for scripts, with keys the business unit issues in the admin
(Settings → API tokens).

The keys are Wagtail's APIToken: only an HMAC digest is stored, the key is shown once when
issued, and a revoked key stops working at once. Wagtail's own check is written for Django
Ninja; this is the same check for Django REST framework. `Bearer` is accepted too, as
Wagtail's documentation uses it.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from django.conf import settings
from django.utils import timezone

from wagtail.models import APIToken

KEYWORDS = (b"token", b"bearer")
BAD_TOKEN = "Invalid or revoked token: ask the business unit for a new one."  # noqa: S105  # nosec B105 - a message


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                "Send the key after the word Token and a space: `Authorization: Token <key>`."
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as bad:
            raise AuthenticationFailed(BAD_TOKEN) from bad
        # The format check (prefix, length, checksum) turns away typos without a query.
        if not APIToken.validate_token_format(key):
            raise AuthenticationFailed(BAD_TOKEN)
        token = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(BAD_TOKEN)
        self._touch_last_used(token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword

    @staticmethod
    def _touch_last_used(token: APIToken) -> None:
        """Record use at most once a minute (Wagtail's setting), so the admin can show which
        keys are still in use without a write on every request."""
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        if interval is None:
            return
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= interval:
            APIToken.objects.filter(pk=token.pk).update(last_used_at=now)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token, so the documentation page can send it."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, with a key from the admin (Settings → API tokens).",
        }
