"""Emails about written resolutions: the request to vote, with each voter's own link; a
reminder to those yet to vote as the deadline nears; and the outcome (or the withdrawal) to
everyone asked and to whoever circulated it.

As elsewhere, a restricted resolution is never described in an email: it says that a
restricted resolution of the body awaits a vote, and its link asks for sign-in before it
shows the text (governance.views.resolutions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from governance.models import Resolution, ResolutionStatus
from governance.services.resolutions import voter_token
from membership.models import Person
from notifications.messages import Message, absolute_url, render_message
from notifications.registry import Notice, register
from notifications.selectors import people_reachable


def _load(resolution_id: int) -> Resolution | None:
    return (
        Resolution.objects.select_related("body__partnership", "decision", "circulated_by")
        .filter(pk=resolution_id)
        .first()
    )


def _page(resolution: Resolution) -> str:
    return absolute_url(
        reverse("governance:resolution_detail", args=[resolution.pk]),
        resolution.body.partnership,
    )


def _vote_link(resolution: Resolution, person: Person) -> str:
    # Made as the email is sent and kept nowhere: the record of sent notifications keeps the
    # resolution's page instead.
    return absolute_url(
        reverse("governance:resolution_vote", args=[voter_token(resolution.pk, person.pk)]),
        resolution.body.partnership,
    )


def deadline_text(resolution: Resolution, fmt: str = "%-d %B %Y at %H:%M") -> str:
    return timezone.localtime(resolution.deadline).strftime(fmt)


def _named(resolution: Resolution) -> str:
    if resolution.is_restricted:
        return f"A restricted written resolution of the {resolution.body.name}"
    return f"“{resolution.title}”"


class _ToVoters(Notice):
    resolution: Resolution

    def _waiting(self, person_ids=None):
        voters = self.resolution.voters.filter(voted_at__isnull=True).select_related("person")
        if person_ids is not None:
            voters = voters.filter(person_id__in=person_ids)
        return people_reachable(voter.person for voter in voters)

    def _message(self, person: Person, template: str, subject: str) -> Message:
        resolution = self.resolution
        return render_message(
            template,
            {
                "resolution": resolution,
                "body": resolution.body,
                "link": _vote_link(resolution, person),
                "named": _named(resolution),
                "deadline": deadline_text(resolution),
            },
            person=person,
            subject=subject,
            summary=f"{_named(resolution)} awaits your vote by {deadline_text(resolution)}.",
            url=_page(resolution),
        )


@register
@dataclass
class ResolutionCirculated(_ToVoters):
    """To each voting member asked: the resolution and their own link to vote."""

    key = "governance.resolution_circulated"
    label = "A written resolution asks for my vote"
    description = "The resolution, its deadline and your own link to vote."
    # The link is the way to vote from an inbox; nobody should be able to switch it off.
    optional = False

    resolution: Resolution

    @classmethod
    def load(cls, *, resolution_id: int) -> ResolutionCirculated | None:
        resolution = _load(resolution_id)
        if resolution is None or not resolution.is_open:
            return None
        return cls(resolution=resolution)

    @property
    def event_key(self) -> str:
        return f"resolution-circulated:{self.resolution.pk}"

    def recipients(self):
        return self._waiting()

    def message(self, person: Person) -> Message:
        return self._message(
            person,
            "email/governance/resolution_circulated",
            f"Your vote by {deadline_text(self.resolution, '%-d %B')}: written resolution of the "
            f"{self.resolution.body.name}",
        )


@register
@dataclass
class ResolutionReminder(_ToVoters):
    """To each voter who has not voted, once, as the deadline nears."""

    key = "governance.resolution_reminder"
    label = "A reminder to vote on a written resolution"
    description = "A day before the deadline, if you have not voted yet."

    resolution: Resolution
    person_ids: list[int]

    @classmethod
    def load(cls, *, resolution_id: int, person_ids: list[int]) -> ResolutionReminder | None:
        resolution = _load(resolution_id)
        if resolution is None or not resolution.is_open:
            return None
        return cls(resolution=resolution, person_ids=person_ids)

    @property
    def event_key(self) -> str:
        return f"resolution-reminder:{self.resolution.pk}"

    def recipients(self):
        return self._waiting(self.person_ids)

    def message(self, person: Person) -> Message:
        return self._message(
            person,
            "email/governance/resolution_reminder",
            f"Reminder, your vote by {deadline_text(self.resolution, '%-d %B %H:%M')}: written "
            f"resolution of the {self.resolution.body.name}",
        )


@register
@dataclass
class ResolutionOutcome(Notice):
    """To everyone asked to vote and to whoever circulated it: carried, lost or withdrawn."""

    key = "governance.resolution_outcome"
    label = "The outcome of a written resolution"
    description = "Whether a resolution you were asked to vote on was carried or lost."

    resolution: Resolution

    @classmethod
    def load(cls, *, resolution_id: int) -> ResolutionOutcome | None:
        resolution = _load(resolution_id)
        if resolution is None or resolution.is_open:
            return None
        return cls(resolution=resolution)

    @property
    def event_key(self) -> str:
        return f"resolution-outcome:{self.resolution.pk}"

    def recipients(self):
        people = [voter.person for voter in self.resolution.voters.select_related("person")]
        circulator = getattr(self.resolution.circulated_by, "person", None)
        if circulator is not None:
            people.append(circulator)
        return people_reachable(people)

    def message(self, person: Person) -> Message:
        resolution = self.resolution
        vote = getattr(resolution.decision, "vote", None) if resolution.decision else None
        outcome = ResolutionStatus(resolution.status).label
        url = (
            absolute_url(resolution.decision.get_absolute_url(), resolution.body.partnership)
            if resolution.decision
            else _page(resolution)
        )
        return render_message(
            "email/governance/resolution_outcome",
            {
                "resolution": resolution,
                "body": resolution.body,
                "vote": vote,
                "outcome": outcome,
                "named": _named(resolution),
            },
            person=person,
            subject=f"{outcome}: written resolution of the {resolution.body.name}",
            summary=f"{_named(resolution)}: {outcome.lower()}.",
            url=url,
        )
