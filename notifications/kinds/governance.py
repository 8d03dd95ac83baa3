"""Emails about the logs as things happen: an action assigned to you, minutes circulated for
comment, a challenge response due or overdue. (The weekly ones are in governance_weekly.)

As in notifications.kinds.meetings, a restricted record is never described in an email, not
even to people who may read it on the site: an email outlives the reader's term and travels
beyond the site's access checks. A restricted action, challenge or risk is named by its
reference alone and a restricted minute as "Restricted item", with a link to the page where
a signed-in reader sees what they may.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from core.dates import long_date
from governance import selectors
from governance.minutes_snapshots import attendee_ids
from governance.models import (
    WAITING_STATUSES,
    Action,
    Challenge,
    EscalationLevel,
    MinutesStatus,
    MinutesVersion,
    VersionStage,
)
from governance.selectors import interests as interest_selectors
from membership.models import Person
from notifications.messages import Message, absolute_url, render_message
from notifications.registry import Notice, register
from notifications.selectors import people_in_business_unit

# The agency lead hears a week ahead of the response date: time to chase it inside the
# agency, short enough not to be forgotten.
CHALLENGE_DUE_SOON_DAYS = 7
# The daily check tells of a response that became overdue in the last fortnight, so a few
# missed beat runs lose nothing, while the long overdue (or a log imported from before
# Tabled) do not all arrive at once: the weekly overdue summary lists those.
CHALLENGE_OVERDUE_NOTICE_DAYS = 14

DUE = "due"
OVERDUE = "overdue"


def said(text: str, restricted: bool, *, limit: int = 160) -> str:
    """What an email may say of a record: its text, shortened, or that it is restricted."""
    if restricted:
        return "restricted, described only on the site"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def my_actions_url() -> str:
    return absolute_url(reverse("governance:my_actions"))


# ---------------------------------------------------------------------------
# An action assigned to you
# ---------------------------------------------------------------------------
@register
@dataclass
class ActionAssigned(Notice):
    """To an action's owner, when it is logged for them or passed to them."""

    key = "governance.action_assigned"
    label = "An action is assigned to me"
    description = (
        "When a board or group logs an action for you, or passes one to you: what it is and "
        "when it is due."
    )

    action: Action

    @classmethod
    def load(cls, *, action_id: int, owner_id: int) -> ActionAssigned | None:
        action = (
            Action.objects.select_related("owner", "body", "meeting", "agenda_item__parent")
            .filter(pk=action_id)
            .first()
        )
        # Passed on again, or closed, before the task ran: the new owner has a notice of
        # their own.
        if action is None or action.owner_id != owner_id or not action.is_open:
            return None
        return cls(action=action)

    @property
    def event_key(self) -> str:
        return f"action-assigned:{self.action.pk}:{self.action.owner_id}"

    def recipients(self):
        return [self.action.owner]

    def message(self, person: Person) -> Message:
        action = self.action
        due = long_date(action.due_date)
        description = said(action.description, action.restricted)
        return render_message(
            "email/governance/action_assigned",
            {"action": action, "description": description},
            person=person,
            subject=f"Action {action.reference} for you, due {due}",
            summary=f"{action.body.name}, due {due}: {description}.",
            url=my_actions_url(),
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


@register
@dataclass
class MinutesCirculated(Notice):
    """To those who attended the meeting (present, online, or deputising), who alone may
    read circulated minutes and comment on them (governance.access.minutes_access)."""

    key = "governance.minutes_circulated"
    label = "Minutes are circulated for comment"
    description = (
        "The draft minutes of a meeting you attended, and any corrected version, with a link "
        "to comment on them."
    )

    version: MinutesVersion
    corrected: bool
    items: list[dict]

    @classmethod
    def load(cls, *, version_id: int) -> MinutesCirculated | None:
        version = (
            MinutesVersion.objects.select_related("minutes__meeting__body")
            .filter(pk=version_id, stage=VersionStage.CIRCULATED)
            .first()
        )
        if version is None or version.minutes.status != MinutesStatus.CIRCULATED:
            return None  # approved before the task ran: there is nothing left to comment on
        circulated = list(
            version.minutes.versions.filter(stage=VersionStage.CIRCULATED)
            .order_by("number")
            .values_list("pk", flat=True)
        )
        if circulated[-1] != version.pk:
            return None  # a corrected version followed, and its own notice tells them of it
        return cls(
            version=version,
            corrected=len(circulated) > 1,
            items=minutes_items_for_email(version),
        )

    @property
    def event_key(self) -> str:
        return f"minutes-circulated:{self.version.pk}"

    def recipients(self):
        attended = attendee_ids(selectors.meeting_attendance(self.version.minutes.meeting))
        return Person.objects.filter(pk__in=attended)

    def message(self, person: Person) -> Message:
        version = self.version
        meeting = version.minutes.meeting
        when = long_date(meeting.date)
        prefix = "Corrected minutes" if self.corrected else "Minutes"
        return render_message(
            "email/governance/minutes_circulated",
            {
                "meeting": meeting,
                "when": when,
                "version": version,
                "corrected": self.corrected,
                "items": self.items,
            },
            person=person,
            subject=f"{prefix} for comment: {meeting.title}, {when}",
            summary=f"The minutes of the meeting of {when} (version {version.number}) are "
            "circulated to those who attended, for comment.",
            url=absolute_url(
                reverse("governance:minutes_detail", kwargs={"pk": meeting.pk}),
                meeting.body.partnership,
            ),
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


@register
@dataclass
class ChallengeResponse(Notice):
    """To the agency lead named on a challenge and the business unit: a week before the
    response is due, and once when it is overdue."""

    key = "governance.challenge_response"
    label = "A challenge response is due or overdue"
    description = (
        "For the lead named on a challenge to an agency, and the business unit: a week "
        "before the response is due, and once when it is overdue."
    )

    challenge: Challenge
    stage: str
    on: datetime.date

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        return [
            {"challenge_id": pk, "stage": stage, "on": on.isoformat()}
            for pk, stage in challenges_due_a_notice(on)
        ]

    @classmethod
    def load(cls, *, challenge_id: int, stage: str, on: str) -> ChallengeResponse | None:
        if stage not in (DUE, OVERDUE):
            raise ValueError(f"A challenge notice is {DUE!r} or {OVERDUE!r}, not {stage!r}.")
        day = datetime.date.fromisoformat(on)
        challenge = (
            Challenge.objects.select_related("body", "agency", "agency_lead", "agenda_item__parent")
            .filter(pk=challenge_id)
            .first()
        )
        # Answered, closed, or given a new date since it was queued: nothing (or another
        # notice, with its own key) is due.
        if challenge is None or challenge.status not in WAITING_STATUSES:
            return None
        due = challenge.response_due
        if due is None:
            return None
        if stage == OVERDUE and not due < day:
            return None
        soon = day + datetime.timedelta(days=CHALLENGE_DUE_SOON_DAYS)
        if stage == DUE and not day <= due <= soon:
            return None
        return cls(challenge=challenge, stage=stage, on=day)

    @property
    def event_key(self) -> str:
        challenge = self.challenge
        return f"challenge-{self.stage}:{challenge.pk}:{challenge.response_due.isoformat()}"

    def recipients(self):
        recipients = people_in_business_unit(bodies=[self.challenge.body])
        if self.challenge.agency_lead is not None:
            recipients.append(self.challenge.agency_lead)
        return recipients

    def message(self, person: Person) -> Message:
        challenge = self.challenge
        due = long_date(challenge.response_due)
        agency = challenge.agency.name
        if self.stage == OVERDUE:
            days = (self.on - challenge.response_due).days
            subject = f"Response overdue: challenge {challenge.reference} to {agency}"
            summary = f"The response was due on {due}, {plural(days, 'day')} ago."
        else:
            subject = f"Response due {due}: challenge {challenge.reference} to {agency}"
            summary = f"The response is due on {due}."
        escalated = challenge.escalation_level != EscalationLevel.NONE
        return render_message(
            "email/governance/challenge_response",
            {
                "challenge": challenge,
                "overdue": self.stage == OVERDUE,
                "due": due,
                "is_lead": person.pk == challenge.agency_lead_id,
                "escalated_to": challenge.get_escalation_level_display() if escalated else "",
                "restricted": challenge.restricted,
            },
            person=person,
            subject=subject,
            summary=summary,
            url=absolute_url(challenge.get_absolute_url(), challenge.body.partnership),
        )


@register
@dataclass
class InterestsConfirmationDue(Notice):
    """To a member whose register of interests was last confirmed a year ago (or never):
    once for each confirmation that falls due, until they confirm."""

    key = "governance.interests_confirmation"
    label = "Your register of interests is due for its yearly confirmation"
    description = (
        "For members: once a year, when your register of interests is due to be "
        "confirmed as complete."
    )

    person: Person
    last_confirmed: datetime.datetime | None

    @classmethod
    def due(cls, on: datetime.date) -> list[dict]:
        return [
            {"person_id": pk, "on": on.isoformat()}
            for pk in interest_selectors.people_due_confirmation(on)
        ]

    @classmethod
    def load(cls, *, person_id: int, on: str) -> InterestsConfirmationDue | None:
        day = datetime.date.fromisoformat(on)
        person = Person.objects.filter(pk=person_id, active=True).first()
        if person is None or person_id not in interest_selectors.people_due_confirmation(day):
            return None
        _interests, last = interest_selectors.my_register(person)
        return cls(person=person, last_confirmed=last.confirmed_at if last else None)

    @property
    def event_key(self) -> str:
        # One reminder for each confirmation that falls due: a new confirmation gives the
        # next year's reminder a new key.
        since = self.last_confirmed.date().isoformat() if self.last_confirmed else "never"
        return f"interests-confirmation:{self.person.pk}:{since}"

    def recipients(self):
        return [self.person]

    def message(self, person: Person) -> Message:
        return render_message(
            "email/governance/interests_confirmation",
            {"last_confirmed": self.last_confirmed},
            person=person,
            subject="Please confirm your register of interests",
            summary="Your register of interests is due for its yearly confirmation.",
            url=absolute_url(reverse("governance:my_interests")),
        )
