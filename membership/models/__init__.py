"""Who sits where, and when: agencies, people, bodies, seats and memberships.

The shape follows Popolo: a Body is an Organization, a Seat is a Post, a Membership joins a
Person to a Body (and usually a Seat) on behalf of an Organisation, for a dated term.
"""

from .bodies import (
    Body,
    BodyKind,
    Seat,
    SeatType,
)
from .memberships import (
    Membership,
    MembershipQuerySet,
    RepresentationRequirement,
)
from .people import (
    Organisation,
    Person,
    Sector,
)
from .roles import CHAIR_ROLES, REPRESENTING_ROLES, SEAT_HOLDING_ROLES, Role

__all__ = [
    "Body",
    "BodyKind",
    "CHAIR_ROLES",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "Person",
    "REPRESENTING_ROLES",
    "RepresentationRequirement",
    "Role",
    "SEAT_HOLDING_ROLES",
    "Seat",
    "SeatType",
    "Sector",
]
