"""Statutory compliance as a query: which representation requirements a body's membership
meets, and which seats are vacant, on any date ("on 1 April 2011 the Board had no health
representative")."""

import datetime

import pytest

from membership import services
from membership.models import Role
from membership.selectors import body_compliance
from tests.membership.factories import (
    BodyFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    SeatFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def health():
    return SectorFactory(name="Health", slug="health")


@pytest.fixture
def board(health):
    board = BodyFactory(name="Safeguarding Children Board", slug="board")
    RequirementFactory(body=board, sector=health, minimum=1, seniority_note="Director level")
    return board


@pytest.fixture
def trust(health):
    return OrganisationFactory(name="County NHS Trust", sector=health)


def join(actor, body, organisation, start_date, **kwargs):
    return services.membership_start(
        actor=actor,
        person=PersonFactory(),
        body=body,
        organisation=organisation,
        start_date=start_date,
        **kwargs,
    )


def status_of(report, sector):
    [status] = [s for s in report.requirements if s.requirement.sector == sector]
    return status


def test_requirement_is_unmet_before_a_member_joins_and_met_after(
    business_unit_user, board, trust, health
):
    join(business_unit_user, board, trust, D(2011, 6, 1))

    before = body_compliance(board, D(2011, 4, 1))
    after = body_compliance(board, D(2011, 7, 1))

    assert [s.requirement.sector for s in before.unmet] == [health]
    assert (status_of(before, health).found, status_of(before, health).shortfall) == (0, 1)
    assert not before.compliant
    assert before.unmet[0].requirement.seniority_note == "Director level"
    assert after.unmet == []
    assert status_of(after, health).found == 1
    assert after.compliant


def test_requirement_is_met_on_the_first_and_last_day_of_a_term_only(
    business_unit_user, board, trust
):
    member = join(business_unit_user, board, trust, D(2011, 6, 1))
    services.membership_end(actor=business_unit_user, membership=member, end_date=D(2012, 3, 31))

    assert body_compliance(board, D(2011, 5, 31)).unmet
    assert not body_compliance(board, D(2011, 6, 1)).unmet
    assert not body_compliance(board, D(2012, 3, 31)).unmet
    assert body_compliance(board, D(2012, 4, 1)).unmet


def test_requirement_for_two_counts_each_representative(business_unit_user, health, trust):
    body = BodyFactory()
    RequirementFactory(body=body, sector=health, minimum=2)
    join(business_unit_user, body, trust, D(2011, 4, 1))
    join(business_unit_user, body, OrganisationFactory(sector=health), D(2011, 9, 1))

    assert status_of(body_compliance(body, D(2011, 5, 1)), health).shortfall == 1
    assert status_of(body_compliance(body, D(2011, 10, 1)), health).met


def test_another_sector_does_not_meet_a_requirement(business_unit_user, board, health):
    police = OrganisationFactory(name="County Police", sector=SectorFactory(name="Police"))
    join(business_unit_user, board, police, D(2011, 4, 1))

    assert status_of(body_compliance(board, D(2011, 5, 1)), health).found == 0


def test_another_bodys_members_do_not_count(business_unit_user, board, trust):
    join(business_unit_user, BodyFactory(), trust, D(2011, 4, 1))

    assert body_compliance(board, D(2011, 5, 1)).unmet


@pytest.mark.parametrize("role", [Role.PARTICIPANT_OBSERVER, Role.CLERK, Role.ADVISER, Role.DEPUTY])
def test_attendees_who_do_not_represent_their_agency_do_not_count(
    business_unit_user, board, trust, health, role
):
    join(business_unit_user, board, trust, D(2011, 4, 1), role=role)

    assert status_of(body_compliance(board, D(2011, 5, 1)), health).found == 0


@pytest.mark.parametrize(
    "role",
    [Role.MEMBER, Role.LAY_MEMBER, Role.VICE_CHAIR, Role.CHAIR, Role.INDEPENDENT_CHAIR],
)
def test_members_and_chairs_count_towards_representation(
    business_unit_user, board, trust, health, role
):
    join(business_unit_user, board, trust, D(2011, 4, 1), role=role)

    assert status_of(body_compliance(board, D(2011, 5, 1)), health).met


def test_a_seat_represents_its_sector_when_the_member_names_no_agency(
    business_unit_user, board, health
):
    seat = SeatFactory(body=board, organisation=None, sector=health)
    services.membership_start(
        actor=business_unit_user,
        person=PersonFactory(),
        body=board,
        seat=seat,
        start_date=D(2011, 4, 1),
    )

    assert status_of(body_compliance(board, D(2011, 5, 1)), health).met


def test_seat_is_vacant_after_its_holder_leaves_and_before_the_successor_starts(
    business_unit_user,
):
    seat = SeatFactory(title="Police — Detective Superintendent")
    body = seat.body
    holder = services.membership_start(
        actor=business_unit_user,
        person=PersonFactory(),
        body=body,
        seat=seat,
        start_date=D(2011, 4, 1),
    )
    services.membership_end(actor=business_unit_user, membership=holder, end_date=D(2012, 3, 31))
    services.membership_start(
        actor=business_unit_user,
        person=PersonFactory(),
        body=body,
        seat=seat,
        start_date=D(2012, 5, 1),
    )

    assert body_compliance(body, D(2011, 3, 31)).vacant_seats == [seat]
    assert body_compliance(body, D(2012, 3, 31)).vacant_seats == []
    assert body_compliance(body, D(2012, 4, 1)).vacant_seats == [seat]
    assert body_compliance(body, D(2012, 4, 30)).vacant_seats == [seat]
    assert body_compliance(body, D(2012, 5, 1)).vacant_seats == []
    assert not body_compliance(body, D(2012, 4, 15)).compliant


def test_seat_filled_only_by_a_deputy_is_vacant(business_unit_user):
    seat = SeatFactory()
    services.membership_start(
        actor=business_unit_user,
        person=PersonFactory(),
        body=seat.body,
        seat=seat,
        role=Role.DEPUTY,
        start_date=D(2011, 4, 1),
    )

    assert body_compliance(seat.body, D(2011, 5, 1)).vacant_seats == [seat]


def test_inactive_seat_is_not_reported_vacant():
    seat = SeatFactory(active=False)

    assert body_compliance(seat.body, D(2011, 5, 1)).vacant_seats == []


def test_body_without_requirements_or_seats_is_compliant():
    assert body_compliance(BodyFactory(), D(2011, 5, 1)).compliant


def test_compliance_takes_a_fixed_number_of_queries(
    business_unit_user, board, trust, django_assert_num_queries
):
    def measure():
        with django_assert_num_queries(3):
            report = body_compliance(board, D(2012, 1, 1))
            shown = [(s.met, s.requirement.sector.name) for s in report.requirements]
            shown += [(False, seat.title) for seat in report.vacant_seats]
        assert shown

    join(business_unit_user, board, trust, D(2011, 4, 1))
    SeatFactory(body=board)
    measure()
    for _ in range(20):
        join(business_unit_user, board, OrganisationFactory(), D(2011, 4, 1))
        RequirementFactory(body=board)
        SeatFactory(body=board)
    measure()


def test_business_unit_sees_the_compliance_panel_on_the_body_page_as_at_a_date(
    client, business_unit_user, board, trust
):
    join(business_unit_user, board, trust, D(2011, 6, 1))
    client.force_login(business_unit_user)

    before = client.get(board.get_absolute_url(), {"on": "2011-04-01"}).content.decode()
    after = client.get(board.get_absolute_url(), {"on": "2011-07-01"}).content.decode()

    assert "Representation on 1 April 2011" in before
    assert "Health: 0 of 1 required (Director level)" in before
    assert "Representation on 1 July 2011" in after
    assert "Every representation requirement is met" in after


def test_public_does_not_see_the_compliance_panel(client, board):
    page = client.get(board.get_absolute_url(), {"on": "2011-04-01"}).content.decode()

    assert "Representation on" not in page
    assert "required" not in page
