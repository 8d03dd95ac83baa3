"""The standing register of interests: members keep their own and confirm it yearly, a
reminder goes once when confirmation falls due, and a body's register is for its members
and its business unit alone."""

from __future__ import annotations

import datetime
from email.utils import parseaddr

import pytest
import time_machine

from django.core import mail
from django.test import Client
from django.urls import reverse

from governance.models import InterestConfirmation, InterestKind, RegisteredInterest
from governance.selectors.interests import registered_interests
from notifications.models import SentNotification
from notifications.tasks import notices_due
from tests.membership.factories import BodyFactory, PersonFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

from .factories import business_unit, login, member_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(client, **data):
    values = {
        "kind": InterestKind.OFFICE,
        "description": "Trustee",
        "organisation": "Kent Youth Trust",
        "start_date": "2020-01-01",
        "end_date": "",
    }
    values.update(data)
    return client.post("/my/interests/", values)


@pytest.fixture
def board():
    return BodyFactory(name="Kent Safeguarding Children Board", slug="board")


def test_a_member_registers_an_interest_and_a_bad_one_changes_nothing(board):
    user = member_of(board)
    client = _client(user)

    response = _add(client)
    assert response.status_code == 302
    interest = RegisteredInterest.objects.get(person=user.person)
    assert interest.organisation == "Kent Youth Trust"
    assert interest.recorded_by == user
    assert interest.history.first().history_change_reason == "Interest registered"

    refused = _add(client, description="Director", start_date="2024-05-01", end_date="2023-01-01")
    assert refused.status_code == 400
    assert "cannot end before it starts" in refused.content.decode()
    assert RegisteredInterest.objects.count() == 1

    # Another person's entry is not there for them.
    other = member_of(board)
    assert _client(other).post(f"/my/interests/{interest.pk}/", {}).status_code == 404

    page = client.get("/my/").content.decode()
    assert "/my/interests/" in page


def test_confirmation_falls_due_a_year_on_the_reminder_goes_once_and_confirming_clears_it(
    board, django_capture_on_commit_callbacks
):
    user = member_of(board)
    user.person.email = "member@example.org"
    user.person.save()

    def check(on):
        with django_capture_on_commit_callbacks(execute=True):
            return notices_due.delay("governance.interests_confirmation", on.isoformat()).get()

    with time_machine.travel(NOW, tick=False):
        client = _client(user)
        page = client.get("/my/interests/").content.decode()
        assert "You have not yet confirmed your register" in page
        assert client.post("/my/interests/", {"step": "confirm"}).status_code == 400
        assert (
            client.post("/my/interests/", {"step": "confirm", "confirm": "on"}).status_code == 302
        )
    assert InterestConfirmation.objects.filter(person=user.person).count() == 1

    # Confirmed: nothing is due for the rest of the year.
    assert check(datetime.date(2026, 12, 1)) == 0
    assert mail.outbox == []

    due = datetime.date(2027, 3, 2)
    assert check(due) == 1
    check(due + datetime.timedelta(days=1))
    assert [parseaddr(message.to[0])[1] for message in mail.outbox] == ["member@example.org"]
    assert mail.outbox[0].subject == "Please confirm your register of interests"
    assert "You last confirmed your register of interests on 2 March 2026" in mail.outbox[0].body
    assert SentNotification.objects.filter(
        event_key=f"interests-confirmation:{user.person.pk}:2026-03-02"
    ).exists()

    with time_machine.travel(datetime.datetime(2027, 3, 4, 9, tzinfo=datetime.UTC), tick=False):
        client = _client(user)
        assert "Your confirmation is due" in client.get("/my/interests/").content.decode()
        client.post("/my/interests/", {"step": "confirm", "confirm": "on"})
        assert "Your confirmation is due" not in client.get("/my/interests/").content.decode()
    mail.outbox.clear()
    assert check(datetime.date(2027, 3, 5)) == 0
    assert mail.outbox == []


def test_the_body_register_shows_held_interests_and_who_is_overdue(board):
    keen = member_of(board, person=PersonFactory(given_name="Keen", family_name="Confirmer"))
    late = member_of(board, person=PersonFactory(given_name="Late", family_name="Member"))
    with time_machine.travel(NOW, tick=False):
        _add(_client(keen), description="Non-executive director", end_date="")
        _add(_client(keen), description="Former governor", end_date="2021-01-01")
        _client(keen).post("/my/interests/", {"step": "confirm", "confirm": "on"})
        page = _client(late).get("/bodies/board/interests/").content.decode()

    assert "Non-executive director" in page
    assert "Former governor" not in page
    assert "1 member overdue to confirm:</strong> Late Member" in page
    # Each member is named with their role on the body.
    assert f'Keen Confirmer <span class="muted">{keen.person.memberships.get().role.label}' in page
    held = registered_interests(board, NOW.date())
    assert [i.description for i in held[keen.person.pk]] == ["Non-executive director"]
    assert late.person.pk not in held


def test_the_body_register_is_for_its_members_and_business_unit_alone(board):
    executive = BodyFactory(name="Executive", slug="executive")
    adults = second_partnership()
    url = "/bodies/board/interests/"

    assert Client().get(url).status_code == 302
    assert _client(member_of(board)).get(url).status_code == 200
    assert _client(business_unit()).get(url).status_code == 200
    assert _client(member_of(executive)).get(url).status_code == 403
    assert _client(login(PersonFactory())).get(url).status_code == 403
    # Another partnership's site does not know the body; its business unit is refused here.
    assert _client(manager_of(adults)).get(url, HTTP_HOST=ADULTS_HOST).status_code == 404
    assert _client(manager_of(adults)).get(url).status_code == 403
    assert Client().get("/my/interests/").status_code == 302
    assert _client(login()).get("/my/interests/").status_code == 403


def test_the_body_register_costs_the_same_queries_for_more_members(
    board, django_assert_max_num_queries
):
    viewer = member_of(board)
    client = _client(viewer)

    def crowd(count):
        for _ in range(count):
            user = member_of(board)
            _add(_client(user))
            _client(user).post("/my/interests/", {"step": "confirm", "confirm": "on"})

    crowd(2)
    with django_assert_max_num_queries(12) as captured:
        assert client.get("/bodies/board/interests/").status_code == 200
    few = len(captured)
    crowd(20)
    with django_assert_max_num_queries(few):
        assert client.get("/bodies/board/interests/").status_code == 200


def test_the_business_unit_enters_an_interest_in_the_admin_and_another_partnership_cannot(
    board,
):
    member = member_of(board)
    clerk = _client(business_unit())
    assert clerk.get(reverse("registeredinterest:index")).status_code == 200

    response = clerk.post(
        reverse("registeredinterest:add"),
        {
            "person": member.person.pk,
            "kind": InterestKind.FINANCIAL,
            "description": "Shares in Kent Care Homes Ltd",
            "organisation": "Kent Care Homes Ltd",
            "start_date": "2019-04-01",
            "end_date": "",
        },
    )

    assert response.status_code == 302
    interest = RegisteredInterest.objects.get(person=member.person)
    assert interest.history.get().history_change_reason == "Interest registered"
    assert "Shares in Kent Care Homes Ltd" in _client(member).get("/my/interests/").content.decode()
    outsider = _client(manager_of(second_partnership()))
    listing = outsider.get(reverse("registeredinterest:index")).content.decode()
    assert "Shares in Kent Care Homes Ltd" not in listing
    assert outsider.get(reverse("registeredinterest:edit", args=[interest.pk])).status_code == 404


def test_the_console_prompts_declarations_from_the_register_and_records_one_in_a_step(board):
    from governance.models import DeclarationOfInterest

    from .factories import AgendaItemFactory, D, MeetingFactory, at, chair_of, publish

    meeting = MeetingFactory(body=board, start=at(D(2012, 4, 18)))
    item = AgendaItemFactory(meeting=meeting, title="Commissioning of youth services")
    publish(meeting)
    member = member_of(board, start_date=D(2011, 4, 1))
    RegisteredInterest.objects.create(
        person=member.person,
        kind=InterestKind.OFFICE,
        description="Trustee",
        organisation="Kent Youth Trust",
        start_date=D(2010, 1, 1),
    )
    chair = _client(chair_of(board))
    console = f"/meetings/{meeting.pk}/log/?item={item.pk}"

    page = chair.get(console).content.decode()
    declared = chair.post(
        console,
        {
            "form": "declaration",
            "declaration-agenda_item": item.pk,
            "declaration-person": member.person.pk,
            "declaration-interest": "Office held: Trustee",
            "declaration-withdrew": "on",
        },
    )

    assert "From the register of interests (1 member)" in page
    assert "Trustee (Kent Youth Trust)" in page
    assert declared.status_code == 302
    declaration = DeclarationOfInterest.objects.get()
    assert (declaration.person, declaration.agenda_item, declaration.withdrew) == (
        member.person,
        item,
        True,
    )
