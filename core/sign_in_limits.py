"""How much guessing a sign-in form allows, with django-axes keeping the count of failures.

- `client_address`: the address a request came from. Behind TABLED_TRUSTED_PROXIES proxies it
  is read from X-Forwarded-For, where each proxy appends the address it received the request
  from, so the client is the Nth entry from the right; anything to the left of that was
  written by the client and is never read. With no proxies the header is ignored.
- The lockout counts failures per username and address (settings.AXES_LOCKOUT_PARAMETERS), so
  an attacker's failures pause that username from the attacker's address only.
- `pauses`: who is refused now, and from where, for the business unit's page and the
  unlock link (core.lockouts, core.unlock).
- `SignInSlowDownMiddleware`: one address failing for many usernames (password spraying) is
  slowed rather than locked out, since a whole office may sit behind that address: after
  TABLED_SIGN_IN_SLOW_AFTER failures within the cool-off, each sign-in from it waits a second,
  doubling with each further failure, up to TABLED_SIGN_IN_SLOW_MAX_SECONDS.
"""

from __future__ import annotations

import datetime
import ipaddress
import math

from axes.models import AccessAttempt

from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.security import PRIVATE_NO_STORE


def _address_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address, as far as the proxies we trust can vouch for it
    (settings.AXES_CLIENT_IP_CALLABLE)."""
    remote = _address_or_none(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TABLED_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, and the leftmost entry is
    # the furthest address one of ours saw.
    return _address_or_none(forwarded[-min(proxies, len(forwarded))]) or remote


def pauses(username: str | None = None) -> list[dict]:
    """Usernames refused now, newest first: those with AXES_FAILURE_LIMIT failures from one
    address within the cool-off, as django-axes counts them, with those addresses."""
    rows = (
        AccessAttempt.objects.filter(
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
            **({} if username is None else {"username": username}),
        )
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    paused: dict[str, dict] = {}
    for row in rows:
        entry = paused.setdefault(
            row["username"],
            {"username": row["username"], "failures": 0, "last_attempt": row["last_attempt"]},
        )
        entry["failures"] += row["failures"]
        entry.setdefault("addresses", []).append(row["ip_address"] or "unknown")
    return list(paused.values())


def seconds_to_wait(address: str | None, now: datetime.datetime | None = None) -> int:
    """How long the address must wait before its next sign-in is tried (0: not at all)."""
    if address is None:
        return 0
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = recent["failures"] or 0
    if failures < settings.TABLED_SIGN_IN_SLOW_AFTER:
        return 0
    excess = failures - settings.TABLED_SIGN_IN_SLOW_AFTER
    # Capped before raising 2 to it, so a long attack cannot make a huge number.
    delay = min(2 ** min(excess, 32), settings.TABLED_SIGN_IN_SLOW_MAX_SECONDS)
    remaining = (recent["last"] + datetime.timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def _in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _sign_in_paths() -> tuple[str, ...]:
    return (reverse("login"), reverse("wagtailadmin_login"))


class SignInSlowDownMiddleware:
    """Refuses a sign-in from an address that must still wait, before any password is tried
    or any failure counted, with a page saying how long to wait (429, Retry-After)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and settings.AXES_ENABLED
            and request.path_info in _sign_in_paths()
        ):
            wait = seconds_to_wait(client_address(request))
            if wait:
                return _slowed_response(request, wait)
        return self.get_response(request)


def _slowed_response(request, wait: int):
    response = render(
        request,
        "registration/sign_in_slowed.html",
        {"wait": _in_words(wait), "cooloff_minutes": _cooloff_minutes()},
        status=429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def _cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
