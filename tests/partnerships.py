"""A second partnership beside the default one, as a business unit would set it up: its own
site on adults.localhost, business-unit group and board."""

from __future__ import annotations

from django.contrib.auth.models import User

from cms.partnerships import create_partnership
from membership.models import Partnership
from tests.membership.factories import UserFactory

ADULTS_HOST = "adults.localhost"


def second_partnership(
    *,
    name: str = "Safeguarding Adults Board",
    code: str = "SAB",
    hostname: str = ADULTS_HOST,
    board_name: str = "Safeguarding Adults Board",
    board_short_name: str = "SAB",
) -> Partnership:
    return create_partnership(
        actor=None,
        name=name,
        code=code,
        hostname=hostname,
        board_name=board_name,
        board_short_name=board_short_name,
    )


def manager_of(*partnerships: Partnership, username: str | None = None) -> User:
    """A business-unit user of exactly these partnerships."""
    user = UserFactory(**({"username": username} if username else {}))
    for partnership in partnerships:
        user.groups.add(partnership.business_unit)
    return user
