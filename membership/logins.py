"""A person's login as the business unit sees it (none, invited, active, deactivated), and the
link in an invitation to sign in, with which the person sets their first password.

The link is Django's password-reset token (django.contrib.auth.tokens) with a salt and an
expiry of its own: it names the user and hashes their password field, so it stops working
once a password is set, or once a new invitation gives the login a new unusable password.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import models
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from membership.models import Person


class LoginState(models.TextChoices):
    NONE = "none", "No login"
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    DEACTIVATED = "deactivated", "Deactivated"


def login_state(person: Person) -> LoginState:
    """Read from the person's user as loaded (select_related("user") keeps a listing to one
    query)."""
    user = person.user
    if user is None:
        return LoginState.NONE
    if not user.is_active:
        return LoginState.DEACTIVATED
    # An invited login has no password until its person sets one from the link.
    return LoginState.ACTIVE if user.has_usable_password() else LoginState.INVITED


def invitation_days() -> int:
    return settings.TABLED_INVITATION_DAYS


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token, checked against TABLED_INVITATION_DAYS rather than the
    global PASSWORD_RESET_TIMEOUT, and salted so a reset token is not an invitation."""

    key_salt = "membership.logins.InvitationTokenGenerator"

    @property
    def timeout(self) -> int:
        return int(datetime.timedelta(days=invitation_days()).total_seconds())

    def check_token(self, user, token) -> bool:
        # Django's check_token, with this generator's timeout in place of the global one.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > self.timeout:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    """The path of a new set-password link for the user (an email adds the site's address)."""
    return reverse(
        "invitation:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
