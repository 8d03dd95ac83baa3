"""The roles a person holds on a body, and which of them chair, hold a seat or represent
an agency. Apart from the models, so the membership rules can read them without the models."""

from django.db import models


class Role(models.TextChoices):
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    LAY_MEMBER = "lay_member", "Lay member"
    PARTICIPANT_OBSERVER = "participant_observer", "Participant observer"
    ADVISER = "adviser", "Adviser"
    DEPUTY = "deputy", "Deputy"
    CLERK = "clerk", "Clerk"


CHAIR_ROLES = frozenset({Role.INDEPENDENT_CHAIR, Role.CHAIR})
# Roles that fill a seat themselves; a deputy stands in for the holder and shares the seat.
SEAT_HOLDING_ROLES = frozenset(set(Role) - {Role.DEPUTY, Role.CLERK})
# Roles that count towards an agency's representation and towards quorum: clerks, advisers
# and observers attend without representing or voting.
REPRESENTING_ROLES = frozenset(
    {Role.INDEPENDENT_CHAIR, Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.LAY_MEMBER}
)
