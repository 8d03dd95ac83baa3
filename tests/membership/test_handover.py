"""Handing a seat to its next holder on a date, in one step, from the seat's admin page."""

import datetime

import pytest

from django.urls import reverse

from membership import selectors
from membership.models import Membership, Role
from tests.admin_forms import fill_and_submit
from tests.membership.factories import (
    MembershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def seat():
    return SeatFactory(title="Police")


@pytest.fixture
def holder(seat):
    return MembershipFactory(
        body=seat.body, seat=seat, organisation=seat.organisation, start_date=D(2011, 4, 1)
    )


def hand_over(client, seat, **values):
    return fill_and_submit(client, reverse("seat:handover", args=(seat.pk,)), **values)


def holders(seat, on):
    return [m.person for m in selectors.seat_holders_on(seat, on)]


def terms_of(seat):
    return list(
        Membership.objects.filter(seat=seat)
        .order_by("start_date", "pk")
        .values_list("person_id", "role", "start_date", "end_date")
    )


def test_the_seat_page_links_to_the_handover_and_shows_the_holder(
    business_unit_client, seat, holder
):
    page = business_unit_client.get(reverse("seat:edit", args=(seat.pk,))).content.decode()
    assert reverse("seat:handover", args=(seat.pk,)) in page

    page = business_unit_client.get(reverse("seat:handover", args=(seat.pk,))).content.decode()
    assert str(holder.person) in page


def test_a_handover_on_a_date_leaves_no_gap_and_no_overlap(
    business_unit_client, business_unit_user, seat, holder
):
    incoming = PersonFactory()

    response = hand_over(
        business_unit_client,
        seat,
        incoming_person=incoming.pk,
        on_date="2013-09-01",
        job_title="Detective Superintendent",
        reason="Police restructure",
    )

    assert response.status_code == 302
    assert response.url == reverse("body:edit", args=(seat.body_id,))
    assert terms_of(seat) == [
        (holder.person_id, Role.MEMBER, D(2011, 4, 1), D(2013, 8, 31)),
        (incoming.pk, Role.MEMBER, D(2013, 9, 1), None),
    ]
    assert holders(seat, D(2013, 8, 31)) == [holder.person]
    assert holders(seat, D(2013, 9, 1)) == [incoming]
    for day in (D(2013, 8, 31), D(2013, 9, 1)):
        assert seat not in selectors.body_compliance(seat.body, day).vacant_seats
    new_term = Membership.objects.get(person=incoming)
    assert (new_term.organisation, new_term.job_title) == (
        seat.organisation,
        "Detective Superintendent",
    )
    for term in (holder, new_term):
        record = term.history.first()
        assert (record.history_user, record.history_change_reason) == (
            business_unit_user,
            "Police restructure",
        )


def test_a_handover_keeps_a_deputy_and_takes_the_role_chosen(business_unit_client, seat, holder):
    deputy = MembershipFactory(body=seat.body, seat=seat, role=Role.DEPUTY)
    incoming = PersonFactory()

    hand_over(
        business_unit_client,
        seat,
        incoming_person=incoming.pk,
        on_date="2013-09-01",
        role=Role.VICE_CHAIR,
    )

    deputy.refresh_from_db()
    assert deputy.end_date is None
    assert Membership.objects.get(person=incoming).role_id == Role.VICE_CHAIR


def test_a_vacant_seat_is_simply_filled(business_unit_client, seat):
    incoming = PersonFactory()

    hand_over(business_unit_client, seat, incoming_person=incoming.pk, on_date="2013-09-01")

    assert terms_of(seat) == [(incoming.pk, Role.MEMBER, D(2013, 9, 1), None)]


@pytest.mark.parametrize(
    ("on_date", "field_message"),
    [
        ("2011-04-01", "term in this seat starts on 1 April 2011"),
        ("2010-01-01", "term in this seat starts on 1 April 2011"),
    ],
)
def test_a_handover_dated_on_or_before_the_outgoing_start_is_refused_and_changes_nothing(
    business_unit_client, seat, holder, on_date, field_message
):
    before = terms_of(seat)

    response = hand_over(
        business_unit_client, seat, incoming_person=PersonFactory().pk, on_date=on_date
    )

    assert response.status_code == 200
    assert field_message in " ".join(response.context["form"].errors["on_date"])
    assert terms_of(seat) == before
    assert holder.history.count() == 1


def test_handing_a_seat_to_its_holder_is_refused_and_changes_nothing(
    business_unit_client, seat, holder
):
    before = terms_of(seat)

    response = hand_over(
        business_unit_client, seat, incoming_person=holder.person_id, on_date="2013-09-01"
    )

    assert response.status_code == 200
    [message] = response.context["form"].errors["incoming_person"]
    assert message == (
        f"{holder.person} already holds this seat on 1 September 2013: choose the person "
        "taking it over."
    )
    assert terms_of(seat) == before


def test_a_handover_the_rules_refuse_leaves_the_outgoing_term_running(
    business_unit_client, seat, holder
):
    """The incoming person already chairs the body: the chair rule refuses the new term
    after the outgoing one was ended, and the whole handover is undone."""
    incoming = MembershipFactory(body=seat.body, role=Role.CHAIR).person
    before = terms_of(seat)

    response = hand_over(
        business_unit_client,
        seat,
        incoming_person=incoming.pk,
        on_date="2013-09-01",
        role=Role.INDEPENDENT_CHAIR,
    )

    assert response.status_code == 200
    assert "one chair at a time" in str(response.context["form"].errors)
    assert terms_of(seat) == before


def test_a_role_that_holds_no_seat_is_not_offered(business_unit_client, seat, holder):
    response = hand_over(
        business_unit_client,
        seat,
        incoming_person=PersonFactory().pk,
        on_date="2013-09-01",
        role=Role.CLERK,
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert terms_of(seat) == [(holder.person_id, Role.MEMBER, D(2011, 4, 1), None)]


def test_only_those_who_may_change_seats_hand_them_over(client, seat, holder):
    client.force_login(UserFactory())
    response = client.get(reverse("seat:handover", args=(seat.pk,)))

    assert response.status_code in (302, 403)
    response = client.post(
        reverse("seat:handover", args=(seat.pk,)),
        {"incoming_person": PersonFactory().pk, "on_date": "2013-09-01", "role": Role.MEMBER},
    )
    assert response.status_code in (302, 403)
    assert terms_of(seat) == [(holder.person_id, Role.MEMBER, D(2011, 4, 1), None)]


def test_the_bodys_seats_list_links_each_seat_to_its_handover(business_unit_client, seat):
    page = business_unit_client.get(reverse("body:edit", args=(seat.body_id,))).content.decode()

    assert reverse("seat:handover", args=(seat.pk,)) in page
    assert "Hand over Police" in page
