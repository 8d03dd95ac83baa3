from __future__ import annotations

from dataclasses import dataclass, field

from governance.models import Decision, Matter, Referral, item_is_restricted
from meetings.models import AgendaItem, Meeting
from meetings.published_items import mark_shown
from membership.access import AnyUser, body_ids_with_restricted_access, may_see_restricted
from membership.models import Partnership

from ._visibility import serving, visible_to


@dataclass
class JourneyStep:
    """One meeting a matter went to: the item, how it got there, and what was decided.
    `unpublished`: the item is not on its meeting's published agenda, and not the reader's
    to see; `hidden`: it is restricted, and not the reader's to see."""

    item: AgendaItem
    meeting: Meeting
    hidden: bool
    unpublished: bool
    purpose: str = ""
    decisions: list[Decision] = field(default_factory=list)


def matter_get_journey(
    user: AnyUser, pk: int, *, partnership: Partnership | None = None
) -> tuple[Matter, list[JourneyStep]]:
    """A matter and every meeting it went to, in date order, with the decisions taken there.
    A step on a restricted item, or on one not yet on its meeting's published agenda, shows
    only that there was one, to those who may not see it; a restricted matter raises
    Matter.DoesNotExist for them, as does a matter of a body not serving the partnership."""
    matter = serving(Matter.objects.select_related("body"), partnership).get(pk=pk)
    if matter.is_restricted and not may_see_restricted(user, matter.body):
        raise Matter.DoesNotExist
    related = ("meeting__body", "parent")
    referrals = list(
        Referral.objects.filter(matter=matter)
        .select_related(*(f"from_item__{r}" for r in related), *(f"to_item__{r}" for r in related))
        .order_by("pk")
    )
    items: dict[int, AgendaItem] = {}
    purposes: dict[int, str] = {}
    for referral in referrals:
        items.setdefault(referral.from_item_id, referral.from_item)
        items.setdefault(referral.to_item_id, referral.to_item)
        purposes[referral.to_item_id] = referral.get_purpose_display()
    decisions = visible_to(
        Decision.objects.filter(agenda_item_id__in=items).select_related(
            "body", "agenda_item__parent"
        ),
        user,
    ).order_by("decided_on", "sequence")
    by_item: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    allowed = body_ids_with_restricted_access(user)
    mark_shown(user, items.values())
    steps = [
        JourneyStep(
            item=item,
            meeting=item.meeting,
            hidden=item_is_restricted(item) and item.meeting.body_id not in allowed,
            unpublished=not item.shown,
            purpose=purposes.get(item.pk, ""),
            decisions=by_item.get(item.pk, []),
        )
        for item in items.values()
    ]
    steps.sort(key=lambda step: (step.meeting.start, step.item.pk))
    return matter, steps
