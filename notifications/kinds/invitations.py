"""An invitation to sign in: the email with the link with which a person sets the password
of the login the business unit made them (membership.services.person_invite)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from membership.logins import LoginState, invitation_days, invitation_path, login_state
from membership.models import Person
from notifications.messages import Message, absolute_url, render_message
from notifications.registry import Notice, register


@register
@dataclass
class Invitation(Notice):
    """Sent to the person invited, whatever their email choices (they have none yet)."""

    key = "membership.invitation"
    label = "An invitation to sign in"
    description = "The link with which you set the password of your new login."
    optional = False

    person: Person
    sent_at: str

    @classmethod
    def load(cls, *, person_id: int, sent_at: str) -> Invitation | None:
        person = Person.objects.select_related("user").filter(pk=person_id).first()
        # Once the password is set, or the login deactivated, there is nothing to send.
        if person is None or login_state(person) != LoginState.INVITED:
            return None
        return cls(person=person, sent_at=sent_at)

    @property
    def event_key(self) -> str:
        return f"invitation:{self.person.pk}:{self.sent_at}"

    def recipients(self):
        return [self.person]

    def message(self, person) -> Message:
        user = self.person.user
        # The link is made here, as the email is sent, and kept nowhere else: the record of
        # sent notifications keeps the sign-in page's address instead.
        return render_message(
            "email/membership/invitation",
            {
                "link": absolute_url(invitation_path(user), self.person.partnership),
                "username": user.get_username(),
                "days": invitation_days(),
            },
            person=person,
            subject=f"You are invited to sign in to {self.person.partnership}",
            url=absolute_url(reverse("login"), self.person.partnership),
        )
