"""What a person does to sign in, shared by the sign-in, lockout and two-factor tests."""

from __future__ import annotations

import datetime

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.utils import timezone

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the user's authenticator app shows now (or at `at`)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = at if at is not None else timezone.now().timestamp()
    return f"{clock.token():0{device.digits}d}"
