"""A decision's vote is shown wherever the decision is: the register and its CSV, the
decision page (by name when so recorded), the minutes PDF, the API and Popolo's vote events,
each in a fixed number of queries, and a restricted decision's vote only to those who may
see the decision."""

import csv
import io

import pytest
from pypdf import PdfReader

from django.test import Client
from django.utils import timezone

from governance.models import Ballot, Vote, VoteChoice, VoteOccasion, VoteRecording
from tests.membership.factories import PersonFactory

from .factories import BodySettingsFactory, D, business_unit, decision, member_of
from .minutes_factories import PUBLIC_TITLE, approved, minutes_scene
from .test_query_counts import _assert_constant, _meeting_item

pytestmark = pytest.mark.django_db


def _vote(the_decision, choices, *, occasion=VoteOccasion.MEETING, casting=""):
    """A vote by name on the decision: `choices` is a list of (person, choice)."""
    counts = {choice: sum(1 for _, c in choices if c == choice) for choice in VoteChoice.values}
    vote = Vote.objects.create(
        decision=the_decision,
        occasion=occasion,
        recording=VoteRecording.NAMED,
        votes_for=counts["for"],
        votes_against=counts["against"],
        abstentions=counts["abstain"],
        entitled=len(choices),
        casting_vote=casting,
        carried=counts["for"] > counts["against"] or casting == "for",
        taken_at=timezone.now(),
    )
    for person, choice in choices:
        Ballot.objects.create(vote=vote, person=person, choice=choice)
    return vote


def _people(*names):
    return [PersonFactory(given_name=given, family_name=family) for given, family in names]


@pytest.fixture
def scene():
    body = BodySettingsFactory(body__short_name="EXEC", body__name="KSCB Executive").body
    alice, bob, carol, dan = _people(
        ("Alice", "Ash"), ("Bob", "Birch"), ("Carol", "Cedar"), ("Dan", "Dale")
    )
    carried = decision(body, title="Business plan", decided_on=D(2012, 4, 18))
    _vote(carried, [(alice, "for"), (bob, "for"), (carol, "against"), (dan, "abstain")])
    lost = decision(body, title="New logo", decided_on=D(2012, 4, 18))
    _vote(
        lost,
        [(alice, "against"), (bob, "against"), (carol, "for")],
        occasion=VoteOccasion.WRITTEN,
    )
    decision(body, title="Noted the report", decided_on=D(2012, 4, 18))
    secret = decision(body, title="Case review", decided_on=D(2012, 4, 18), is_restricted=True)
    _vote(secret, [(alice, "for"), (bob, "for")])
    return {"body": body, "carried": carried, "lost": lost, "secret": secret, "dan": dan}


def test_the_register_and_its_csv_mark_each_decision_with_its_vote(client, scene):
    page = client.get("/decisions/").content.decode()
    assert "Carried 2–1, 1 abstention" in page
    assert "Lost 1–2, by written resolution" in page
    assert "Case review" not in page  # restricted: not for the public, nor its vote

    client.force_login(member_of(scene["body"]))
    page = client.get("/decisions/").content.decode()
    assert "Carried 2–0" in page

    rows = list(csv.DictReader(io.StringIO(client.get("/decisions/export.csv").content.decode())))
    votes = {row["Title"]: row["Vote"] for row in rows}
    assert votes == {
        "Business plan": "Carried 2–1, 1 abstention",
        "New logo": "Lost 1–2, by written resolution",
        "Noted the report": "",
        "Case review": "Carried 2–0",
    }


def test_the_decision_page_shows_the_vote_in_full_by_name(client, scene):
    page = client.get(scene["carried"].get_absolute_url()).content.decode()
    assert "Carried 2–1, 1 abstention: 2 for, 1 against, 1 abstaining, of 4 entitled" in page
    assert "For: Alice Ash, Bob Birch" in page
    assert "Against: Carol Cedar" in page
    assert "Abstain: Dan Dale" in page


def test_a_tie_carried_on_the_chairs_casting_vote_says_so(client):
    body = BodySettingsFactory().body
    alice, bob = _people(("Alice", "Ash"), ("Bob", "Birch"))
    tied = decision(body, title="Tied", decided_on=D(2012, 4, 18))
    _vote(tied, [(alice, "for"), (bob, "against")], casting="for")
    page = client.get(tied.get_absolute_url()).content.decode()
    assert "Carried 1–1, on the chair&#x27;s casting vote" in page


def test_the_api_and_popolo_carry_the_vote_and_leave_restricted_ones_out(client, scene):
    decisions = client.get("/api/v1/decisions/").json()["results"]
    by_title = {d["title"]: d for d in decisions}
    assert "Case review" not in by_title
    assert by_title["Noted the report"]["vote"] is None
    vote = by_title["Business plan"]["vote"]
    assert (vote["votes_for"], vote["votes_against"], vote["abstentions"]) == (2, 1, 1)
    assert vote["carried"] is True and vote["summary"] == "Carried 2–1, 1 abstention"
    assert {(b["person"]["name"], b["choice"]) for b in vote["ballots"]} == {
        ("Alice Ash", "for"),
        ("Bob Birch", "for"),
        ("Carol Cedar", "against"),
        ("Dan Dale", "abstain"),
    }

    events = client.get("/api/v1/popolo/vote_events.json").json()
    assert [e["motion"]["text"] for e in events] == ["Business plan", "New logo"]
    carried, lost = events
    assert carried["result"] == "pass" and lost["result"] == "fail"
    assert carried["counts"] == [
        {"option": "yes", "value": 2},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 1},
    ]
    assert {"voter_id": f"person/{scene['dan'].pk}", "option": "abstain"} in carried["votes"]
    assert lost["motion"]["classification"] == "By written resolution"
    assert carried["organization_id"] == f"body/{scene['body'].pk}"

    client.force_login(member_of(scene["body"]))
    events = client.get("/api/v1/popolo/vote_events.json").json()
    assert "Case review" in [e["motion"]["text"] for e in events]


def test_the_minutes_pdf_prints_each_decisions_vote():
    minutes = minutes_scene()
    item = minutes.meeting.agenda_items.get(title=PUBLIC_TITLE)
    taken = decision(minutes.body, title="Adopted the strategy", agenda_item=item, decided_on=None)
    _vote(taken, [(minutes.chair.person, "for"), (minutes.member.person, "for")])
    approved(minutes)

    response = Client().get(f"/meetings/{minutes.meeting.pk}/minutes.pdf")

    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Carried 2–0." in text
    names = sorted(
        (minutes.chair.person, minutes.member.person), key=lambda p: (p.family_name, p.given_name)
    )
    assert f"Carried 2–0. For: {names[0].name}, {names[1].name}." in text


def _add_voted_decisions(body, count=21):
    item = _meeting_item(body)
    for n in range(count):
        people = _people((f"Voter{n}", "A"), (f"Voter{n}", "B"))
        voted = decision(
            body, title=f"Voted {n}", agenda_item=item if n % 2 else None, decided_on=D(2012, 1, 18)
        )
        _vote(voted, [(people[0], "for"), (people[1], "against" if n % 3 else "for")])


def test_votes_keep_the_query_counts_flat(client):
    body = BodySettingsFactory().body
    client.force_login(business_unit())
    _add_voted_decisions(body, 2)
    _assert_constant(client, "/decisions/", lambda: _add_voted_decisions(body))
    _assert_constant(client, "/decisions/export.csv", lambda: _add_voted_decisions(body))
    _assert_constant(client, "/api/v1/decisions/", lambda: _add_voted_decisions(body))
    _assert_constant(client, "/api/v1/popolo/vote_events.json", lambda: _add_voted_decisions(body))
    the_decision = decision(body, title="Watched", decided_on=D(2012, 1, 18))
    vote = _vote(the_decision, [])

    def more_ballots():
        for person in _people(*((f"Extra{n}", "Voter") for n in range(21))):
            Ballot.objects.create(vote=vote, person=person, choice="for")

    _assert_constant(client, the_decision.get_absolute_url(), more_ballots)
