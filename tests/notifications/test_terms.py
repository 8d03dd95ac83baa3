"""The weekly notice to the business unit of terms ending in the next 60 days."""

import datetime

import pytest

from django.core import mail

from membership.models import Role
from notifications.kinds import terms
from notifications.tasks import deliver
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    SeatFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

ON = datetime.date(2012, 2, 6)


@pytest.fixture
def board():
    body = BodyFactory(name="Kent Safeguarding Children Board")
    health = SectorFactory(name="Health")
    police = SectorFactory(name="Police")
    RequirementFactory(body=body, sector=health)
    RequirementFactory(body=body, sector=police)
    nhs = OrganisationFactory(name="NHS Kent and Medway", sector=health)
    kent_police = OrganisationFactory(name="Kent Police", sector=police)
    seat = SeatFactory(body=body, title="Health: commissioner", organisation=nhs)
    doctor = MembershipFactory(
        body=body,
        organisation=nhs,
        seat=seat,
        person=PersonFactory(given_name="Ann", family_name="Doctor"),
        end_date=datetime.date(2012, 3, 31),
    )
    officer = MembershipFactory(
        body=body,
        organisation=kent_police,
        person=PersonFactory(given_name="Bob", family_name="Officer"),
        end_date=datetime.date(2012, 3, 31),
    )
    # A successor from the police is already appointed: no police shortfall.
    MembershipFactory(body=body, organisation=kent_police, start_date=datetime.date(2012, 4, 1))
    # Ends after the window, and one already ended: neither is listed.
    MembershipFactory(body=body, end_date=datetime.date(2012, 6, 1))
    MembershipFactory(body=body, end_date=datetime.date(2012, 1, 1))
    return body, doctor, officer


def test_ending_terms_are_grouped_with_the_body_s_compliance_the_day_after(board):
    body, doctor, officer = board
    (ending,) = terms.terms_ending(ON)
    assert ending.body == body
    assert ending.end_date == datetime.date(2012, 3, 31)
    assert ending.compliance.on == datetime.date(2012, 4, 1)
    assert sorted(m.pk for m in ending.memberships) == sorted([doctor.pk, officer.pk])
    assert ending.shortfalls == ["Health: needs 1, will have 0"]
    assert ending.vacated_seats == ["Health: commissioner"]


def test_the_business_unit_is_told_once_a_week(board, business_unit_user):
    manager = PersonFactory(user=business_unit_user, email="manager@example.org")
    member = PersonFactory()
    MembershipFactory(body=board[0], person=member, role=Role.MEMBER)

    deliver.delay("membership.terms_ending", {"on": ON.isoformat()})
    deliver.delay("membership.terms_ending", {"on": ON.isoformat()})

    (message,) = mail.outbox
    assert message.to == [f"{manager.name} <manager@example.org>"]
    assert message.subject == (
        "2 terms of office end by 6 April 2012; 1 will leave a body short of a required agency"
    )
    body = message.body
    assert "Kent Safeguarding Children Board, ending 31 March 2012:" in body
    assert "Ann Doctor, Member, NHS Kent and Medway" in body
    assert "From 1 April 2012 Kent Safeguarding Children Board will not meet" in body
    assert "Health: needs 1, will have 0" in body
    assert "Police: needs" not in body


def test_no_ending_terms_no_email(business_unit_user):
    PersonFactory(user=business_unit_user)
    deliver.delay("membership.terms_ending", {"on": ON.isoformat()})
    assert mail.outbox == []
