"""A written resolution from circulation to outcome through Redis, a real Celery worker and
a real SMTP server: the chair circulates it on the site, each voting member votes from the
link in the email they received, a member of another body is refused, and the outcome is
emailed to all and recorded as a decision with its vote by name."""

from __future__ import annotations

import datetime
import re
from email.utils import parseaddr

import pytest

from django.test import Client
from django.utils import timezone

from governance.models import Ballot, Resolution, ResolutionStatus, ResolutionVoter
from membership.models import Role
from tests.governance.factories import chair_of, member_of
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = re.compile(r"https?://[^\s]+(/resolutions/vote/[0-9a-f]{64}/)")


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_resolution_runs_from_circulation_to_outcome_by_emailed_links(live):
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", slug="executive")
    chair = chair_of(body)
    members = [member_of(body) for _ in range(3)]
    member_of(body, role=Role.ADVISER)
    outsider = member_of(BodyFactory(name="Learning and Development", slug="learning"))
    voters = [chair, *members]

    deadline = timezone.localtime() + datetime.timedelta(days=3)
    response = _signed_in(chair).post(
        "/bodies/executive/resolutions/new/",
        {
            "title": "Adopt the escalation protocol",
            "text": "The Executive adopts the multi-agency escalation protocol.",
            "decision_type": "agreed",
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "threshold": "two_thirds",
            "voters": [user.person.pk for user in voters],
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()

    live.wait_for_emails(4)
    live.wait_idle()
    links = {}
    for message in live.mailbox.messages():
        address = parseaddr(message["To"])[1]
        assert "Your vote by" in message["Subject"]
        links[address] = LINK.search(_text(message)).group(1)
    assert sorted(links) == sorted(user.person.email for user in voters)

    # A member of another body, signed in, can use neither a voter's link nor the page.
    stolen = _signed_in(outsider).post(links[members[0].person.email], {"choice": "against"})
    assert stolen.status_code == 403
    refused = _signed_in(outsider).post(
        f"/resolutions/{resolution.pk}/", {"step": "vote", "choice": "against"}
    )
    assert refused.status_code == 403
    assert not ResolutionVoter.objects.filter(voted_at__isnull=False).exists()

    live.mailbox.clear()
    # Two-thirds of four is three: for, for, against leaves it open until the last vote.
    for user, choice in zip(voters, ("for", "for", "against", "for"), strict=True):
        voted = Client().post(links[user.person.email], {"choice": choice})
        assert voted.status_code == 200, voted.content.decode()
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CARRIED
    assert Ballot.objects.filter(vote__decision=resolution.decision).count() == 4

    live.wait_for_emails(4)
    live.wait_idle()
    outcomes = live.mailbox.messages()
    assert sorted(parseaddr(m["To"])[1] for m in outcomes) == sorted(
        user.person.email for user in voters
    )
    assert all(
        m["Subject"] == "Carried: written resolution of the KSCB Executive" for m in outcomes
    )
    assert "Carried 3–1, by written resolution, of 4 entitled to vote." in _text(outcomes[0])
    # Each link is spent.
    assert Client().get(links[chair.person.email]).status_code == 410
