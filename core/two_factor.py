"""Two-factor sign-in with an authenticator app (TOTP, django-otp).

After their password, a user who must use two factors (core.security) either enrols,
scanning a QR code and typing the code their app then shows, or verifies with a code from the
app they enrolled. The QR code is drawn here as SVG (qrcode), so the secret never leaves the
server for an image service.

Enrolment is open only to someone with no confirmed device: with one, the password alone
must never be enough to add another, or to see a key. Each time the enrolment page is shown
it makes a new secret for that session alone, and confirming one removes every other
unconfirmed device: whoever else had the password and saw a key then holds a key that was
never confirmed. A lost phone is reset by the business unit with
`manage.py two_factor_reset USERNAME`.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.security import two_factor_verified

DEVICE_NAME = "Authenticator app"
# The unconfirmed device whose key this session was shown last; no other can be confirmed here.
ENROLMENT_SESSION_KEY = "tabled_two_factor_enrolment_device"
WRONG_CODE = (
    "That code did not work. Codes change every 30 seconds: enter the six digits your "
    "authenticator app shows now."
)
KEY_REPLACED = (
    "That setup key is no longer in use. Scan the QR code below, then enter the code your "
    "app shows for it."
)
TOO_MANY = "Too many wrong codes in a row. Wait a minute, then enter the code your app shows now."


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the six-digit code from your authenticator app.",
            "min_length": "Enter all six digits of the code.",
            "max_length": "Enter only the six digits of the code.",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code is six digits, with no letters.")
        return token


def _next_url(request) -> str:
    landing = resolve_url(settings.LOGIN_REDIRECT_URL)
    candidate = request.POST.get("next") or request.GET.get("next") or landing
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return landing


def _verified(request, device: TOTPDevice):
    django_otp.login(request, device)
    # A new session key for the session that now has more rights (no fixation).
    request.session.cycle_key()
    return redirect(_next_url(request))


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def _fresh_device(request, user) -> TOTPDevice:
    """A new secret for this session, replacing the one it was shown before."""
    TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(ENROLMENT_SESSION_KEY)
    ).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    request.session[ENROLMENT_SESSION_KEY] = device.pk
    return device


def _device_shown(request, user) -> TOTPDevice | None:
    return (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, pk=request.session.get(ENROLMENT_SESSION_KEY))
        .first()
    )


def _already_enrolled(request):
    if two_factor_verified(request.user):
        return redirect(_next_url(request))
    return redirect(f"{reverse('two_factor:verify')}?{request.GET.urlencode()}")


@never_cache
@sensitive_post_parameters("token")
@login_required
def enrol(request):
    """Show a new secret as a QR code (and as text, for those who cannot scan), and confirm
    it with the first code the app makes."""
    user = request.user
    with transaction.atomic():
        # Two sessions confirming at once queue here, so the second finds the first's device
        # confirmed and is sent to verify.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if user_has_device(user, confirmed=True):
            return _already_enrolled(request)
        form = TokenForm(request.POST or None)
        device = _device_shown(request, user) if request.method == "POST" else None
        if device is None:
            if request.method == "POST":
                form.add_error(None, KEY_REPLACED)
            device = _fresh_device(request, user)
        elif form.is_valid():
            if not device.verify_is_allowed()[0]:
                form.add_error("token", TOO_MANY)
            elif device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                del request.session[ENROLMENT_SESSION_KEY]
                return _verified(request, device)
            else:
                form.add_error("token", WRONG_CODE)
    secret = b32encode(device.bin_key).decode()
    # SVG that qrcode drew from our own otpauth: URL, with no user-supplied markup in it.
    qr_svg = mark_safe(_qr_svg(device.config_url))  # noqa: S308  # nosec B308, B703
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": qr_svg,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def verify(request):
    """The second step of signing in: a code from the app enrolled before."""
    user = request.user
    if two_factor_verified(user):
        return redirect(_next_url(request))
    devices = [d for d in devices_for_user(user, confirmed=True) if isinstance(d, TOTPDevice)]
    if not devices:
        return redirect(f"{reverse('two_factor:enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        allowed = [d for d in devices if d.verify_is_allowed()[0]]
        if not allowed:
            form.add_error("token", TOO_MANY)
        else:
            for device in allowed:
                if django_otp.verify_token(user, device.persistent_id, token):
                    return _verified(request, device)
            form.add_error("token", WRONG_CODE)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
    )
