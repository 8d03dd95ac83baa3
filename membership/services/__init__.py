"""Every change to membership data goes through here, whoever makes it: the admin, the CSV
import and `load_demo` all check the same rules and write the same history."""

from .logins import person_link_login
from .records import (
    body_save,
    membership_end,
    membership_save,
    membership_start,
    organisation_save,
    person_save,
    requirement_remove,
    requirement_save,
    seat_handover,
    seat_remove,
    seat_save,
    sector_save,
)

__all__ = [
    "body_save",
    "membership_end",
    "membership_save",
    "membership_start",
    "organisation_save",
    "person_link_login",
    "person_save",
    "requirement_remove",
    "requirement_save",
    "seat_handover",
    "seat_remove",
    "seat_save",
    "sector_save",
]
