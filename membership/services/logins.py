"""Members' logins, managed by the business unit: invite a person to sign in (a login of
their own, and an email with a link to set its password), send the invitation again,
deactivate a login and reactivate it. The person's history records each step and who took it.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import outbox
from core.history import save_tracked
from core.roles import is_business_unit
from membership.logins import LoginState, login_state
from membership.models import Person
from membership.partnerships import managed_body_ids, managed_partnership_ids

INVITATION = "membership.invitation"


def _refuse_unless_business_unit(actor: User | None) -> None:
    if actor is None or not is_business_unit(actor):
        raise PermissionDenied("Only the business unit may manage members' logins.")


def _refuse_unless_keeper(actor: User, person: Person, *, home_only: bool = False) -> None:
    """A business unit invites the people its partnerships keep or who sit on its bodies; a
    login shared by several partnerships is stopped or restarted by the one that keeps the
    person's record alone, so one partnership cannot cut off another's member."""
    managed = managed_partnership_ids(actor)
    if person.partnership_id in managed:
        return
    if not home_only and person.memberships.filter(body__in=managed_body_ids(actor)).exists():
        return
    raise PermissionDenied(
        f"{person} is kept by {person.partnership}: only its business unit may do this."
    )


def _locked(person: Person) -> Person:
    """The person as saved, locked with their login, so that two clicks on "invite" make
    one login, not two."""
    return Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)


def _refuse_unless(person: Person, *states: LoginState) -> LoginState:
    state = login_state(person)
    if state not in states:
        raise ValidationError(
            {
                LoginState.NONE: f"{person} has no login yet: invite them to sign in.",
                LoginState.INVITED: f"{person} has been invited and has not set a password "
                "yet: send the invitation again instead.",
                LoginState.ACTIVE: f"{person} already signs in with a password of their own.",
                LoginState.DEACTIVATED: f"{person}'s login is deactivated: reactivate it first.",
            }[state]
        )
    return state


def _address_for(person: Person) -> str:
    """The person's address, checked as one their login can take."""
    email = person.email.strip()
    if not email:
        raise ValidationError(
            f"{person} has no email address, so cannot be invited to sign in: add their "
            "address to their record first."
        )
    if not person.active:
        raise ValidationError(
            f"{person} is marked inactive, so cannot be invited to sign in: mark them active first."
        )
    others = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if person.user_id:
        others = others.exclude(pk=person.user_id)
    other = others.select_related("person").first()
    if other is not None:
        owner = getattr(other, "person", None)
        raise ValidationError(
            f"The address {email} is already used by the login “{other.get_username()}”"
            + (f", which belongs to {owner}" if owner else ", which belongs to no person")
            + ". Link that login to this person instead, or change one of the addresses."
        )
    return email


def _invite(person: Person, actor: User, reason: str) -> User:
    """Give the person's login (made now if need be) their address and a fresh unusable
    password, which voids any link sent before, and queue the email with a new link."""
    email = _address_for(person)
    user = person.user or User(is_active=True)
    # The address is the username while the person has never signed in.
    user.username = email.lower()
    user.email = email
    user.first_name = person.given_name[:150]
    user.last_name = person.family_name[:150]
    user.set_unusable_password()
    user.full_clean()
    user.save()
    person.user = user
    save_tracked(person, actor=actor, reason=reason)
    # A new event key each time, so that an invitation sent again is sent, not taken for
    # the one already delivered.
    outbox.notify(INVITATION, person_id=person.pk, sent_at=timezone.now().isoformat())
    return user


@transaction.atomic
def person_invite(*, actor: User, person: Person) -> User:
    """Make the person a login (username and address from their email; no password yet) and
    email them a link to set its password."""
    _refuse_unless_business_unit(actor)
    person = _locked(person)
    _refuse_unless_keeper(actor, person)
    _refuse_unless(person, LoginState.NONE)
    return _invite(person, actor, "Invited to sign in")


@transaction.atomic
def person_invitation_resend(*, actor: User, person: Person) -> User:
    """Email a new link to an invited person who has not set a password; earlier links stop
    working."""
    _refuse_unless_business_unit(actor)
    person = _locked(person)
    _refuse_unless_keeper(actor, person)
    _refuse_unless(person, LoginState.INVITED)
    return _invite(person, actor, "Invitation to sign in sent again")


@transaction.atomic
def person_login_deactivate(*, actor: User, person: Person) -> User:
    """Stop the person signing in, from their next request; the person and their record stay."""
    _refuse_unless_business_unit(actor)
    person = _locked(person)
    _refuse_unless_keeper(actor, person, home_only=True)
    _refuse_unless(person, LoginState.INVITED, LoginState.ACTIVE)
    user = person.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    save_tracked(person, actor=actor, reason="Login deactivated")
    return user


@transaction.atomic
def person_login_reactivate(*, actor: User, person: Person) -> User:
    """Let a deactivated login sign in again, with the password it had (or, if it never set
    one, after an invitation sent again)."""
    _refuse_unless_business_unit(actor)
    person = _locked(person)
    _refuse_unless_keeper(actor, person, home_only=True)
    _refuse_unless(person, LoginState.DEACTIVATED)
    user = person.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    save_tracked(person, actor=actor, reason="Login reactivated")
    return user


@transaction.atomic
def login_password_set(*, user: User, password: str) -> User:
    """The person sets their password from an invitation's link (the form has checked it
    against the password rules); their record notes it, as done by themselves."""
    user.set_password(password)
    user.save(update_fields=["password"])
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is not None:
        save_tracked(person, actor=user, reason="Password set from the invitation")
    return user


@transaction.atomic
def person_link_login(*, actor: User | None, person: Person, user: User | None) -> Person:
    """Give a person a login (or take it away); one login belongs to one person."""
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ValidationError({"user": f"The login {user.username} belongs to someone else."})
    person.user = user
    return save_tracked(person, actor=actor, reason="Login linked" if user else "Login removed")
