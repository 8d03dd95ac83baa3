"""Written resolutions under attack: a chair who asks only their allies, a withdrawal racing
the outcome, a person the business unit has marked inactive voting from their old link,
a voting link opened on another partnership's site, a deadline at midnight closed by the
beat a few minutes later, and deadlines that do not exist on the clock at the change to
and from British Summer Time."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Resolution, ResolutionStatus, ResolutionVoter, Threshold
from governance.services.resolutions import (
    resolution_circulate,
    resolution_vote,
    resolution_withdraw,
    resolutions_close_due,
)
from membership.models import Role
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.partnerships import ADULTS_HOST, second_partnership

from .factories import business_unit, chair_of, member_of

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
LINK = re.compile(r"https?://[^\s\"<>]+(/resolutions/vote/[0-9a-f]{64}/)")


@pytest.fixture
def board():
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", slug="executive")
    chair = chair_of(body)
    members = [member_of(body) for _ in range(3)]
    return SimpleNamespace(body=body, chair=chair, members=members)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(board, **overrides) -> dict:
    deadline = timezone.localtime() + datetime.timedelta(days=2)
    data = {
        "title": "Adopt the escalation protocol",
        "text": "The Executive adopts the multi-agency escalation protocol.",
        "decision_type": "agreed",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "threshold": "majority",
        "voters": [user.person.pk for user in (board.chair, *board.members)],
    }
    data.update(overrides)
    return data


def _circulate(board, capture, **overrides):
    with capture(execute=True):
        return _signed_in(board.chair).post(
            f"/bodies/{board.body.slug}/resolutions/new/", _form(board, **overrides)
        )


def _link_of(user) -> str:
    for message in mail.outbox:
        if user.person.email in message.to[0] and LINK.search(message.body):
            return LINK.search(message.body).group(1)
    raise AssertionError(f"No voting link was emailed to {user.person.email}")


def _vote_on_page(user, resolution, choice, capture):
    with capture(execute=True):
        return _signed_in(user).post(
            f"/resolutions/{resolution.pk}/", {"step": "vote", "choice": choice}
        )


def test_a_chair_cannot_carry_a_resolution_by_asking_only_themselves(
    board, django_capture_on_commit_callbacks
):
    response = _circulate(board, django_capture_on_commit_callbacks, voters=[board.chair.person.pk])
    assert response.status_code == 400
    assert "could never carry" in response.content.decode()
    assert not Resolution.objects.exists() and mail.outbox == []


def test_leaving_a_voting_member_out_does_not_lower_the_bar(
    board, django_capture_on_commit_callbacks
):
    asked = [board.chair, *board.members[:2]]
    _circulate(board, django_capture_on_commit_callbacks, voters=[user.person.pk for user in asked])
    resolution = Resolution.objects.get()
    for user in asked[:2]:
        _vote_on_page(user, resolution, "for", django_capture_on_commit_callbacks)
    resolution.refresh_from_db()
    # Two of the body's four voting members are not more than half of them.
    assert resolution.status == ResolutionStatus.OPEN
    _vote_on_page(asked[2], resolution, "for", django_capture_on_commit_callbacks)
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CARRIED
    assert resolution.decision.vote.entitled == 4
    page = _signed_in(board.members[2]).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "Carried 3–0, by written resolution, of 4 entitled to vote" in page


def test_a_withdrawal_cannot_overwrite_an_outcome_recorded_meanwhile(board):
    resolution, _tokens = resolution_circulate(
        actor=board.chair,
        body=board.body,
        title="Adopt the escalation protocol",
        text="The Executive adopts the escalation protocol.",
        deadline=timezone.now() + datetime.timedelta(days=2),
        threshold=Threshold.MAJORITY,
    )
    # The chair's page loaded it open; before the chair presses "Withdraw", three vote for.
    as_the_chair_saw_it = Resolution.objects.get(pk=resolution.pk)
    for voter in list(resolution.voters.select_related("person__user"))[:3]:
        resolution_vote(actor=voter.person.user, voter=voter, choice="for")
    with pytest.raises(ValidationError, match="still open"):
        resolution_withdraw(
            actor=board.chair, resolution=as_the_chair_saw_it, reason="Too late to matter"
        )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CARRIED
    assert resolution.decision is not None and resolution.withdrawn_reason == ""


def test_a_person_marked_inactive_cannot_vote_from_their_emailed_link(
    board, django_capture_on_commit_callbacks
):
    _circulate(board, django_capture_on_commit_callbacks)
    leaver = board.members[0]
    link = _link_of(leaver)
    person = leaver.person
    person.active = False
    person.save()

    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 410 and "Record my vote" not in page.content.decode()
    refused = anonymous.post(link, {"choice": "for"})
    assert refused.status_code == 410
    assert not ResolutionVoter.objects.filter(voted_at__isnull=False).exists()


def test_a_voting_link_is_unknown_on_another_partnerships_site(
    board, django_capture_on_commit_callbacks
):
    _circulate(board, django_capture_on_commit_callbacks)
    second_partnership()
    link = _link_of(board.members[0])
    elsewhere = Client(HTTP_HOST=ADULTS_HOST)
    assert elsewhere.get(link).status_code == 404
    assert elsewhere.post(link, {"choice": "for"}).status_code == 404
    assert not ResolutionVoter.objects.filter(voted_at__isnull=False).exists()
    # On its own partnership's site the same link works.
    assert Client().get(link).status_code == 200


def test_a_resolution_closed_after_midnight_is_decided_on_its_deadline_day(board):
    circulated = datetime.datetime(2027, 3, 29, 10, 0, tzinfo=LONDON)
    deadline = datetime.datetime(2027, 3, 31, 23, 58, tzinfo=LONDON)
    with time_machine.travel(circulated, tick=False):
        resolution, _tokens = resolution_circulate(
            actor=board.chair,
            body=board.body,
            title="Adopt the budget",
            text="The Executive adopts the 2026/27 budget.",
            deadline=deadline,
            threshold=Threshold.MAJORITY,
        )
        for voter in list(resolution.voters.select_related("person__user"))[:2]:
            resolution_vote(actor=voter.person.user, voter=voter, choice="for")
    # The beat's first run after the deadline falls on the first day of the next year.
    with time_machine.travel(deadline + datetime.timedelta(minutes=4), tick=False):
        assert resolutions_close_due() == 1
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.LOST
    assert resolution.decision.decided_on == datetime.date(2027, 3, 31)
    assert resolution.decision.vote.taken_at == deadline


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2027-03-28T01:30", "the clocks go forward: 01:30 does not happen"),
        ("2027-10-31T01:30", "the clocks go back: 01:30 happens twice"),
    ],
)
def test_a_deadline_the_clock_skips_or_repeats_is_refused_clearly(
    board, django_capture_on_commit_callbacks, typed, why
):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=LONDON)):
        response = _circulate(board, django_capture_on_commit_callbacks, deadline=typed)
    assert response.status_code == 400, why
    assert "Europe/London" in response.content.decode()
    assert not Resolution.objects.exists()


@pytest.mark.parametrize(
    ("threshold", "choices", "status"),
    [
        # Two-thirds of four is 2.67: three are needed.
        (Threshold.TWO_THIRDS, ["for", "for", "against", "against"], ResolutionStatus.LOST),
        (Threshold.TWO_THIRDS, ["for", "for", "for"], ResolutionStatus.CARRIED),
        # Unanimity is of all entitled: one abstention loses it at once.
        (Threshold.UNANIMOUS, ["abstain"], ResolutionStatus.LOST),
        # Half is not a majority.
        (Threshold.MAJORITY, ["for", "for", "against", "abstain"], ResolutionStatus.LOST),
    ],
)
def test_thresholds_are_counted_of_everyone_entitled(board, threshold, choices, status):
    resolution, _tokens = resolution_circulate(
        actor=business_unit(),
        body=board.body,
        title="Adopt the escalation protocol",
        text="The Executive adopts the escalation protocol.",
        deadline=timezone.now() + datetime.timedelta(days=2),
        threshold=threshold,
    )
    for voter, choice in zip(
        resolution.voters.select_related("person__user"), choices, strict=False
    ):
        resolution_vote(actor=voter.person.user, voter=voter, choice=choice)
    resolution.refresh_from_db()
    assert resolution.status == status


def _circulate_many(board, count: int) -> None:
    for number in range(count):
        resolution, _tokens = resolution_circulate(
            actor=board.chair,
            body=board.body,
            title=f"Resolution {number}",
            text="The Executive agrees.",
            deadline=timezone.now() + datetime.timedelta(days=2),
            threshold=Threshold.MAJORITY,
        )
        if number % 2:
            resolution_withdraw(actor=board.chair, resolution=resolution, reason="Superseded")


def test_the_bodys_list_and_my_page_cost_the_same_however_many_resolutions(
    board, django_assert_num_queries
):
    member = _signed_in(board.members[0])
    _circulate_many(board, 2)
    pages = (f"/bodies/{board.body.slug}/resolutions/", "/my/")
    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert member.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    _circulate_many(board, 20)
    for url in pages:
        with django_assert_num_queries(counts[url]):
            page = member.get(url)
        assert "Resolution 18" in page.content.decode()


def test_the_chair_is_warned_of_voters_who_cannot_sign_in_to_vote_on_a_restricted_one(
    board, django_capture_on_commit_callbacks
):
    without_login = PersonFactory(given_name="Nadia", family_name="Okafor")
    MembershipFactory(body=board.body, person=without_login, role=Role.MEMBER)
    voters = [user.person.pk for user in (board.chair, *board.members)] + [without_login.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(board.chair).post(
            f"/bodies/{board.body.slug}/resolutions/new/",
            _form(board, voters=voters, is_restricted="on"),
            follow=True,
        )
    page = response.content.decode()
    assert "Nadia Okafor cannot sign in, so cannot vote on a restricted resolution" in page
    # An open one needs no sign-in: nobody is warned.
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(board.chair).post(
            f"/bodies/{board.body.slug}/resolutions/new/",
            _form(board, voters=voters),
            follow=True,
        )
    assert "cannot sign in" not in response.content.decode()
