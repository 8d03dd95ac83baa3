"""Every change to membership data goes through here, whoever makes it: the admin, the CSV
import and `load_demo` all check the same rules and write the same history."""

from .logins import (
    login_password_set,
    person_invitation_resend,
    person_invite,
    person_link_login,
    person_login_deactivate,
    person_login_reactivate,
)
from .records import (
    body_save,
    hand_over_seat,
    membership_end,
    membership_save,
    membership_start,
    organisation_save,
    person_save,
    requirement_remove,
    requirement_save,
    seat_remove,
    seat_save,
    sector_save,
)
from .roles import role_type_remove, role_type_save

__all__ = [
    "body_save",
    "login_password_set",
    "membership_end",
    "membership_save",
    "membership_start",
    "organisation_save",
    "person_invitation_resend",
    "person_invite",
    "person_link_login",
    "person_login_deactivate",
    "person_login_reactivate",
    "person_save",
    "hand_over_seat",
    "requirement_remove",
    "requirement_save",
    "role_type_remove",
    "role_type_save",
    "seat_remove",
    "seat_save",
    "sector_save",
]
