from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from governance.models import Action, Ballot, Decision, DeclarationOfInterest
from meetings.published_items import mark_shown
from membership.access import AnyUser, body_ids_with_restricted_access
from membership.models import Body, Partnership

from ._visibility import once_held, serving, visible_to, with_joint_mark

DECISION_RELATED = ("body", "meeting", "agenda_item__parent", "superseded_by", "vote")


def decision_list_visible(
    user: AnyUser,
    *,
    partnership: Partnership | None = None,
    body: Body | None = None,
    year: int | None = None,
    decision_type: str = "",
    status: str = "",
    text: str = "",
) -> QuerySet[Decision]:
    """The decisions register of the partnership as this user may see it, newest first,
    each with `body_is_joint`."""
    # Read once: both the restricted rows and the meetings not yet held are its bodies'.
    allowed = body_ids_with_restricted_access(user)
    decisions = with_joint_mark(
        serving(
            visible_to(Decision.objects.select_related(*DECISION_RELATED), user, allowed=allowed),
            partnership,
        )
    )
    decisions = once_held(decisions, user, allowed=allowed)
    if body is not None:
        decisions = decisions.filter(body=body)
    if year:
        decisions = decisions.filter(decided_on__year=year)
    if decision_type:
        decisions = decisions.filter(decision_type=decision_type)
    if status:
        decisions = decisions.filter(status=status)
    if text:
        decisions = decisions.filter(
            Q(title__icontains=text) | Q(text__icontains=text) | Q(reference__icontains=text)
        )
    return decisions.order_by("-decided_on", "-sequence", "-pk")


def decision_get_visible(
    user: AnyUser, key: str, *, partnership: Partnership | None = None
) -> Decision:
    """One decision by its reference ("KSCB/2011/004") or id, with what its page shows:
    decisions it replaced, actions arising, and interests declared on its item, which is
    marked `shown` or not for the user (meetings.published_items), and `body_is_joint`.
    Raises Decision.DoesNotExist for a decision the user may not see, or of a body not
    serving the partnership."""
    actions = visible_to(Action.objects.select_related("owner", "organisation"), user)
    replaced = visible_to(Decision.objects.all(), user)
    decisions = once_held(
        with_joint_mark(
            serving(
                visible_to(Decision.objects.select_related(*DECISION_RELATED, "resolution"), user),
                partnership,
            )
        ),
        user,
    ).prefetch_related(
        Prefetch("vote__ballots", queryset=Ballot.objects.select_related("person")),
        Prefetch("supersedes", queryset=replaced, to_attr="replaced_decisions"),
        Prefetch("actions", queryset=actions.order_by("due_date"), to_attr="arising_actions"),
        Prefetch(
            "agenda_item__declarations",
            queryset=DeclarationOfInterest.objects.select_related("person"),
            to_attr="declared_interests",
        ),
    )
    decision = decisions.get(pk=int(key)) if key.isdigit() else decisions.get(reference=key.upper())
    mark_shown(user, [decision.agenda_item])
    return decision


def decision_corrections(decision: Decision) -> list:
    """The changes made after the decision was recorded, with when and why (newest first)."""
    return list(
        decision.history.filter(history_type="~")
        .exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .select_related("history_user")
        .order_by("-history_date")
    )
