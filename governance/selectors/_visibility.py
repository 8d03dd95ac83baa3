from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from meetings.models import AgendaItem, MeetingStatus
from membership.access import AnyUser, body_ids_with_restricted_access
from membership.models import Body, Partnership
from membership.partnerships import body_ids_in


def _restricted_item_ids() -> tuple[QuerySet, QuerySet]:
    """Restricted agenda items, and the sub-items of restricted items: both small sets,
    read through the partial index `agendaitem_restricted`."""
    restricted = AgendaItem.objects.filter(is_restricted=True).values("pk")
    return restricted, AgendaItem.objects.filter(parent__in=restricted).values("pk")


def visible_to(
    queryset: QuerySet,
    user: AnyUser,
    *,
    item_field: str | None = "agenda_item",
    allowed=None,
) -> QuerySet:
    """The rows the user may see: everything unrestricted, and the restricted rows of the
    bodies whose restricted material they see. Applied in the query, so restricted rows never
    reach a page, an export or a count.

    Unrestricted means what governance.models.unrestricted_q says: not restricted itself,
    and not on a restricted item or a sub-item of one. It is written here as "not among the
    restricted items" rather than as joins to the item and its parent, so that counting a
    register of thousands reads two small sets instead of joining every row twice."""
    if allowed is None:
        allowed = body_ids_with_restricted_access(user)
    public = Q(is_restricted=False)
    if item_field:
        restricted, under_restricted = _restricted_item_ids()
        public &= ~Q(**{f"{item_field}__in": restricted})
        public &= ~Q(**{f"{item_field}__in": under_restricted})
    return queryset.filter(public | Q(body_id__in=allowed))


def serving(queryset: QuerySet, partnership: Partnership | None) -> QuerySet:
    """The rows of bodies serving the partnership (its own, and joint bodies reporting into
    it): what its site shows. A joint body's record is one row, shown by each partnership it
    serves. Every row for None (the API, tasks)."""
    if partnership is None:
        return queryset
    return queryset.filter(body__in=body_ids_in(partnership))


def with_joint_mark(queryset: QuerySet) -> QuerySet:
    """Each row with `body_is_joint`: whether its body also reports into another
    partnership (Body.is_joint), read in the same query."""
    reports_elsewhere = Body.also_reports_to.through.objects.filter(
        from_body_id=OuterRef("body_id")
    ).exclude(to_body__partnership_id=OuterRef("body__partnership_id"))
    return queryset.annotate(body_is_joint=Exists(reports_elsewhere))


def held_q(allowed: set[int]) -> Q:
    """Rows whose meeting has been held, or of the bodies in `allowed` (whose members and
    business unit see a meeting's records as soon as they are logged)."""
    return (
        Q(meeting__isnull=True)
        | Q(meeting__status=MeetingStatus.HELD)
        | Q(meeting__end__lte=timezone.now())
        | Q(body_id__in=allowed)
    )


def once_held(queryset: QuerySet, user: AnyUser, *, allowed=None) -> QuerySet:
    """A meeting's decisions reach the public once the meeting has been held (marked held,
    or its end has passed), never while it is still being logged; the business unit and
    the body's members see them earlier. Each row gets `subject_to_minutes`: taken at a
    meeting whose minutes are not yet approved."""
    from governance.models import Minutes, MinutesStatus

    approved = Minutes.objects.filter(
        meeting_id=OuterRef("meeting_id"), status=MinutesStatus.APPROVED
    )
    if allowed is None:
        allowed = body_ids_with_restricted_access(user)
    return queryset.filter(held_q(allowed)).annotate(minutes_approved=Exists(approved))
