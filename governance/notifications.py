"""Emails about the logs: an action assigned to you, minutes circulated for comment, a
challenge response due or overdue, each owner's weekly reminder of their actions, and the
business unit's weekly list of what is overdue across the logs. Each is queued by a service
once its transaction commits, or by beat, and sent by a task in governance.tasks through
membership.notifications (each person's choice, at most once per person per event).

As in meetings.notifications, a restricted record is never described in an email, not even
to people who may read it on the site: an email outlives the reader's term and travels
beyond the site's access checks. A restricted action, challenge or risk is named by its
reference alone and a restricted minute as "Restricted item", with a link to the page where
a signed-in reader sees what they may.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date
from governance import selectors
from governance.minutes_snapshots import attendee_ids
from governance.models import (
    OPEN_STATUSES,
    WAITING_STATUSES,
    Action,
    Challenge,
    EscalationLevel,
    ImprovementAction,
    MinutesStatus,
    MinutesVersion,
    Risk,
    RiskStatus,
    VersionStage,
)
from governance.selectors.plans import FINISHED
from membership.models import Person
from membership.notifications import delivery
from membership.notifications.messages import Message, absolute_url, render_message
from membership.notifications.outbox import enqueue, enqueue_on_commit
from membership.notifications.registry import Audience, Delivery, register
from membership.notifications.selectors import people_in_business_unit

ACTION_ASSIGNED = register(
    "governance.action_assigned",
    label="An action is assigned to me",
    default=Delivery.IMMEDIATE,
    description="When a board or group logs an action for you, or passes one to you: what "
    "it is and when it is due.",
)
MINUTES_CIRCULATED = register(
    "governance.minutes_circulated",
    label="Minutes are circulated for comment",
    default=Delivery.IMMEDIATE,
    description="The draft minutes of a meeting you attended, and any corrected version, "
    "with a link to comment on them.",
)
CHALLENGE_RESPONSE = register(
    "governance.challenge_response",
    label="A challenge response is due or overdue",
    default=Delivery.IMMEDIATE,
    description="For the lead named on a challenge to an agency, and the business unit: a "
    "week before the response is due, and once when it is overdue.",
)
ACTION_REMINDERS = register(
    "governance.action_reminders",
    label="A weekly reminder of my actions",
    default=Delivery.IMMEDIATE,
    description="Every Monday, when you have actions due in the next 7 days or overdue.",
)
OVERDUE_SUMMARY = register(
    "governance.overdue_summary",
    label="What is overdue across the logs",
    default=Delivery.IMMEDIATE,
    description="Every Monday, for the business unit: overdue actions, challenge responses "
    "and plan actions, and risks past their review date.",
    audience=Audience.BUSINESS_UNIT,
)

# The agency lead hears a week ahead of the response date: time to chase it inside the
# agency, short enough not to be forgotten.
CHALLENGE_DUE_SOON_DAYS = 7
# The daily check tells of a response that became overdue in the last fortnight, so a few
# missed beat runs lose nothing, while the long overdue (or a log imported from before
# Tabled) do not all arrive at once: the weekly overdue summary lists those.
CHALLENGE_OVERDUE_NOTICE_DAYS = 14
ACTION_REMINDER_DAYS = 7
# An email lists at most this many entries of each log, then says how many more there are.
SUMMARY_LIMIT = 50

DUE = "due"
OVERDUE = "overdue"


def _date(value: str | datetime.date | None) -> datetime.date:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value or timezone.localdate()


def _said(text: str, restricted: bool, *, limit: int = 160) -> str:
    """What an email may say of a record: its text, shortened, or that it is restricted."""
    if restricted:
        return "restricted, described only on the site"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _my_actions_url() -> str:
    return absolute_url(reverse("governance:my_actions"))


# ---------------------------------------------------------------------------
# Queued by the services once their transaction commits
# ---------------------------------------------------------------------------
def action_assigned_on_commit(action: Action) -> None:
    """Tell the action's owner once it is committed that it is theirs."""
    from governance import tasks

    if action.is_open:
        enqueue_on_commit(tasks.action_assigned_notify, action.pk, action.owner_id)


def minutes_circulated_on_commit(version: MinutesVersion) -> None:
    """Ask those who attended for their comments once the circulated version is committed."""
    from governance import tasks

    enqueue_on_commit(tasks.minutes_circulated_notify, version.pk)


# ---------------------------------------------------------------------------
# An action assigned to you
# ---------------------------------------------------------------------------
def action_assigned_message(person: Person, action: Action) -> Message:
    due = long_date(action.due_date)
    summary = f"{action.body.name}, due {due}: {_said(action.description, action.restricted)}."
    return render_message(
        "email/governance/action_assigned",
        {"action": action, "description": _said(action.description, action.restricted)},
        person=person,
        subject=f"Action {action.reference} for you, due {due}",
        summary=summary,
        url=_my_actions_url(),
    )


def action_assigned_deliver(action_id: int, owner_id: int, *, final: bool = True) -> None:
    action = (
        Action.objects.select_related("owner", "body", "meeting", "agenda_item__parent")
        .filter(pk=action_id)
        .first()
    )
    # Passed on again, or closed, before the task ran: the new owner has a task of their own.
    if action is None or action.owner_id != owner_id or not action.is_open:
        return
    delivery.dispatch(
        kind=ACTION_ASSIGNED,
        event_key=f"action-assigned:{action.pk}:{owner_id}",
        recipients=[action.owner],
        build=lambda person: action_assigned_message(person, action),
        final=final,
    )


# ---------------------------------------------------------------------------
# Minutes circulated for comment
# ---------------------------------------------------------------------------
def minutes_items_for_email(version: MinutesVersion) -> list[dict]:
    """The items of a version as an email may list them: restricted ones by number alone.
    Restricted is today's answer, as on the minutes pages: the email is built when its task
    runs, perhaps after retries, and what was restricted since the version was circulated
    stays out of it (an item gone since counts as restricted)."""
    public = {item.pk for item in selectors.minutes_items(version.minutes) if not item.restricted}
    return [
        {
            "number": item["number"],
            "title": item["title"] if item["id"] in public else "",
            "restricted": item["id"] not in public,
            "sub_item": item["sub_item"],
        }
        for item in version.items
    ]


def minutes_circulated_message(
    person: Person, *, version: MinutesVersion, corrected: bool, items: list[dict]
) -> Message:
    meeting = version.minutes.meeting
    when = long_date(meeting.date)
    prefix = "Corrected minutes" if corrected else "Minutes"
    return render_message(
        "email/governance/minutes_circulated",
        {
            "meeting": meeting,
            "when": when,
            "version": version,
            "corrected": corrected,
            "items": items,
        },
        person=person,
        subject=f"{prefix} for comment: {meeting.title}, {when}",
        summary=f"The minutes of the meeting of {when} (version {version.number}) are "
        "circulated to those who attended, for comment.",
        url=absolute_url(reverse("governance:minutes_detail", kwargs={"pk": meeting.pk})),
    )


def minutes_circulated_deliver(version_id: int, *, final: bool = True) -> None:
    """Tell those who attended the meeting (present, online, or deputising), who alone may
    read circulated minutes and comment on them (governance.access.minutes_access)."""
    version = (
        MinutesVersion.objects.select_related("minutes__meeting__body")
        .filter(pk=version_id, stage=VersionStage.CIRCULATED)
        .first()
    )
    if version is None or version.minutes.status != MinutesStatus.CIRCULATED:
        return  # approved before the task ran: there is nothing left to comment on
    minutes = version.minutes
    circulated = list(
        minutes.versions.filter(stage=VersionStage.CIRCULATED)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    if circulated[-1] != version.pk:
        return  # a corrected version followed, and its own task tells them of it
    attended = attendee_ids(selectors.meeting_attendance(minutes.meeting))
    items = minutes_items_for_email(version)
    delivery.dispatch(
        kind=MINUTES_CIRCULATED,
        event_key=f"minutes-circulated:{version.pk}",
        recipients=Person.objects.filter(pk__in=attended),
        build=lambda person: minutes_circulated_message(
            person, version=version, corrected=len(circulated) > 1, items=items
        ),
        final=final,
    )


# ---------------------------------------------------------------------------
# A challenge response due or overdue
# ---------------------------------------------------------------------------
def challenges_due_a_notice(on: datetime.date) -> list[tuple[int, str]]:
    """(challenge id, DUE or OVERDUE) for each challenge still waiting for the agency whose
    response is due within the week, or became overdue in the last fortnight."""
    waiting = Challenge.objects.filter(status__in=WAITING_STATUSES, response_due__isnull=False)
    soon = waiting.filter(
        response_due__gte=on,
        response_due__lte=on + datetime.timedelta(days=CHALLENGE_DUE_SOON_DAYS),
    )
    late = waiting.filter(
        response_due__lt=on,
        response_due__gte=on - datetime.timedelta(days=CHALLENGE_OVERDUE_NOTICE_DAYS),
    )
    order = ("response_due", "pk")
    return [(pk, DUE) for pk in soon.order_by(*order).values_list("pk", flat=True)] + [
        (pk, OVERDUE) for pk in late.order_by(*order).values_list("pk", flat=True)
    ]


def challenge_notices_queue(on: str | datetime.date | None = None) -> int:
    from governance import tasks

    on = _date(on)
    notices = challenges_due_a_notice(on)
    for challenge_id, stage in notices:
        enqueue(tasks.challenge_response_notify, challenge_id, stage, on.isoformat())
    return len(notices)


def challenge_response_message(
    person: Person, *, challenge: Challenge, stage: str, on: datetime.date
) -> Message:
    due = long_date(challenge.response_due)
    if stage == OVERDUE:
        days = (on - challenge.response_due).days
        subject = f"Response overdue: challenge {challenge.reference} to {challenge.agency.name}"
        summary = f"The response was due on {due}, {_plural(days, 'day')} ago."
    else:
        subject = f"Response due {due}: challenge {challenge.reference} to {challenge.agency.name}"
        summary = f"The response is due on {due}."
    escalated = challenge.escalation_level != EscalationLevel.NONE
    return render_message(
        "email/governance/challenge_response",
        {
            "challenge": challenge,
            "overdue": stage == OVERDUE,
            "due": due,
            "is_lead": person.pk == challenge.agency_lead_id,
            "escalated_to": challenge.get_escalation_level_display() if escalated else "",
            "restricted": challenge.restricted,
        },
        person=person,
        subject=subject,
        summary=summary,
        url=absolute_url(challenge.get_absolute_url()),
    )


def challenge_response_deliver(
    challenge_id: int, stage: str, on: str | datetime.date | None = None, *, final: bool = True
) -> None:
    if stage not in (DUE, OVERDUE):
        raise ValueError(f"A challenge notice is {DUE!r} or {OVERDUE!r}, not {stage!r}.")
    on = _date(on)
    challenge = (
        Challenge.objects.select_related("body", "agency", "agency_lead", "agenda_item__parent")
        .filter(pk=challenge_id)
        .first()
    )
    # Answered, closed, or given a new date since it was queued: nothing (or another
    # notice, with its own key) is due.
    if challenge is None or challenge.status not in WAITING_STATUSES:
        return
    due = challenge.response_due
    if due is None:
        return
    if stage == OVERDUE and not due < on:
        return
    if stage == DUE and not on <= due <= on + datetime.timedelta(days=CHALLENGE_DUE_SOON_DAYS):
        return
    recipients = people_in_business_unit()
    if challenge.agency_lead is not None:
        recipients.append(challenge.agency_lead)
    delivery.dispatch(
        kind=CHALLENGE_RESPONSE,
        event_key=f"challenge-{stage}:{challenge.pk}:{due.isoformat()}",
        recipients=recipients,
        build=lambda person: challenge_response_message(
            person, challenge=challenge, stage=stage, on=on
        ),
        final=final,
    )


# ---------------------------------------------------------------------------
# Each owner's weekly reminder of their actions
# ---------------------------------------------------------------------------
@dataclass
class OwnerActions:
    owner: Person
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)


def _action_line(action: Action, *, owner: bool = False) -> str:
    who = f", {action.owner.name}" if owner else ""
    return (
        f"{action.reference} ({action.body.name}){who}, due {long_date(action.due_date)}: "
        f"{_said(action.description, action.restricted)}"
    )


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


def action_reminder_message(person: Person, entry: OwnerActions, on: datetime.date) -> Message:
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
            "on": on,
        },
        person=person,
        subject=f"Your actions: {counts}",
        summary=f"Your actions: {counts}.",
        url=_my_actions_url(),
    )


def action_reminders_deliver(on: str | datetime.date | None = None, *, final: bool = True):
    on = _date(on)
    owners = {entry.owner.pk: entry for entry in actions_to_remind(on)}
    if not owners:
        return
    delivery.dispatch(
        kind=ACTION_REMINDERS,
        event_key=f"action-reminders:{delivery.digest_period(on)}",
        recipients=[entry.owner for entry in owners.values()],
        build=lambda person: action_reminder_message(person, owners[person.pk], on),
        final=final,
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
        return _plural(self.total, *self.noun)


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
        f"{long_date(challenge.response_due)}: {_said(challenge.issue, challenge.restricted)}"
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
        f"{_said(risk.title, risk.restricted)}"
    )


def _plan_action_line(item: ImprovementAction) -> str:
    return (
        f"{item.number} of {item.objective.priority.plan.title}, {item.lead.name}, due "
        f"{long_date(item.due_date)}: {_said(item.description, False)}"
    )


def overdue_sections(on: datetime.date) -> list[Section]:
    """What is overdue on the day in each log, oldest first, with no section left out."""
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES, due_date__lt=on)
        .select_related("owner", "body", "agenda_item__parent")
        .order_by("due_date", "reference")
    )
    challenges = (
        Challenge.objects.filter(status__in=WAITING_STATUSES, response_due__lt=on)
        .select_related("agency", "agency_lead", "agenda_item__parent")
        .order_by("response_due", "reference")
    )
    risks = (
        Risk.objects.filter(status=RiskStatus.OPEN)
        .filter(next_review_on__lt=on)
        .annotate(last_reviewed=Max("reviews__reviewed_on"))
        .select_related("owner", "body")
        .order_by("next_review_on", "reference")
    )
    plan_actions = (
        ImprovementAction.objects.filter(due_date__lt=on)
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


def overdue_summary_message(person: Person, sections: list[Section], on: datetime.date):
    counts = ", ".join(section.count for section in sections if section.total)
    return render_message(
        "email/governance/overdue_summary",
        {"sections": [section for section in sections if section.total], "on": on},
        person=person,
        subject=f"Overdue across the logs: {counts}",
        summary=f"Overdue on {long_date(on)}: {counts}.",
        url=absolute_url(reverse("governance:action_index")),
    )


def overdue_summary_deliver(on: str | datetime.date | None = None, *, final: bool = True):
    on = _date(on)
    sections = overdue_sections(on)
    if not any(section.total for section in sections):
        return
    delivery.dispatch(
        kind=OVERDUE_SUMMARY,
        event_key=f"overdue-summary:{delivery.digest_period(on)}",
        recipients=people_in_business_unit(),
        build=lambda person: overdue_summary_message(person, sections, on),
        final=final,
    )
