from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.history import save_tracked
from governance.models import DeclarationOfInterest, InterestConfirmation, RegisteredInterest
from meetings.models import AgendaItem
from membership.access import body_ids_managed, person_for
from membership.models import Membership, Person

from ._common import Actor, authorise_chair, authorise_item


@transaction.atomic
def declaration_record(
    *,
    actor: Actor,
    agenda_item: AgendaItem,
    person: Person,
    interest: str,
    withdrew: bool = False,
) -> DeclarationOfInterest:
    """Minute a member's interest in an item, and whether they left the room for it."""
    authorise_chair(actor, agenda_item.meeting.body)
    authorise_item(actor, agenda_item, doing="record an interest in")
    declaration = DeclarationOfInterest(
        agenda_item=agenda_item,
        person=person,
        interest=interest,
        withdrew=withdrew,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return save_tracked(declaration, actor=actor, reason="Interest declared")


@transaction.atomic
def declaration_save(
    *, actor: Actor, declaration: DeclarationOfInterest, reason: str = ""
) -> DeclarationOfInterest:
    authorise_chair(actor, declaration.agenda_item.meeting.body)
    return save_tracked(declaration, actor=actor, reason=reason)


def _authorise_register(actor: Actor, person: Person) -> None:
    """A member keeps their own register; the business unit keeps those of the people who
    sit on the bodies it runs."""
    own = person_for(actor)
    if own is not None and own.pk == person.pk:
        return
    managed = body_ids_managed(actor)
    if managed and Membership.objects.filter(person=person, body_id__in=managed).exists():
        return
    raise PermissionDenied("Only the member or the business unit may change this register.")


@transaction.atomic
def interest_register(
    *, actor: Actor, person: Person, interest: RegisteredInterest
) -> RegisteredInterest:
    """Add an entry to, or change one in, a member's standing register of interests."""
    _authorise_register(actor, person)
    adding = interest.pk is None
    interest.person = person
    if adding:
        interest.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    return save_tracked(
        interest, actor=actor, reason="Interest registered" if adding else "Interest changed"
    )


@transaction.atomic
def interests_confirm(
    *, actor: Actor, person: Person, changed: bool = False, at: datetime.datetime | None = None
) -> InterestConfirmation:
    """The member confirms their register is complete today ("no change", or after
    editing it), which clears the yearly reminder until the next year."""
    _authorise_register(actor, person)
    confirmation = InterestConfirmation(
        person=person,
        confirmed_at=at or timezone.now(),
        confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed=changed,
    )
    return save_tracked(
        confirmation,
        actor=actor,
        reason="Register confirmed with changes" if changed else "Register confirmed: no change",
    )
