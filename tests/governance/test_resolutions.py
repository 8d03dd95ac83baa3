"""Written resolutions between meetings: circulated to the body's voting members, each
voting once, closed as a decision with its vote by name when the outcome is settled or at
the deadline, and shown on the register like any decision."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.models import Ballot, Decision, Resolution, ResolutionStatus, Threshold
from governance.services.resolutions import (
    resolution_circulate,
    resolution_vote,
    resolution_withdraw,
    resolutions_close_due,
    voter_for_token,
)
from membership.models import Role
from tests.membership.factories import BodyFactory

from .factories import business_unit, chair_of, decision, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    body = BodyFactory(name="KSCB Executive", short_name="EXEC")
    chair_of(body)
    for _ in range(3):
        member_of(body)
    member_of(body, role=Role.ADVISER)
    return body


def _circulate(body, threshold=Threshold.MAJORITY, hours=48, **kw):
    return resolution_circulate(
        actor=business_unit(),
        body=body,
        title="Adopt the escalation protocol",
        text="The Executive adopts the escalation protocol.",
        deadline=timezone.now() + datetime.timedelta(hours=hours),
        threshold=threshold,
        **kw,
    )


def test_each_voting_member_votes_once_by_link_and_the_outcome_is_a_decision(client, body):
    resolution, tokens = _circulate(body)
    assert len(tokens) == 4  # the chair and three members; the adviser has no vote
    links = iter(tokens.values())
    for choice in ("for", "for", "against"):
        voter = voter_for_token(next(links))
        resolution_vote(actor=None, voter=voter, choice=choice)
    # Three of four voted: 2 for is not yet more than half of 4, the last vote decides.
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.OPEN
    last = next(links)
    resolution_vote(actor=None, voter=voter_for_token(last), choice="for")
    with pytest.raises(ValidationError, match="already recorded|used"):
        voter_for_token(last)

    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CARRIED
    vote = resolution.decision.vote
    assert (vote.votes_for, vote.votes_against, vote.entitled, vote.occasion) == (
        3,
        1,
        4,
        "written",
    )
    assert Ballot.objects.filter(vote=vote).count() == 4
    assert "Carried 3–1, by written resolution" in client.get("/decisions/").content.decode()


def test_a_resolution_short_of_its_threshold_is_lost_at_the_deadline(body):
    resolution, tokens = _circulate(body, threshold=Threshold.UNANIMOUS)
    token = next(iter(tokens.values()))
    resolution_vote(actor=None, voter=voter_for_token(token), choice="abstain")
    # An abstention means it can no longer be unanimous: closed at once, lost.
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.LOST
    assert resolution.decision.vote.carried is False


def test_an_expired_link_and_a_withdrawn_resolution_change_nothing(body):
    resolution, tokens = _circulate(body)
    Resolution.objects.filter(pk=resolution.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="closed"):
        voter_for_token(next(iter(tokens.values())))
    assert resolutions_close_due() == 1
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.LOST
    assert resolution.decision.vote.votes_for == 0

    other, _ = _circulate(body)
    resolution_withdraw(actor=business_unit(), resolution=other, reason="Superseded")
    other.refresh_from_db()
    assert other.status == ResolutionStatus.WITHDRAWN and other.decision is None


def test_only_the_bodys_voting_members_can_be_asked(body):
    stranger = member_of(BodyFactory()).person
    with pytest.raises(ValidationError, match="voting members"):
        _circulate(body, voters=[stranger])
    assert not Resolution.objects.exists()


def test_one_resolution_that_cannot_be_recorded_does_not_keep_the_others_open(body, caplog):
    stuck, _ = _circulate(body)
    other_body = BodyFactory(name="KSCB Learning", short_name="LEARN")
    member_of(other_body)
    fine, _ = _circulate(other_body)
    # Another body already holds the reference the stuck one's decision would take.
    clash = decision(BodyFactory(short_name="OLD"))
    Decision.objects.filter(pk=clash.pk).update(reference=f"EXEC/{timezone.localdate().year}/001")
    Resolution.objects.update(deadline=timezone.now() - datetime.timedelta(minutes=1))

    assert resolutions_close_due() == 1
    stuck.refresh_from_db()
    fine.refresh_from_db()
    assert stuck.status == ResolutionStatus.OPEN and fine.status != ResolutionStatus.OPEN
    assert f"Written resolution {stuck.pk} could not be closed" in caplog.text
