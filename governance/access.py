"""Who may see and do what in the logs, on top of membership.access.

- The decisions register and matters are public; the action, challenge and risk logs and
  the plans are for members (anyone sitting on a body today) and the business unit.
- Restricted records (marked so, or on a restricted agenda item) are seen only by those who
  may see the body's restricted material: its current members and the business units of
  the partnerships it serves (membership.partnerships).
- A chair acts on the logs of the bodies they chair; a business unit on the bodies of its
  partnerships. Any business unit may read the logs, as anyone sitting on a body may: what
  is restricted in them is filtered by body.
- An action's owner updates their own action.
- Minutes: approved minutes are public. Drafts and minutes with the chair are seen by the
  body's chair and its business units, who write them until they are approved; circulated
  minutes also by those who attended, who may comment. Restricted items' minutes follow the
  agenda's rule (`may_see_restricted`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from governance.models import EDITABLE_STATUSES, MinutesStatus, VersionStage
from membership.access import (
    AnyUser,
    body_ids_with_restricted_access,
    is_business_unit,
    may_act_as_chair,
    may_see_restricted,
    person_for,
    sits_on_a_body,
)
from membership.models import Body

__all__ = [
    "body_ids_with_restricted_access",
    "is_business_unit",
    "is_member",
    "may_act_as_chair",
    "may_see_record",
    "may_see_restricted",
    "may_update_action",
    "may_view_logs",
    "minutes_access",
    "MinutesAccess",
    "require",
]


def is_member(user: AnyUser) -> bool:
    """Whether the user sits on any body today."""
    return sits_on_a_body(user)


def may_view_logs(user: AnyUser) -> bool:
    return is_business_unit(user) or is_member(user)


def may_see_record(user: AnyUser, record) -> bool:
    """A log entry of a body: restricted ones only for those who see the body's restricted
    material."""
    return not record.restricted or may_see_restricted(user, record.body)


def may_update_action(user: AnyUser, action) -> bool:
    """The owner, the chair of the action's body and the business unit."""
    person = person_for(user)
    if person is not None and person.pk == action.owner_id:
        return True
    return may_act_as_chair(user, action.body)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def chair_refusal(body: Body) -> str:
    return (
        f"Only the chair of the {body.name} and the business unit can do this. If you chair "
        "it, ask the business unit to check your membership."
    )


PUBLIC_STAGES = frozenset({VersionStage.APPROVED, VersionStage.AMENDED})


@dataclass(frozen=True)
class MinutesAccess:
    """What one reader may do with one meeting's minutes (`status` None: no minutes yet)."""

    status: str | None
    editor: bool
    attended: bool
    see_restricted: bool

    @property
    def may_read(self) -> bool:
        if self.status is None:
            return False
        if self.status == MinutesStatus.APPROVED or self.editor:
            return True
        return self.status == MinutesStatus.CIRCULATED and self.attended

    @property
    def may_edit(self) -> bool:
        return self.editor and self.status in EDITABLE_STATUSES

    @property
    def may_comment(self) -> bool:
        return self.attended and self.status == MinutesStatus.CIRCULATED

    @property
    def may_see_comments(self) -> bool:
        return self.status is not None and (self.editor or self.attended)

    @property
    def is_public_view(self) -> bool:
        """What the reader sees is what anyone sees: approved, with restricted items left out."""
        return self.status == MinutesStatus.APPROVED and not self.see_restricted

    def may_see_stage(self, stage: str) -> bool:
        if stage in PUBLIC_STAGES or self.editor:
            return True
        return stage == VersionStage.CIRCULATED and self.attended


def minutes_access(
    user: AnyUser, body: Body, *, status: str | None, attendee_ids: set[int]
) -> MinutesAccess:
    person = person_for(user)
    return MinutesAccess(
        status=status,
        editor=may_act_as_chair(user, body),
        attended=person is not None and person.pk in attendee_ids,
        see_restricted=may_see_restricted(user, body),
    )
