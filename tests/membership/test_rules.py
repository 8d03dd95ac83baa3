"""The membership rules, on the two paths a clerk takes: the services (what imports, the
chair console and `load_demo` call) and the Wagtail admin's Body form with its inline
memberships, submitted as a browser would."""

import datetime
import threading
import time

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from membership import selectors, services
from membership.models import Body, Membership, Role, Seat
from tests.admin_forms import admin_form, fill_and_submit, submit
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def start(actor, body, person=None, **kwargs):
    return services.membership_start(
        actor=actor, person=person or PersonFactory(), body=body, **kwargs
    )


def edit_url(body):
    return reverse("body:edit", args=[body.pk])


def add_term(client, body, **fields):
    """A new term from the body's page: "Add a term" opens its form for that body."""
    return fill_and_submit(client, reverse("term:add") + f"?body={body.pk}", **fields)


def edit_term(client, membership, **fields):
    """A term opened from the body's list of current terms, changed and saved."""
    return fill_and_submit(client, reverse("term:edit", args=[membership.pk]), **fields)


def form_errors(response) -> dict:
    """Every error the re-rendered form shows, by field."""
    return response.context["form"].errors


def refused(response) -> str:
    """The body form came back with errors; return its page text for the messages."""
    assert response.status_code == 200, response.get("Location")
    assert "could not be" in response.content.decode()  # "… saved / created due to errors"
    return response.content.decode()


# --- A term that ends before it starts ----------------------------------------------------


def test_service_refuses_a_term_that_ends_before_it_starts(business_unit_user):
    body = BodyFactory()

    with pytest.raises(ValidationError) as refusal:
        start(business_unit_user, body, start_date=D(2011, 6, 1), end_date=D(2011, 5, 31))

    assert refusal.value.message_dict["end_date"] == [
        "A term cannot end before it starts: pick a later end date."
    ]
    assert not Membership.objects.exists()


def test_service_accepts_a_term_of_one_day(business_unit_user):
    membership = start(
        business_unit_user, BodyFactory(), start_date=D(2011, 6, 1), end_date=D(2011, 6, 1)
    )

    assert membership.pk


def test_ending_a_term_before_it_started_is_refused_and_the_term_unchanged(business_unit_user):
    membership = start(business_unit_user, BodyFactory(), start_date=D(2011, 6, 1))

    with pytest.raises(ValidationError) as refusal:
        services.membership_end(
            actor=business_unit_user, membership=membership, end_date=D(2011, 5, 1)
        )

    assert "cannot end before it starts" in refusal.value.message_dict["end_date"][0]
    membership.refresh_from_db()
    assert membership.end_date is None


def test_ending_a_term_later_than_it_already_ended_is_refused(business_unit_user):
    membership = start(
        business_unit_user, BodyFactory(), start_date=D(2011, 6, 1), end_date=D(2012, 3, 31)
    )

    with pytest.raises(ValidationError) as refusal:
        services.membership_end(
            actor=business_unit_user, membership=membership, end_date=D(2013, 3, 31)
        )

    assert "already ended" in refusal.value.message_dict["end_date"][0]
    membership.refresh_from_db()
    assert membership.end_date == D(2012, 3, 31)


def test_database_refuses_a_term_that_ends_before_it_starts():
    with pytest.raises(IntegrityError, match="membership_ends_after_start"), transaction.atomic():
        MembershipFactory(start_date=D(2011, 6, 1), end_date=D(2011, 5, 31))

    assert not Membership.objects.exists()


def test_admin_refuses_a_term_that_ends_before_it_starts(business_unit_client):
    membership = MembershipFactory(start_date=D(2011, 6, 1))

    response = edit_term(business_unit_client, membership, end_date="2011-05-31")

    page = refused(response)
    assert form_errors(response)["end_date"] == [
        "A term cannot end before it starts: pick a later end date."
    ]
    assert "A term cannot end before it starts" in page
    membership.refresh_from_db()
    assert membership.end_date is None


def test_admin_refuses_a_new_term_that_ends_before_it_starts(business_unit_client):
    body = BodyFactory()

    response = add_term(
        business_unit_client,
        body,
        person=PersonFactory().pk,
        role=Role.MEMBER,
        start_date="2011-06-01",
        end_date="2011-05-31",
    )

    refused(response)
    assert "end_date" in form_errors(response)
    assert not Membership.objects.exists()


# --- One chair at a time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Role.CHAIR, Role.CHAIR),
        (Role.INDEPENDENT_CHAIR, Role.CHAIR),
        (Role.CHAIR, Role.INDEPENDENT_CHAIR),
    ],
)
def test_service_refuses_a_second_chair_whose_term_overlaps_the_first(
    business_unit_user, first, second
):
    body = BodyFactory()
    sitting = start(business_unit_user, body, role=first, start_date=D(2011, 4, 1))

    with pytest.raises(ValidationError) as refusal:
        start(business_unit_user, body, role=second, start_date=D(2012, 4, 1))

    [message] = refusal.value.message_dict["role"]
    assert f"{sitting.person} chairs this body from 1 April 2011" in message
    assert "one chair at a time" in message
    assert Membership.objects.filter(body=body).count() == 1


def test_service_refuses_a_chair_whose_term_ends_on_the_day_the_next_begins(
    business_unit_user,
):
    body = BodyFactory()
    start(business_unit_user, body, role=Role.CHAIR, start_date=D(2011, 4, 1))

    with pytest.raises(ValidationError):
        start(
            business_unit_user,
            body,
            role=Role.CHAIR,
            start_date=D(2010, 4, 1),
            end_date=D(2011, 4, 1),
        )


def test_chair_whose_term_ends_the_day_before_the_next_begins_is_fine(business_unit_user):
    body = BodyFactory()
    outgoing = start(business_unit_user, body, role=Role.CHAIR, start_date=D(2011, 4, 1))
    services.membership_end(actor=business_unit_user, membership=outgoing, end_date=D(2013, 3, 31))

    incoming = start(
        business_unit_user, body, role=Role.INDEPENDENT_CHAIR, start_date=D(2013, 4, 1)
    )

    assert selectors.membership_get_chair(body, D(2013, 3, 31)) == outgoing
    assert selectors.membership_get_chair(body, D(2013, 4, 1)) == incoming


def test_vice_chair_alongside_the_chair_is_fine(business_unit_user):
    body = BodyFactory()
    start(business_unit_user, body, role=Role.CHAIR, start_date=D(2011, 4, 1))

    assert start(business_unit_user, body, role=Role.VICE_CHAIR, start_date=D(2011, 4, 1))


def test_chairs_of_different_bodies_do_not_conflict(business_unit_user):
    person = PersonFactory()
    start(business_unit_user, BodyFactory(), person, role=Role.CHAIR, start_date=D(2011, 4, 1))

    assert start(
        business_unit_user, BodyFactory(), person, role=Role.CHAIR, start_date=D(2011, 4, 1)
    )


def test_admin_refuses_a_second_chair_overlapping_the_first(business_unit_client):
    sitting = MembershipFactory(role=Role.CHAIR, start_date=D(2011, 4, 1))
    body = sitting.body

    response = add_term(
        business_unit_client,
        body,
        person=PersonFactory().pk,
        role=Role.CHAIR,
        start_date="2012-04-01",
    )

    page = refused(response)
    [message] = response.context["form"].errors["role"]
    assert f"{sitting.person} chairs this body from 1 April 2011" in message
    assert "a body has one chair at a time" in page
    assert list(Membership.objects.filter(body=body)) == [sitting]


def test_admin_refuses_two_overlapping_chairs_on_a_new_body(business_unit_client):
    form = admin_form(business_unit_client, reverse("body:add"))
    form["name"] = "Case Review Subgroup"
    form["slug"] = "case-review"
    assert submit(business_unit_client, reverse("body:add"), form).status_code == 302
    body = Body.objects.get(slug="case-review")
    responses = [
        add_term(
            business_unit_client,
            body,
            person=PersonFactory().pk,
            role=Role.CHAIR,
            start_date="2011-04-01",
        )
        for _ in range(2)
    ]

    assert responses[0].status_code == 302
    assert "one chair at a time" in refused(responses[1])
    assert Membership.objects.count() == 1


def test_admin_ends_the_old_chair_and_adds_the_new_one(business_unit_client):
    outgoing = MembershipFactory(role=Role.CHAIR, start_date=D(2011, 4, 1))
    body = outgoing.body
    successor = PersonFactory()

    ended = edit_term(business_unit_client, outgoing, end_date="2013-03-31")
    response = add_term(
        business_unit_client,
        body,
        person=successor.pk,
        role=Role.CHAIR,
        start_date="2013-04-01",
    )

    assert ended.status_code == 302, form_errors(ended)
    assert response.status_code == 302, form_errors(response)
    outgoing.refresh_from_db()
    assert outgoing.end_date == D(2013, 3, 31)
    assert selectors.membership_get_chair(body, D(2013, 3, 31)) == outgoing
    assert selectors.membership_get_chair(body, D(2013, 4, 1)).person == successor


# --- The same person in the same role ----------------------------------------------------


def test_service_refuses_the_same_person_in_the_same_role_for_overlapping_terms(
    business_unit_user,
):
    body = BodyFactory()
    first = start(business_unit_user, body, role=Role.MEMBER, start_date=D(2011, 4, 1))

    with pytest.raises(ValidationError) as refusal:
        start(
            business_unit_user,
            body,
            first.person,
            role=Role.MEMBER,
            start_date=D(2010, 1, 1),
            end_date=D(2011, 4, 1),
        )

    [message] = refusal.value.message_dict["start_date"]
    assert f"{first.person} is already member of this body from 1 April 2011" in message
    assert Membership.objects.filter(body=body).count() == 1


def test_same_person_may_return_in_the_same_role_after_their_term_ended(business_unit_user):
    body = BodyFactory()
    first = start(business_unit_user, body, start_date=D(2011, 4, 1), end_date=D(2012, 3, 31))

    assert start(business_unit_user, body, first.person, start_date=D(2012, 4, 1))


def test_same_person_may_hold_different_roles_at_once(business_unit_user):
    body = BodyFactory()
    first = start(business_unit_user, body, role=Role.MEMBER, start_date=D(2011, 4, 1))

    second = start(
        business_unit_user, body, first.person, role=Role.VICE_CHAIR, start_date=D(2011, 4, 1)
    )

    assert {m.role_id for m in first.person.memberships.all()} == {Role.MEMBER, Role.VICE_CHAIR}
    assert second.pk


def test_admin_refuses_the_same_person_in_the_same_role_for_overlapping_terms(
    business_unit_client,
):
    first = MembershipFactory(role=Role.MEMBER, start_date=D(2011, 4, 1))

    response = add_term(
        business_unit_client,
        first.body,
        person=first.person.pk,
        role=Role.MEMBER,
        start_date="2012-01-01",
    )

    assert "is already member of this body from 1 April 2011" in refused(response)
    assert Membership.objects.count() == 1


def test_admin_accepts_the_same_person_in_a_different_role(business_unit_client):
    first = MembershipFactory(role=Role.MEMBER, start_date=D(2011, 4, 1))

    response = add_term(
        business_unit_client,
        first.body,
        person=first.person.pk,
        role=Role.VICE_CHAIR,
        start_date="2012-01-01",
    )

    assert response.status_code == 302, form_errors(response)
    assert first.person.memberships.count() == 2


# --- One holder per seat -----------------------------------------------------------------


def test_service_refuses_a_second_holder_of_a_seat_while_the_first_holds_it(
    business_unit_user,
):
    seat = SeatFactory()
    holder = start(business_unit_user, seat.body, seat=seat, start_date=D(2011, 4, 1))

    with pytest.raises(ValidationError) as refusal:
        start(business_unit_user, seat.body, seat=seat, start_date=D(2012, 4, 1))

    [message] = refusal.value.message_dict["seat"]
    assert f"{holder.person} holds this seat from 1 April 2011" in message
    assert seat.memberships.count() == 1


def test_service_accepts_a_deputy_on_a_held_seat(business_unit_user):
    seat = SeatFactory()
    start(business_unit_user, seat.body, seat=seat, start_date=D(2011, 4, 1))

    deputy = start(
        business_unit_user, seat.body, seat=seat, role=Role.DEPUTY, start_date=D(2011, 4, 1)
    )

    assert deputy.organisation == seat.organisation
    assert seat.memberships.count() == 2


def test_service_refuses_a_seat_that_belongs_to_another_body(business_unit_user):
    seat = SeatFactory()

    with pytest.raises(ValidationError) as refusal:
        start(business_unit_user, BodyFactory(), seat=seat, start_date=D(2011, 4, 1))

    assert refusal.value.message_dict["seat"] == ["This seat belongs to another body."]


def test_admin_refuses_a_second_holder_of_a_seat(business_unit_client):
    seat = SeatFactory()
    holder = MembershipFactory(body=seat.body, seat=seat, start_date=D(2011, 4, 1))
    response = add_term(
        business_unit_client,
        seat.body,
        person=PersonFactory().pk,
        role=Role.MEMBER,
        seat=seat.pk,
        start_date="2012-04-01",
    )

    assert f"{holder.person} holds this seat from 1 April 2011" in refused(response)
    assert list(seat.memberships.all()) == [holder]


def test_admin_accepts_a_deputy_on_a_held_seat(business_unit_client):
    seat = SeatFactory()
    MembershipFactory(body=seat.body, seat=seat, start_date=D(2011, 4, 1))
    response = add_term(
        business_unit_client,
        seat.body,
        person=PersonFactory().pk,
        role=Role.DEPUTY,
        seat=seat.pk,
        start_date="2012-04-01",
    )

    assert response.status_code == 302, form_errors(response)
    assert seat.memberships.filter(role=Role.DEPUTY).count() == 1


def test_admin_refuses_a_new_term_on_a_seat_of_another_body(business_unit_client):
    body = BodyFactory()
    elsewhere = SeatFactory()

    response = add_term(
        business_unit_client,
        body,
        person=PersonFactory().pk,
        role=Role.MEMBER,
        seat=elsewhere.pk,
        start_date="2012-04-01",
    )

    assert f"belongs to {elsewhere.body}" in refused(response)
    assert not Membership.objects.exists()


def test_admin_refuses_to_remove_a_seat_that_has_been_held(business_unit_client):
    seat = SeatFactory()
    MembershipFactory(body=seat.body, seat=seat, start_date=D(2011, 4, 1))

    response = business_unit_client.post(reverse("seat:delete", args=[seat.pk]))

    assert response.status_code == 200
    assert f"The seat “{seat.title}” has been held" in response.content.decode()
    assert seat.memberships.count() == 1
    assert Seat.objects.filter(pk=seat.pk).exists()


# --- Seat handover ------------------------------------------------------------------------


def test_seat_handover_ends_the_outgoing_term_the_day_before_and_the_seat_continues(
    business_unit_user,
):
    seat = SeatFactory()
    outgoing = start(business_unit_user, seat.body, seat=seat, start_date=D(2011, 4, 1))
    deputy = start(
        business_unit_user, seat.body, seat=seat, role=Role.DEPUTY, start_date=D(2011, 4, 1)
    )
    successor = PersonFactory()

    incoming = services.hand_over_seat(
        actor=business_unit_user,
        seat=seat,
        incoming_person=successor,
        on_date=D(2013, 9, 1),
        job_title="Detective Superintendent",
    )

    outgoing.refresh_from_db()
    deputy.refresh_from_db()
    assert outgoing.end_date == D(2013, 8, 31)
    assert deputy.end_date is None
    assert (incoming.person, incoming.seat, incoming.start_date, incoming.end_date) == (
        successor,
        seat,
        D(2013, 9, 1),
        None,
    )
    assert incoming.organisation == seat.organisation
    assert outgoing.history.first().history_change_reason == f"Seat handed over to {successor}"
    holders = [
        m.person
        for m in selectors.membership_list_current(seat.body, D(2013, 8, 31))
        if m.seat == seat and m.role_id != Role.DEPUTY
    ]
    assert holders == [outgoing.person]
    for day in (D(2013, 8, 31), D(2013, 9, 1)):
        assert seat not in selectors.body_compliance(seat.body, day).vacant_seats


def test_seat_handover_on_the_day_the_holder_joined_is_refused_and_changes_nothing(
    business_unit_user,
):
    seat = SeatFactory()
    holder = start(business_unit_user, seat.body, seat=seat, start_date=D(2011, 4, 1))

    with pytest.raises(ValidationError) as refusal:
        services.hand_over_seat(
            actor=business_unit_user,
            seat=seat,
            incoming_person=PersonFactory(),
            on_date=D(2011, 4, 1),
        )

    assert "1 April 2011" in refusal.value.message_dict["on_date"][0]
    holder.refresh_from_db()
    assert holder.end_date is None
    assert seat.memberships.count() == 1


def test_seat_handover_to_a_vacant_seat_simply_fills_it(business_unit_user):
    seat = SeatFactory()

    incoming = services.hand_over_seat(
        actor=business_unit_user,
        seat=seat,
        incoming_person=PersonFactory(),
        on_date=D(2013, 9, 1),
    )

    assert list(seat.memberships.all()) == [incoming]


# --- No cycles in the structure -------------------------------------------------------------


def test_body_cannot_be_its_own_parent(business_unit_user):
    body = BodyFactory()
    body.parent = body

    with pytest.raises(ValidationError) as refusal:
        services.body_save(actor=business_unit_user, body=body)

    assert "cannot report to itself" in refusal.value.message_dict["parent"][0]
    body.refresh_from_db()
    assert body.parent is None


def test_body_cannot_be_the_parent_of_its_ancestor(business_unit_user):
    board = BodyFactory()
    executive = BodyFactory(parent=board)
    subgroup = BodyFactory(parent=executive)
    board.parent = subgroup

    with pytest.raises(ValidationError) as refusal:
        services.body_save(actor=business_unit_user, body=board)

    assert "parent" in refusal.value.message_dict
    board.refresh_from_db()
    assert board.parent is None


def test_body_may_move_to_another_branch_of_the_structure(business_unit_user):
    board = BodyFactory()
    executive = BodyFactory(parent=board)
    subgroup = BodyFactory(parent=executive)
    subgroup.parent = board

    services.body_save(actor=business_unit_user, body=subgroup)

    subgroup.refresh_from_db()
    assert subgroup.parent == board


@pytest.mark.parametrize("parent", ["itself", "grandchild"])
def test_admin_shows_a_cycle_as_an_error_on_parent(business_unit_client, parent):
    board = BodyFactory()
    executive = BodyFactory(parent=board)
    grandchild = BodyFactory(parent=executive)
    form = admin_form(business_unit_client, edit_url(board))
    form["parent"] = (board if parent == "itself" else grandchild).pk

    response = submit(business_unit_client, edit_url(board), form)

    refused(response)
    assert response.context["form"].errors["parent"] == [
        "A body cannot report to itself or to one of its own subgroups."
    ]
    board.refresh_from_db()
    assert board.parent is None


# --- Two clerks at the same moment ----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_chairs_appointed_at_the_same_moment_cannot_both_be_saved():
    """The first appointment holds the body's lock until it commits; the second waits for it,
    then sees the new chair and is refused. Without the lock both would pass the rule."""
    body = BodyFactory()
    first_saved, release = threading.Event(), threading.Event()
    outcome = {}

    def appoint(name, before_commit=None):
        try:
            with transaction.atomic():
                services.membership_start(
                    actor=None,
                    person=PersonFactory(),
                    body=body,
                    role=Role.CHAIR,
                    start_date=D(2011, 4, 1),
                )
                if before_commit:
                    before_commit()
            outcome[name] = "saved"
        except ValidationError as error:
            outcome[name] = error.messages
        finally:
            connection.close()

    def hold_until_released():
        first_saved.set()
        release.wait(timeout=10)

    first = threading.Thread(target=appoint, args=("first", hold_until_released))
    second = threading.Thread(target=lambda: first_saved.wait(10) and appoint("second"))
    first.start()
    second.start()
    first_saved.wait(timeout=10)
    time.sleep(0.3)  # long enough for the second to reach the lock, or to pass it if none
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)

    assert outcome["first"] == "saved"
    assert outcome["second"] != "saved", "both chairs were saved"
    assert "one chair at a time" in outcome["second"][0]
    assert Membership.objects.filter(body=body, role=Role.CHAIR).count() == 1


def test_seat_handover_leaves_the_clerk_of_the_seat_alone(business_unit_user):
    seat = SeatFactory()
    holder = start(business_unit_user, seat.body, seat=seat, start_date=D(2010, 1, 1))
    clerk = start(
        business_unit_user, seat.body, seat=seat, role=Role.CLERK, start_date=D(2010, 1, 1)
    )

    services.hand_over_seat(
        actor=business_unit_user,
        seat=seat,
        incoming_person=PersonFactory(),
        on_date=D(2012, 1, 1),
    )

    holder.refresh_from_db()
    clerk.refresh_from_db()
    assert holder.end_date == D(2011, 12, 31)
    assert clerk.end_date is None


def test_body_save_gives_a_clear_message_for_a_bad_inline_row_outside_the_admin(
    business_unit_user,
):
    body = BodyFactory()
    body.memberships.add(
        Membership(person=PersonFactory(), start_date=D(2012, 1, 1), end_date=D(2011, 1, 1))
    )

    with pytest.raises(ValidationError, match="A term cannot end before it starts"):
        services.body_save(actor=business_unit_user, body=body)

    assert not Membership.objects.filter(body=body).exists()
