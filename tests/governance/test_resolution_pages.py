"""Written resolutions as their users meet them: the chair circulates one from the body's
page with its papers, each voting member votes from their own emailed link (or from /my/),
a restricted one asks for sign-in and is never described in an email, outsiders are
refused, and the outcome is emailed and recorded as a decision."""

from __future__ import annotations

import datetime
import re
from email.utils import parseaddr
from types import SimpleNamespace

import pytest
import time_machine

from django.core import mail
from django.test import Client
from django.utils import timezone

from governance.models import Resolution, ResolutionPaper, ResolutionStatus, ResolutionVoter
from governance.services.resolutions import resolutions_remind_due
from meetings.storage import private_storage
from membership.models import Role
from notifications.models import SentNotification
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import BodyFactory
from tests.partnerships import ADULTS_HOST, second_partnership

from .factories import business_unit, chair_of, member_of

pytestmark = pytest.mark.django_db

SECRET = "Quixotic"
LINK = re.compile(r"https?://[^\s\"<>]+/resolutions/vote/[0-9a-f]{64}/")


@pytest.fixture
def exec_body():
    body = BodyFactory(name="KSCB Executive", short_name="EXEC", slug="executive")
    chair = chair_of(body)
    members = [member_of(body) for _ in range(3)]
    adviser = member_of(body, role=Role.ADVISER)
    return SimpleNamespace(body=body, chair=chair, members=members, adviser=adviser)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(body, **overrides):
    deadline = timezone.localtime() + datetime.timedelta(days=2)
    data = {
        "title": "Adopt the escalation protocol",
        "text": "The Executive adopts the multi-agency escalation protocol.",
        "decision_type": "agreed",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "threshold": "majority",
        "voters": [term.person_id for term in body.memberships.filter(role__may_vote=True)],
    }
    data.update(overrides)
    return data


def _circulate(client, body, capture, **overrides):
    with capture(execute=True):
        return client.post(f"/bodies/{body.slug}/resolutions/new/", _form(body, **overrides))


def _links(recipients=None) -> dict[str, str]:
    """Each emailed voting link by its recipient's address."""
    return {
        _to(message): LINK.search(message.body).group(0)
        for message in mail.outbox
        if LINK.search(message.body) and (recipients is None or _to(message) in recipients)
    }


def _to(message) -> str:
    return parseaddr(message.to[0])[1]


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_chair_circulates_and_each_member_votes_once_from_their_own_link(
    exec_body, django_capture_on_commit_callbacks
):
    chair = _signed_in(exec_body.chair)
    paper = upload(make_pdf(text="Escalation protocol draft"), "Escalation protocol.pdf")
    response = _circulate(chair, exec_body.body, django_capture_on_commit_callbacks, papers=paper)

    resolution = Resolution.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/resolutions/{resolution.pk}/"
    assert resolution.title == "Adopt the escalation protocol"
    assert resolution.papers.get().title == "Escalation protocol"
    voters = [exec_body.chair, *exec_body.members]
    links = _links()
    # The chair and three members are asked, the adviser (no vote) is not; each link differs.
    assert sorted(links) == sorted(user.person.email for user in voters)
    assert len(set(links.values())) == 4
    first = next(m for m in mail.outbox if _to(m) == voters[1].person.email)
    assert "The Executive adopts the multi-agency escalation protocol." in first.body
    # The record of what was sent keeps the resolution's page, never the voting link.
    token = links[voters[1].person.email].rsplit("/", 2)[1]
    assert not SentNotification.objects.filter(url__contains=token).exists()

    anonymous = Client()
    link = _path(links[voters[1].person.email])
    page = anonymous.get(link)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert "Record my vote" in page.content.decode()
    # Opening the link (as a mail scanner would) votes nothing; the paper opens from it.
    assert not ResolutionVoter.objects.filter(voted_at__isnull=False).exists()
    paper_row = ResolutionPaper.objects.get()
    assert anonymous.get(f"{link}papers/{paper_row.pk}/")["Content-Type"] == "application/pdf"

    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        voted = anonymous.post(link, {"choice": "for"})
    assert voted.status_code == 200 and "you voted <strong>for</strong>" in voted.content.decode()
    again = anonymous.post(link, {"choice": "against"})
    assert again.status_code == 410 and "already recorded" in again.content.decode()
    assert ResolutionVoter.objects.get(person=voters[1].person).choice == "for"

    for user in (voters[2], voters[0]):
        with django_capture_on_commit_callbacks(execute=True):
            anonymous.post(_path(links[user.person.email]), {"choice": "for"})
    # Three of four for: carried at once, and everyone asked is told.
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.CARRIED
    assert resolution.decision.vote.summary == "Carried 3–0, by written resolution"
    outcome = [m for m in mail.outbox if m.subject.startswith("Carried")]
    assert sorted(_to(m) for m in outcome) == sorted(u.person.email for u in voters)
    assert "Carried 3–0, by written resolution, of 4 entitled to vote." in outcome[0].body
    # The decision's page leads a member back to the resolution and its papers.
    decision_page = _signed_in(voters[1]).get(resolution.decision.get_absolute_url())
    assert f'href="/resolutions/{resolution.pk}/"' in decision_page.content.decode()
    # The last member's link now says the resolution is closed.
    late = anonymous.post(_path(links[voters[3].person.email]), {"choice": "against"})
    assert late.status_code == 410 and "closed" in late.content.decode()
    assert resolution.history.count() >= 2
    reasons = set(ResolutionVoter.history.values_list("history_change_reason", flat=True))
    assert {"Asked to vote", "Voted"} <= reasons


def test_a_restricted_resolution_is_not_in_any_email_and_its_link_asks_for_sign_in(
    exec_body, django_capture_on_commit_callbacks
):
    _circulate(
        _signed_in(business_unit()),
        exec_body.body,
        django_capture_on_commit_callbacks,
        title=f"{SECRET} placement",
        text=f"Approve the {SECRET} placement.",
        is_restricted="on",
    )
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert SECRET not in message.body
        assert all(SECRET not in str(content) for content, _type in message.alternatives)
        assert SECRET not in message.subject
    links = _links()
    member, other = exec_body.members[0], exec_body.members[1]
    link = _path(links[member.person.email])

    response = Client().get(link)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The link is the member's: another member signed in is refused, and votes nothing.
    refused = _signed_in(other).post(link, {"choice": "against"})
    assert refused.status_code == 403 and SECRET not in refused.content.decode()
    assert not ResolutionVoter.objects.filter(voted_at__isnull=False).exists()

    own = _signed_in(member)
    assert SECRET in own.get(link).content.decode()
    assert own.post(link, {"choice": "abstain"}).status_code == 200
    assert ResolutionVoter.objects.get(person=member.person).choice == "abstain"


def test_outsiders_are_refused_and_change_nothing(exec_body, django_capture_on_commit_callbacks):
    _circulate(
        _signed_in(exec_body.chair),
        exec_body.body,
        django_capture_on_commit_callbacks,
        text=f"The {SECRET} protocol.",
        papers=upload(make_pdf(), "protocol.pdf"),
    )
    resolution = Resolution.objects.get()
    paper = resolution.papers.get()
    outsider = _signed_in(member_of(BodyFactory(name="Learning and Development")))
    for url in (
        f"/resolutions/{resolution.pk}/",
        f"/resolutions/{resolution.pk}/papers/{paper.pk}/",
        f"/bodies/{exec_body.body.slug}/resolutions/",
    ):
        response = outsider.get(url)
        assert response.status_code == 403, url
        assert SECRET not in response.content.decode()
    assert (
        outsider.post(
            f"/resolutions/{resolution.pk}/", {"step": "vote", "choice": "for"}
        ).status_code
        == 403
    )
    assert (
        outsider.post(
            f"/resolutions/{resolution.pk}/", {"step": "withdraw", "withdrawn_reason": "No"}
        ).status_code
        == 403
    )
    # A member who does not chair may read it but neither circulate nor withdraw.
    member = _signed_in(exec_body.members[0])
    assert member.get(f"/resolutions/{resolution.pk}/").status_code == 200
    assert member.get(f"/bodies/{exec_body.body.slug}/resolutions/new/").status_code == 403
    assert _circulate(member, exec_body.body, django_capture_on_commit_callbacks).status_code == 403
    assert (
        member.post(
            f"/resolutions/{resolution.pk}/", {"step": "withdraw", "withdrawn_reason": "No"}
        ).status_code
        == 403
    )
    # Another partnership's site does not know it.
    second_partnership()
    assert Client(HTTP_HOST=ADULTS_HOST).get(f"/resolutions/{resolution.pk}/").status_code in (
        302,
        404,
    )
    adults_member = _signed_in(exec_body.members[0])
    assert (
        adults_member.get(f"/resolutions/{resolution.pk}/", HTTP_HOST=ADULTS_HOST).status_code
        == 404
    )
    assert Client().get("/resolutions/vote/" + "0" * 64 + "/").status_code == 404
    assert Resolution.objects.count() == 1
    assert not ResolutionVoter.objects.filter(voted_at__isnull=False).exists()
    assert Resolution.objects.get().status == ResolutionStatus.OPEN


def _paper_files() -> set[str]:
    storage = private_storage()
    if not storage.exists("resolutions"):
        return set()
    folders, _files = storage.listdir("resolutions")
    return {
        f"{folder}/{name}"
        for folder in folders
        for name in storage.listdir(f"resolutions/{folder}")[1]
    }


def test_bad_input_is_explained_and_stores_nothing(exec_body, django_capture_on_commit_callbacks):
    before = _paper_files()
    chair = _signed_in(exec_body.chair)
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = _circulate(chair, exec_body.body, django_capture_on_commit_callbacks, deadline=past)
    assert (
        response.status_code == 400
        and "The deadline must be in the future." in response.content.decode()
    )

    not_a_pdf = upload(b"MZ\x90\x00 not a pdf", "minutes.pdf")
    response = _circulate(
        chair, exec_body.body, django_capture_on_commit_callbacks, papers=not_a_pdf
    )
    assert response.status_code == 400 and "minutes.pdf:" in response.content.decode()

    response = _circulate(chair, exec_body.body, django_capture_on_commit_callbacks, voters=[])
    assert response.status_code == 400

    stranger = member_of(BodyFactory()).person
    response = _circulate(
        chair, exec_body.body, django_capture_on_commit_callbacks, voters=[stranger.pk]
    )
    assert response.status_code == 400
    assert not Resolution.objects.exists() and not ResolutionPaper.objects.exists()
    assert mail.outbox == []
    assert _paper_files() == before


def test_my_page_lists_what_awaits_my_vote_and_i_vote_there(
    exec_body, django_capture_on_commit_callbacks
):
    _circulate(_signed_in(exec_body.chair), exec_body.body, django_capture_on_commit_callbacks)
    resolution = Resolution.objects.get()
    member = _signed_in(exec_body.members[0])
    assert "Adopt the escalation protocol" in member.get("/my/").content.decode()
    assert (
        "Resolutions awaiting my vote"
        not in _signed_in(exec_body.adviser).get("/my/").content.decode()
    )

    bad = member.post(f"/resolutions/{resolution.pk}/", {"step": "vote", "choice": "maybe"})
    assert bad.status_code == 400
    done = member.post(
        f"/resolutions/{resolution.pk}/", {"step": "vote", "choice": "against"}, follow=True
    )
    assert "Your vote, against, is recorded." in done.content.decode()
    assert "You voted <strong>against</strong>" in done.content.decode()
    assert "Resolutions awaiting my vote" not in member.get("/my/").content.decode()
    # The chair sees who is yet to vote; the body's list shows it open with one vote of four.
    chair_page = _signed_in(exec_body.chair).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert f"by {exec_body.chair.person.name}" in chair_page
    assert "Yet to vote" in chair_page and exec_body.members[1].person.name in chair_page
    listing = member.get(f"/bodies/{exec_body.body.slug}/resolutions/").content.decode()
    assert "1 of 4" in listing


def test_the_chair_withdraws_it_with_a_reason_and_its_links_stop(
    exec_body, django_capture_on_commit_callbacks
):
    chair = _signed_in(exec_body.chair)
    _circulate(chair, exec_body.body, django_capture_on_commit_callbacks)
    resolution = Resolution.objects.get()
    link = _path(_links()[exec_body.members[0].person.email])
    assert chair.post(f"/resolutions/{resolution.pk}/", {"step": "withdraw"}).status_code == 400
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(
            f"/resolutions/{resolution.pk}/",
            {"step": "withdraw", "withdrawn_reason": "To the March meeting instead."},
        )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.WITHDRAWN and resolution.decision is None
    # The four voters, the chair who circulated it among them, once each.
    assert len(mail.outbox) == 4
    assert "To the March meeting instead." in mail.outbox[0].body
    assert Client().get(link).status_code == 410
    # The business unit reads each step on the page.
    history = _signed_in(business_unit()).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "Withdrawn: To the March meeting instead." in history
    assert "Resolution circulated" in history


def test_those_yet_to_vote_are_reminded_once_a_day_before_the_deadline(
    exec_body, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _circulate(_signed_in(exec_body.chair), exec_body.body, django_capture_on_commit_callbacks)
    resolution = Resolution.objects.get()
    links = _links()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(_path(links[exec_body.members[0].person.email]), {"choice": "for"})
    mail.outbox = []
    # Two days to go: too soon.
    with django_capture_on_commit_callbacks(execute=True):
        assert resolutions_remind_due(start + datetime.timedelta(hours=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert resolutions_remind_due(resolution.deadline - datetime.timedelta(hours=23)) == 3
    reminded = sorted(_to(m) for m in mail.outbox)
    assert exec_body.members[0].person.email not in reminded and len(reminded) == 3
    # The reminder carries the same link as the first email.
    assert set(_links().values()) <= set(links.values())
    with django_capture_on_commit_callbacks(execute=True):
        assert resolutions_remind_due(resolution.deadline - datetime.timedelta(hours=2)) == 0
    assert len(mail.outbox) == 3
