"""Who sits where, and when: agencies, people, bodies, seats and memberships.

The shape follows Popolo: a Body is an Organization, a Seat is a Post, a Membership joins a
Person to a Body (and usually a Seat) on behalf of an Organisation, for a dated term.
"""

from .bodies import (
    Body,
    BodyKind,
    BodyQuerySet,
    Seat,
    SeatType,
)
from .memberships import (
    Membership,
    MembershipQuerySet,
    RepresentationRequirement,
)
from .partnerships import Partnership, default_partnership, default_partnership_id
from .people import (
    Organisation,
    Person,
    Sector,
)
from .roles import CHAIR_ROLES, REPRESENTING_ROLES, SEAT_HOLDING_ROLES, Role

__all__ = [
    "Body",
    "BodyKind",
    "BodyQuerySet",
    "CHAIR_ROLES",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "Partnership",
    "Person",
    "REPRESENTING_ROLES",
    "RepresentationRequirement",
    "Role",
    "SEAT_HOLDING_ROLES",
    "Seat",
    "SeatType",
    "Sector",
    "default_partnership",
    "default_partnership_id",
]
