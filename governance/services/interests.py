from __future__ import annotations

from django.db import transaction

from core.history import save_tracked
from governance.models import DeclarationOfInterest
from meetings.models import AgendaItem
from membership.models import Person

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
