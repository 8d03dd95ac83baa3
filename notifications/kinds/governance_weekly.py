"""The logs' weekly emails: each owner's reminder of their actions, and the business unit's
list of what is overdue across the logs. A restricted record is named by its reference alone
(see notifications.kinds.governance)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.urls import reverse

from core.dates import long_date
from governance.models import (
    OPEN_STATUSES,
    WAITING_STATUSES,
    Action,
    Challenge,
    ImprovementAction,
    Risk,
    RiskStatus,
)
from governance.selectors.plans import FINISHED
from membership.models import Body, Partnership, Person
from notifications.digest import digest_period
from notifications.kinds.governance import my_actions_url, plural, said
from notifications.messages import Message, absolute_url, render_message
from notifications.registry import Audience, Notice, register
from notifications.selectors import partnership_due, partnership_named, people_in_business_unit

ACTION_REMINDER_DAYS = 7
# An email lists at most this many entries of each log, then says how many more there are.
SUMMARY_LIMIT = 50


def _action_line(action: Action, *, owner: bool = False) -> str:
    who = f", {action.owner.name}" if owner else ""
    return (
        f"{action.reference} ({action.body.name}){who}, due {long_date(action.due_date)}: "
        f"{said(action.description, action.restricted)}"
    )


# ---------------------------------------------------------------------------
# Each owner's weekly reminder of their actions
# ---------------------------------------------------------------------------
@dataclass
class OwnerActions:
    owner: Person
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)


def actions_to_remind(on: datetime.date) -> list[OwnerActions]:
    """Each owner with open actions overdue or due in the next 7 days, by owner."""
    actions = (
        Action.objects.filter(
            status__in=OPEN_STATUSES,
            due_date__lte=on + datetime.timedelta(days=ACTION_REMINDER_DAYS),
        )
        .select_related("owner", "body", "agenda_item__parent")
        .order_by("owner_id", "due_date", "reference")
    )
    owners: dict[int, OwnerActions] = {}
    for action in actions:
        entry = owners.setdefault(action.owner_id, OwnerActions(owner=action.owner))
        (entry.overdue if action.due_date < on else entry.due_soon).append(action)
    return list(owners.values())


@register
@dataclass
class ActionReminders(Notice):
    """Every Monday, to each owner with actions due in the next 7 days or overdue."""

    key = "governance.action_reminders"
    label = "A weekly reminder of my actions"
    description = "Every Monday, when you have actions due in the next 7 days or overdue."

    on: datetime.date
    owners: dict[int, OwnerActions]

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        return [{"on": on.isoformat()}]

    @classmethod
    def load(cls, *, on: str) -> ActionReminders | None:
        day = datetime.date.fromisoformat(on)
        owners = {entry.owner.pk: entry for entry in actions_to_remind(day)}
        return cls(on=day, owners=owners) if owners else None

    @property
    def event_key(self) -> str:
        return f"action-reminders:{digest_period(self.on)}"

    def recipients(self):
        return [entry.owner for entry in self.owners.values()]

    def message(self, person: Person) -> Message:
        entry = self.owners[person.pk]
        parts = []
        if entry.overdue:
            parts.append(f"{len(entry.overdue)} overdue")
        if entry.due_soon:
            parts.append(f"{len(entry.due_soon)} due in the next {ACTION_REMINDER_DAYS} days")
        counts = " and ".join(parts)
        return render_message(
            "email/governance/action_reminders",
            {
                "overdue": [_action_line(action) for action in entry.overdue],
                "due_soon": [_action_line(action) for action in entry.due_soon],
                "days": ACTION_REMINDER_DAYS,
                "on": self.on,
            },
            person=person,
            subject=f"Your actions: {counts}",
            summary=f"Your actions: {counts}.",
            url=my_actions_url(),
        )


# ---------------------------------------------------------------------------
# The business unit's weekly list of what is overdue across the logs
# ---------------------------------------------------------------------------
@dataclass
class Section:
    heading: str
    noun: tuple[str, str]
    lines: list[str]
    total: int
    url: str

    @property
    def more(self) -> int:
        return self.total - len(self.lines)

    @property
    def count(self) -> str:
        return plural(self.total, *self.noun)


def _section(heading: str, noun: tuple[str, str], queryset, line, url_name: str) -> Section:
    return Section(
        heading=heading,
        noun=noun,
        lines=[line(row) for row in queryset[:SUMMARY_LIMIT]],
        total=queryset.count(),
        url=absolute_url(reverse(url_name)),
    )


def _challenge_line(challenge: Challenge) -> str:
    lead = f", {challenge.agency_lead.name}" if challenge.agency_lead_id else ""
    return (
        f"{challenge.reference} to {challenge.agency.name}{lead}, response due "
        f"{long_date(challenge.response_due)}: {said(challenge.issue, challenge.restricted)}"
    )


def _risk_line(risk: Risk) -> str:
    # Its first assessment, made as it is added, is a review of the day it was added.
    if risk.last_reviewed is None or risk.last_reviewed <= risk.opened_on:
        when = f"not reviewed since it was added on {long_date(risk.opened_on)}"
    else:
        when = f"last reviewed {long_date(risk.last_reviewed)}"
    return (
        f"{risk.reference} ({risk.body.name}), {risk.owner.name}, review due "
        f"{long_date(risk.next_review_on)}, {when}: "
        f"{said(risk.title, risk.restricted)}"
    )


def _plan_action_line(item: ImprovementAction) -> str:
    return (
        f"{item.number} of {item.objective.priority.plan.title}, {item.lead.name}, due "
        f"{long_date(item.due_date)}: {said(item.description, False)}"
    )


def overdue_sections(on: datetime.date, partnership: Partnership) -> list[Section]:
    """What is overdue on the day in each log of the partnership's bodies (a joint body's in
    each partnership it serves), oldest first, with no section left out."""
    bodies = Body.objects.in_partnership(partnership).values("pk")
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES, due_date__lt=on, body__in=bodies)
        .select_related("owner", "body", "agenda_item__parent")
        .order_by("due_date", "reference")
    )
    challenges = (
        Challenge.objects.filter(status__in=WAITING_STATUSES, response_due__lt=on, body__in=bodies)
        .select_related("agency", "agency_lead", "agenda_item__parent")
        .order_by("response_due", "reference")
    )
    risks = (
        Risk.objects.filter(status=RiskStatus.OPEN, body__in=bodies)
        .filter(next_review_on__lt=on)
        .annotate(last_reviewed=Max("reviews__reviewed_on"))
        .select_related("owner", "body")
        .order_by("next_review_on", "reference")
    )
    plan_actions = (
        ImprovementAction.objects.filter(
            due_date__lt=on, objective__priority__plan__body__in=bodies
        )
        .exclude(rag__in=FINISHED)
        .select_related("lead", "objective__priority__plan")
        .order_by("due_date", "number", "pk")
    )
    return [
        _section(
            "Actions past their due date",
            ("action", "actions"),
            actions,
            lambda action: _action_line(action, owner=True),
            "governance:action_index",
        ),
        _section(
            "Challenge responses overdue",
            ("challenge response", "challenge responses"),
            challenges,
            _challenge_line,
            "governance:challenge_index",
        ),
        _section(
            "Risk reviews overdue",
            ("risk review", "risk reviews"),
            risks,
            _risk_line,
            "governance:risk_index",
        ),
        _section(
            "Plan actions past their due date",
            ("plan action", "plan actions"),
            plan_actions,
            _plan_action_line,
            "governance:plan_index",
        ),
    ]


@register
@dataclass
class OverdueSummary(Notice):
    """Every Monday, to each partnership's business unit: what is overdue across the logs of
    its bodies."""

    key = "governance.overdue_summary"
    label = "What is overdue across the logs"
    description = (
        "Every Monday, for the business unit: overdue actions, challenge responses and plan "
        "actions, and risks past their review date."
    )
    audience = Audience.BUSINESS_UNIT

    on: datetime.date
    sections: list[Section]
    partnership: Partnership | None = None

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        return partnership_due(on)

    @classmethod
    def load(cls, *, on: str, partnership: int | None = None) -> OverdueSummary | None:
        day = datetime.date.fromisoformat(on)
        found = partnership_named(partnership)
        if found is None:
            return None
        sections = [section for section in overdue_sections(day, found) if section.total]
        return cls(on=day, sections=sections, partnership=found) if sections else None

    @property
    def event_key(self) -> str:
        key = f"overdue-summary:{digest_period(self.on)}"
        if self.partnership is not None and not self.partnership.is_default:
            key += f":{self.partnership.code}"
        return key

    def recipients(self):
        return people_in_business_unit(partnership=self.partnership)

    def message(self, person: Person) -> Message:
        counts = ", ".join(section.count for section in self.sections)
        return render_message(
            "email/governance/overdue_summary",
            {"sections": self.sections, "on": self.on},
            person=person,
            subject=f"Overdue across the logs: {counts}",
            summary=f"Overdue on {long_date(self.on)}: {counts}.",
            url=absolute_url(reverse("governance:action_index")),
        )
