from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from governance.models import (
    WAITING_STATUSES,
    Action,
    Challenge,
    ChallengeAssessment,
    ChallengeEscalation,
    ChallengeResponse,
    EscalationLevel,
)
from meetings.published_items import mark_shown
from membership.access import AnyUser
from membership.models import Body, Organisation, Partnership

from ._visibility import serving, visible_to

CHALLENGE_RELATED = (
    "body",
    "raised_by",
    "agency",
    "agency_lead",
    "meeting",
    "agenda_item__parent",
)


def _flag(challenges: list[Challenge], on: datetime.date) -> list[Challenge]:
    for challenge in challenges:
        challenge.response_overdue = challenge.response_overdue_on(on)
    return challenges


def challenge_list_visible(
    user: AnyUser,
    *,
    on: datetime.date,
    partnership: Partnership | None = None,
    body: Body | None = None,
    status: str = "",
    agency: Organisation | None = None,
    overdue_only: bool = False,
    text: str = "",
) -> list[Challenge]:
    """The challenge log as this user may see it, newest first, each flagged
    `response_overdue` when the agency's answer is late on the day."""
    challenges = serving(
        visible_to(Challenge.objects.select_related(*CHALLENGE_RELATED), user), partnership
    )
    if body is not None:
        challenges = challenges.filter(body=body)
    if status:
        challenges = challenges.filter(status=status)
    if agency is not None:
        challenges = challenges.filter(agency=agency)
    if overdue_only:
        challenges = challenges.filter(status__in=WAITING_STATUSES, response_due__lt=on)
    if text:
        challenges = challenges.filter(
            Q(issue__icontains=text) | Q(ask__icontains=text) | Q(reference__icontains=text)
        )
    return _flag(list(challenges.order_by("-raised_on", "-sequence")), on)


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    kind: str
    summary: str
    detail: str = ""
    by: str = ""


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


def challenge_get_visible(
    user: AnyUser, key: str, *, on: datetime.date, partnership: Partnership | None = None
) -> Challenge:
    """One challenge with its responses, assessments, escalations and actions; `timeline`
    lists them in date order; its item marked `shown` or not for the user
    (meetings.published_items). Challenge.DoesNotExist when the user may not see it."""
    challenges = serving(
        visible_to(Challenge.objects.select_related(*CHALLENGE_RELATED), user), partnership
    ).prefetch_related(
        Prefetch(
            "responses",
            queryset=ChallengeResponse.objects.select_related("responder", "recorded_by__person"),
            to_attr="all_responses",
        ),
        Prefetch(
            "assessments",
            queryset=ChallengeAssessment.objects.select_related("recorded_by__person"),
            to_attr="all_assessments",
        ),
        Prefetch(
            "escalations",
            queryset=ChallengeEscalation.objects.select_related("recorded_by__person"),
            to_attr="all_escalations",
        ),
        Prefetch(
            "actions",
            queryset=visible_to(Action.objects.select_related("owner"), user),
            to_attr="visible_actions",
        ),
    )
    challenge = (
        challenges.get(pk=int(key)) if key.isdigit() else challenges.get(reference=key.upper())
    )
    _flag([challenge], on)
    challenge.timeline = _timeline(challenge)
    mark_shown(user, [challenge.agenda_item])
    return challenge


def _timeline(challenge: Challenge) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            challenge.raised_on,
            "raised",
            f"Raised by {challenge.raised_by.name} with {challenge.agency.name}",
            challenge.ask,
        )
    ]
    for response in challenge.all_responses:
        who = response.responder.name if response.responder else challenge.agency.name
        entries.append(
            TimelineEntry(
                response.received_on,
                "response",
                f"Response from {who}",
                response.text,
                _name(response.recorded_by),
            )
        )
    for assessment in challenge.all_assessments:
        entries.append(
            TimelineEntry(
                assessment.assessed_on,
                "assessment",
                f"Assessed: {assessment.get_assessment_display()}",
                assessment.note,
                _name(assessment.recorded_by),
            )
        )
    for escalation in challenge.all_escalations:
        to = f" ({escalation.escalated_to})" if escalation.escalated_to else ""
        entries.append(
            TimelineEntry(
                escalation.escalated_on,
                "escalation",
                f"Escalated to {EscalationLevel(escalation.level).label.lower()}{to}",
                escalation.reason,
                _name(escalation.recorded_by),
            )
        )
    if challenge.closed_on:
        entries.append(TimelineEntry(challenge.closed_on, "closed", "Closed", challenge.outcome))
    order = {"raised": 0, "response": 1, "assessment": 2, "escalation": 3, "closed": 4}
    return sorted(entries, key=lambda entry: (entry.date, order[entry.kind]))


def challenge_queryset_visible(user: AnyUser) -> QuerySet[Challenge]:
    return visible_to(Challenge.objects.select_related(*CHALLENGE_RELATED), user)
