from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from core.history import save_tracked
from governance.models import Matter, Referral, ReferralPurpose, item_is_restricted
from meetings.models import AgendaItem

from ._common import Actor, authorise_chair, authorise_item


@transaction.atomic
def matter_refer(
    *,
    actor: Actor,
    from_item: AgendaItem,
    to_item: AgendaItem,
    purpose: str = ReferralPurpose.ENDORSEMENT,
    note: str = "",
    title: str = "",
) -> Referral:
    """Send a matter on from an item at one body's meeting to an item at another body's: the
    item keeps the matter it already belongs to, or starts one. Outside the business unit,
    both items must be on published agendas."""
    source_body = from_item.meeting.body
    authorise_chair(actor, source_body)
    authorise_item(actor, from_item, field="from_item", doing="send on")
    authorise_item(actor, to_item, field="to_item", doing="send a matter to")
    referrals = Referral.objects.select_for_update()
    existing = referrals.filter(Q(from_item=from_item) | Q(to_item=from_item)).first()
    if existing is not None:
        matter = existing.matter
    else:
        matter = save_tracked(
            Matter(
                title=title or from_item.title,
                body=source_body,
                is_restricted=item_is_restricted(from_item),
            ),
            actor=actor,
            reason="Matter opened",
        )
    referral = Referral(
        matter=matter,
        from_item=from_item,
        to_item=to_item,
        purpose=purpose,
        note=note,
        referred_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return save_tracked(referral, actor=actor, reason=f"Referred to {to_item.meeting.body}")


@transaction.atomic
def matter_save(*, actor: Actor, matter: Matter, reason: str = "") -> Matter:
    authorise_chair(actor, matter.body)
    return save_tracked(matter, actor=actor, reason=reason)
