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
from .roles import Role, RoleType

__all__ = [
    "Body",
    "BodyKind",
    "BodyQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "Partnership",
    "Person",
    "RepresentationRequirement",
    "Role",
    "RoleType",
    "Seat",
    "SeatType",
    "Sector",
    "default_partnership",
    "default_partnership_id",
]
