"""A paused user lifts the pause on their own username with a link emailed to them.

The link carries a value signed with SECRET_KEY (django.core.signing): the user, and the
first failure record of the pause it was sent for. It works within TABLED_UNLOCK_LINK_MINUTES
and only while that pause lasts, so once used (the records go) or once that pause has ended,
it does nothing. Asking for a link answers the same whatever the username, so the page never
tells anyone whether an account exists or is paused. Opening the link only shows a button: a
mail system that opens links to scan them lifts nothing.
"""

from __future__ import annotations

import datetime
import logging

from axes.models import AccessAttempt
from axes.utils import reset

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.sign_in_limits import pauses

logger = logging.getLogger(__name__)

# Kept from when this module lived in membership: a new salt would void links already sent.
SALT = "core.unlock"
# One email per account in this long, however often the page is asked: no one can fill a
# paused person's inbox.
RESEND_SECONDS = 5 * 60
LINK_REFUSED = (
    "This link no longer works: it has been used, it is more than {minutes} minutes old, or "
    "the pause it was sent for has ended. If signing in is still paused, ask for a new link."
)


class UnlockRequestForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter the username you sign in with."},
    )


def _link_minutes() -> int:
    return settings.TABLED_UNLOCK_LINK_MINUTES


def _pause_marker(username: str) -> int | None:
    """The first failure record of the username's current pause; a later pause has another."""
    return (
        AccessAttempt.objects.filter(username=username)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def make_token(user) -> str:
    return signing.dumps({"user": user.pk, "pause": _pause_marker(user.get_username())}, salt=SALT)


def user_for_token(token: str):
    """The user a valid, unexpired, unused token was made for, or None."""
    try:
        claim = signing.loads(token, salt=SALT, max_age=datetime.timedelta(minutes=_link_minutes()))
        user = get_user_model().objects.get(pk=claim["user"], is_active=True)
    except (signing.BadSignature, get_user_model().DoesNotExist, KeyError, TypeError):
        return None
    username = user.get_username()
    if _pause_marker(username) != claim["pause"] or not pauses(username=username):
        return None
    return user


def _address_for(user) -> str:
    """The login's own address, or else that of the member it belongs to."""
    if user.email:
        return user.email
    # Through the reverse accessor, which is absent when no person is linked.
    person = getattr(user, "person", None)
    return getattr(person, "email", "") or ""


def _send_link(user, address: str) -> None:
    link = f"{settings.BASE_URL.rstrip('/')}{reverse('unlock:confirm', args=[make_token(user)])}"
    context = {
        "username": user.get_username(),
        "link": link,
        "minutes": _link_minutes(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    email = EmailMultiAlternatives(
        subject=f"Signing in to {settings.WAGTAIL_SITE_NAME}: lift the pause on your account",
        body=render_to_string("email/sign_in_unlock.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(render_to_string("email/sign_in_unlock.html", context), "text/html")
    email.send()


def _send_link_if_paused(username: str) -> None:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not pauses(username=username):
        return
    address = _address_for(user)
    if not address or not cache.add(f"tabled:unlock-link:{user.pk}", 1, RESEND_SECONDS):
        return
    try:
        _send_link(user, address)
    except Exception:
        # The answer must not differ for this account; the failure is for the logs.
        logger.exception("Could not send the sign-in unlock link for user %s", user.pk)


@never_cache
def request_link(request):
    """Ask for a link by username; the answer is the same whether or not it was sent."""
    form = UnlockRequestForm(
        request.POST or None, initial={"username": request.GET.get("username")}
    )
    if request.method == "POST" and form.is_valid():
        _send_link_if_paused(form.cleaned_data["username"])
        return render(
            request,
            "registration/unlock_requested.html",
            {"minutes": _link_minutes(), "resend_minutes": RESEND_SECONDS // 60},
        )
    return render(request, "registration/unlock_request.html", {"form": form})


@never_cache
def confirm(request, token: str):
    """Show a button; lift the pause when it is pressed."""
    user = user_for_token(token)
    if user is None:
        return render(
            request,
            "registration/unlock_confirm.html",
            {"refused": LINK_REFUSED.format(minutes=_link_minutes())},
            status=400,
        )
    if request.method == "POST":
        reset(username=user.get_username())
        logger.info("User %s lifted the pause on their sign-in with an emailed link", user.pk)
        messages.success(request, "You can sign in again.")
        return redirect("login")
    return render(request, "registration/unlock_confirm.html", {"username": user.get_username()})
