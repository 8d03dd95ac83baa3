"""The one place that answers who may see and do what.

Rights come from memberships on the day, not from groups, so a term that ends takes effect
on the next request, as does marking a person inactive, which ends what their memberships
give them at once. The groups say what kind of user someone is: a partnership's business-
unit group runs that partnership's bodies (membership.partnerships: its own, and joint
bodies reporting into its board), its people and their memberships, never another
partnership's unless its users are in that group too; superusers run them all. Chairs and
Members are the groups people who sit on bodies are placed in for sign-in and
communications.
"""

from __future__ import annotations

import datetime

from core.dates import today
from core.roles import BUSINESS_UNIT_GROUP, CHAIRS_GROUP, AnyUser
from core.roles import is_business_unit as is_business_unit
from membership.models import Body, Membership, Person
from membership.partnerships import (
    managed_body_ids,
    managed_partnership_ids,
    manages,
    runs_every_partnership,
)

MEMBERS_GROUP = "Members"
ALL_GROUPS = (BUSINESS_UNIT_GROUP, CHAIRS_GROUP, MEMBERS_GROUP)


def person_for(user: AnyUser) -> Person | None:
    """The person the user signs in as. A person the business unit has marked inactive is
    no one here: no seats, so nothing restricted and no chair's rights, whatever their
    memberships say, from the next request."""
    if not (user.is_authenticated and user.is_active):
        return None
    try:
        person = user.person
    except Person.DoesNotExist:
        return None
    return person if person.active else None


def current_seats(user: AnyUser, on: datetime.date) -> tuple[tuple[int, bool], ...]:
    """(body id, whether its role may chair) of each membership the user holds on the day,
    read once per user object and day. A request has its own user object, so a membership
    that ends still takes effect on the next request; several checks within one request
    cost one read."""
    person = person_for(user)
    if person is None:
        return ()
    # Through getattr and setattr, which reach the user behind request.user's lazy object.
    read = getattr(user, "_tabled_current_seats", None)
    if read is None:
        read = user._tabled_current_seats = {}
    if on not in read:
        read[on] = tuple(
            Membership.objects.current_on(on)
            .filter(person_id=person.pk)
            .values_list("body_id", "role__may_chair")
        )
    return read[on]


def sits_on_a_body(user: AnyUser, on: datetime.date | None = None) -> bool:
    """Whether the user holds any membership on the day."""
    return bool(current_seats(user, on or today()))


def _managed_bodies(user: AnyUser) -> set[int]:
    """The bodies the user's business unit runs, in one query (none for anyone else)."""
    if not managed_partnership_ids(user):
        return set()
    if runs_every_partnership(user):
        return set(Body.objects.values_list("pk", flat=True))
    return set(Body.objects.filter(pk__in=managed_body_ids(user)).values_list("pk", flat=True))


def body_ids_with_restricted_access(user: AnyUser, on: datetime.date | None = None) -> set[int]:
    """Bodies whose restricted material this user may see today: those they sit on, and
    those their business unit runs."""
    on = on or today()
    seats = {body_id for body_id, _chairs in current_seats(user, on)}
    return seats | _managed_bodies(user)


def may_see_restricted(user: AnyUser, body: Body, on: datetime.date | None = None) -> bool:
    """Current members of the body (any role, observers and deputies too) and the business
    unit of a partnership it serves see its restricted items and papers."""
    if manages(user, body):
        return True
    return any(body_id == body.pk for body_id, _chairs in current_seats(user, on or today()))


def body_ids_chaired(user: AnyUser, on: datetime.date | None = None) -> list[int]:
    """The bodies the user chairs on the day (a role that may chair), from the
    seats read once per user object and day."""
    return [body_id for body_id, chairs in current_seats(user, on or today()) if chairs]


def chairs_body(user: AnyUser, body: Body, on: datetime.date | None = None) -> bool:
    """Whether the user chairs the body on the day: holds a role that may chair it."""
    return any(
        body_id == body.pk and chairs for body_id, chairs in current_seats(user, on or today())
    )


def may_act_as_chair(user: AnyUser, body: Body, on: datetime.date | None = None) -> bool:
    """Chairs act on the bodies they chair; a business unit on the bodies of the partnerships
    it runs."""
    return manages(user, body) or chairs_body(user, body, on)


def body_ids_managed(user: AnyUser) -> set[int]:
    """Bodies whose members the user keeps: those of the partnerships their business unit
    runs; none for anyone else, so a report about people shows others only what the
    business unit may."""
    return _managed_bodies(user)


def may_import_memberships(user: AnyUser) -> bool:
    """An import adds people and memberships in bulk: whoever may add a membership may."""
    return user.is_authenticated and user.is_active and user.has_perm("membership.add_membership")
