"""What a person does to sign in, shared by the sign-in, lockout and two-factor tests."""

from __future__ import annotations

import datetime
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.utils import timezone

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, url: str, username: str, password: str, **headers):
    """A sign-in form sent; `headers` as the server sees them (REMOTE_ADDR, HTTP_…)."""
    return client.post(url, {"username": username, "password": password}, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the user's authenticator app shows now (or at `at`)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = at if at is not None else timezone.now().timestamp()
    return f"{clock.token():0{device.digits}d}"


def setup_key_on(page) -> str:
    """The setup key an enrolment page shows as text, as someone would type it into an app."""
    return "".join(page.context["secret_groups"])


def code_for_key(setup_key: str) -> str:
    """The code an authenticator app set up with `setup_key` shows now."""
    clock = TOTP(b32decode(setup_key), step=30, t0=0, digits=6, drift=0)
    clock.time = timezone.now().timestamp()
    return f"{clock.token():06d}"
