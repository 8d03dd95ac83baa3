"""Terms that end soon, and the bodies that will then fall short of a representation
requirement: a weekly notice to each partnership's business unit about its own bodies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from core.dates import long_date
from membership.models import Body, Membership, Partnership
from membership.selectors import ComplianceReport, body_compliance
from notifications import selectors
from notifications.digest import digest_period
from notifications.messages import Message, absolute_url, render_message
from notifications.registry import Audience, Notice, register

WINDOW_DAYS = 60


@dataclass
class Ending:
    """The terms of one body that end on one day, and the body's compliance the day after."""

    body: Body
    end_date: datetime.date
    memberships: list[Membership] = field(default_factory=list)
    compliance: ComplianceReport | None = None

    @property
    def day_after(self) -> datetime.date:
        return self.end_date + datetime.timedelta(days=1)

    @property
    def shortfalls(self) -> list[str]:
        """The requirements unmet the day after, in words."""
        if self.compliance is None:
            return []
        return [
            f"{status.requirement.sector.name}: needs {status.requirement.minimum}, "
            f"will have {status.found}"
            for status in self.compliance.unmet
        ]

    @property
    def vacated_seats(self) -> list[str]:
        """Seats these terms held that nobody will hold the day after."""
        if self.compliance is None:
            return []
        held = {m.seat_id for m in self.memberships if m.seat_id}
        return [seat.title for seat in self.compliance.vacant_seats if seat.pk in held]


def terms_ending(
    on: datetime.date, *, days: int = WINDOW_DAYS, partnership: Partnership | None = None
) -> list[Ending]:
    """Terms ending from `on` to `on + days` (on the partnership's bodies, when one is
    named), grouped by body and end date, each group with body_compliance on the day after
    it ends (successors already appointed count)."""
    memberships = Membership.objects.filter(
        end_date__gte=on, end_date__lte=on + datetime.timedelta(days)
    )
    if partnership is not None:
        memberships = memberships.filter(body__in=Body.objects.in_partnership(partnership))
    memberships = memberships.select_related(
        "person", "role", "body", "organisation", "seat"
    ).order_by("end_date", "body__sort_order", "body__name", "person__family_name")
    groups: dict[tuple[int, datetime.date], Ending] = {}
    for membership in memberships:
        key = (membership.body_id, membership.end_date)
        if key not in groups:
            groups[key] = Ending(body=membership.body, end_date=membership.end_date)
        groups[key].memberships.append(membership)
    for ending in groups.values():
        ending.compliance = body_compliance(ending.body, ending.day_after)
    return list(groups.values())


@register
@dataclass
class TermsEnding(Notice):
    """Every Monday, to the business unit: the terms that end in the next 60 days."""

    key = "membership.terms_ending"
    label = "Terms of office ending in the next 60 days"
    description = (
        "Every Monday, for the business unit: whose terms end soon, and which boards and "
        "groups will then be short of a required agency."
    )
    audience = Audience.BUSINESS_UNIT

    on: datetime.date
    endings: list[Ending]
    partnership: Partnership | None = None

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        return selectors.partnership_due(on)

    @classmethod
    def load(cls, *, on: str, partnership: int | None = None) -> TermsEnding | None:
        day = datetime.date.fromisoformat(on)
        found = selectors.partnership_named(partnership)
        if found is None:
            return None
        endings = terms_ending(day, partnership=found)
        return cls(on=day, endings=endings, partnership=found) if endings else None

    @property
    def event_key(self) -> str:
        key = f"terms-ending:{digest_period(self.on)}"
        if self.partnership is not None and not self.partnership.is_default:
            key += f":{self.partnership.code}"
        return key

    def recipients(self):
        return selectors.people_in_business_unit(partnership=self.partnership)

    def message(self, person) -> Message:
        count = sum(len(ending.memberships) for ending in self.endings)
        short = [ending for ending in self.endings if ending.shortfalls]
        until = long_date(self.on + datetime.timedelta(WINDOW_DAYS))
        subject = f"{count} term{'s' if count != 1 else ''} of office end by {until}"
        if short:
            subject += f"; {len(short)} will leave a body short of a required agency"
        return render_message(
            "email/notifications/terms_ending",
            {"endings": self.endings, "on": self.on, "window": WINDOW_DAYS},
            person=person,
            subject=subject,
            url=absolute_url("/admin/"),
        )
