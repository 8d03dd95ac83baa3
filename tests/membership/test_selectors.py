"""The questions every other app asks of membership: who sits on a body on a date, who chairs
it, where a person sits, and the shape of the structure."""

import datetime

import pytest

from membership import selectors
from membership.models import BodyKind, Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def board():
    return BodyFactory(name="Safeguarding Children Board", slug="board", kind=BodyKind.BOARD)


# --- Members on a date -----------------------------------------------------------------------


def test_members_on_a_date_include_terms_that_start_or_end_that_day_only(board):
    starts = MembershipFactory(body=board, start_date=D(2011, 6, 1))
    ends = MembershipFactory(body=board, start_date=D(2010, 4, 1), end_date=D(2011, 6, 1))
    MembershipFactory(body=board, start_date=D(2010, 4, 1), end_date=D(2011, 5, 31))
    MembershipFactory(body=board, start_date=D(2011, 6, 2))
    MembershipFactory(start_date=D(2010, 4, 1))  # another body

    current = selectors.membership_list_current(board, D(2011, 6, 1))

    assert set(current) == {starts, ends}


def test_members_on_a_date_are_listed_chairs_first_then_by_agency_and_name(board):
    police = OrganisationFactory(name="County Police")
    council = OrganisationFactory(name="County Council")
    later_agency = MembershipFactory(
        body=board, organisation=police, person=PersonFactory(family_name="Adams")
    )
    zeta = MembershipFactory(
        body=board, organisation=council, person=PersonFactory(family_name="Zeta")
    )
    alpha = MembershipFactory(
        body=board, organisation=council, person=PersonFactory(family_name="Alpha")
    )
    chair = MembershipFactory(
        body=board,
        organisation=police,
        role=Role.INDEPENDENT_CHAIR,
        person=PersonFactory(family_name="Young"),
    )

    current = list(selectors.membership_list_current(board, D(2012, 1, 1)))

    assert current == [chair, alpha, zeta, later_agency]


def test_members_on_a_date_take_a_fixed_number_of_queries(board, django_assert_num_queries):
    def measure():
        with django_assert_num_queries(1):
            rows = [
                (m.person.name, m.organisation.sector.name, m.body.name, m.seat)
                for m in selectors.membership_list_current(board, D(2012, 1, 1))
            ]
        assert rows

    MembershipFactory(body=board)
    measure()
    MembershipFactory.create_batch(20, body=board)
    measure()


# --- The chair on a date ---------------------------------------------------------------------


def test_chair_on_a_date_follows_each_term(board):
    first = MembershipFactory(
        body=board, role=Role.INDEPENDENT_CHAIR, start_date=D(2009, 4, 1), end_date=D(2012, 3, 31)
    )
    second = MembershipFactory(body=board, role=Role.CHAIR, start_date=D(2012, 6, 1))
    MembershipFactory(body=board, role=Role.VICE_CHAIR, start_date=D(2009, 4, 1))

    assert selectors.membership_get_chair(board, D(2009, 3, 31)) is None
    assert selectors.membership_get_chair(board, D(2009, 4, 1)) == first
    assert selectors.membership_get_chair(board, D(2012, 3, 31)) == first
    assert selectors.membership_get_chair(board, D(2012, 4, 15)) is None
    assert selectors.membership_get_chair(board, D(2012, 6, 1)) == second


def test_chair_of_another_body_is_not_this_bodys_chair(board):
    MembershipFactory(role=Role.CHAIR, start_date=D(2011, 4, 1))

    assert selectors.membership_get_chair(board, D(2012, 1, 1)) is None


# --- Where a person sits ---------------------------------------------------------------------


def test_bodies_a_person_sits_on_are_those_of_their_current_terms(board):
    person = PersonFactory()
    executive = BodyFactory(name="Executive")
    subgroup = BodyFactory(name="Health Subgroup")
    MembershipFactory(person=person, body=board, start_date=D(2011, 4, 1))
    MembershipFactory(
        person=person, body=executive, start_date=D(2011, 4, 1), end_date=D(2011, 12, 31)
    )
    MembershipFactory(person=person, body=subgroup, start_date=D(2012, 1, 1))
    MembershipFactory(body=BodyFactory(), start_date=D(2011, 4, 1))  # someone else

    assert set(selectors.body_list_for_person(person, D(2011, 6, 1))) == {board, executive}
    assert set(selectors.body_list_for_person(person, D(2012, 6, 1))) == {board, subgroup}
    assert list(selectors.body_list_for_person(person, D(2011, 1, 1))) == []


def test_body_appears_once_for_a_person_with_two_roles_on_it(board):
    person = PersonFactory()
    MembershipFactory(person=person, body=board, role=Role.MEMBER)
    MembershipFactory(person=person, body=board, role=Role.VICE_CHAIR)

    assert list(selectors.body_list_for_person(person, D(2012, 1, 1))) == [board]


def test_a_persons_history_is_most_recent_first_then_by_body_name():
    person = PersonFactory()
    oldest = MembershipFactory(person=person, body=BodyFactory(name="A"), start_date=D(2009, 1, 1))
    same_day_b = MembershipFactory(
        person=person, body=BodyFactory(name="Bravo"), start_date=D(2011, 4, 1)
    )
    same_day_a = MembershipFactory(
        person=person, body=BodyFactory(name="Alpha"), start_date=D(2011, 4, 1)
    )
    newest = MembershipFactory(person=person, body=BodyFactory(name="Z"), start_date=D(2013, 1, 1))
    MembershipFactory(start_date=D(2014, 1, 1))  # someone else

    history = list(selectors.membership_list_for_person(person))

    assert history == [newest, same_day_a, same_day_b, oldest]


# --- The structure ---------------------------------------------------------------------------


def test_structure_lists_each_parent_before_its_children_with_depth(board):
    executive = BodyFactory(name="Executive", parent=board, sort_order=1)
    health = BodyFactory(name="Health Subgroup", parent=executive)
    case_review = BodyFactory(name="Case Review Subgroup", parent=executive)
    improvement = BodyFactory(name="Improvement Board", parent=board, sort_order=2)
    other_board = BodyFactory(name="Safeguarding Adults Board")

    structure = selectors.body_list_structure(D(2012, 1, 1))

    assert [(body, body.depth) for body in structure] == [
        (other_board, 0),  # "Adults" before "Children": siblings by sort order, then name
        (board, 0),
        (executive, 1),
        (case_review, 2),
        (health, 2),
        (improvement, 1),
    ]


def test_structure_leaves_out_bodies_not_active_on_the_date(board):
    closed = BodyFactory(
        name="Task and Finish Group",
        parent=board,
        active_from=D(2010, 1, 1),
        active_until=D(2011, 12, 31),
    )
    opens_later = BodyFactory(name="Exploitation Subgroup", parent=board, active_from=D(2013, 1, 1))

    assert closed in selectors.body_list_structure(D(2011, 12, 31))
    assert closed not in selectors.body_list_structure(D(2012, 1, 1))
    assert opens_later not in selectors.body_list_structure(D(2012, 1, 1))
    assert opens_later in selectors.body_list_structure(D(2013, 1, 1))


def test_child_of_a_closed_body_is_shown_at_the_top_level():
    closed = BodyFactory(active_from=D(2009, 1, 1), active_until=D(2010, 12, 31))
    child = BodyFactory(parent=closed)

    assert [(b, b.depth) for b in selectors.body_list_structure(D(2012, 1, 1))] == [(child, 0)]


def test_structure_carries_each_bodys_chairs_on_the_date(board):
    executive = BodyFactory(parent=board)
    chair = MembershipFactory(body=board, role=Role.INDEPENDENT_CHAIR, start_date=D(2011, 4, 1))
    MembershipFactory(body=board, role=Role.MEMBER, start_date=D(2011, 4, 1))
    MembershipFactory(
        body=executive, role=Role.CHAIR, start_date=D(2010, 4, 1), end_date=D(2011, 3, 31)
    )

    structure = {b: b.current_chairs for b in selectors.body_list_structure(D(2012, 1, 1))}

    assert structure == {board: [chair], executive: []}


def test_structure_takes_a_fixed_number_of_queries(board, django_assert_num_queries):
    def measure():
        with django_assert_num_queries(2):
            rows = [
                (body.parent, [(c.person.name, c.organisation.name) for c in body.current_chairs])
                for body in selectors.body_list_structure(D(2012, 1, 1))
            ]
        assert rows

    measure()
    for _ in range(20):
        child = BodyFactory(parent=board)
        MembershipFactory(body=child, role=Role.CHAIR)
    measure()


# --- A body's page ---------------------------------------------------------------------------


def test_body_detail_has_its_members_and_active_children_with_chairs_on_the_date(board):
    member = MembershipFactory(body=board, start_date=D(2011, 4, 1), end_date=D(2012, 3, 31))
    MembershipFactory(body=board, start_date=D(2012, 4, 1))
    executive = BodyFactory(parent=board)
    BodyFactory(parent=board, active_from=D(2013, 1, 1))
    chair = MembershipFactory(body=executive, role=Role.CHAIR, start_date=D(2011, 4, 1))

    body = selectors.body_get_detail("board", D(2012, 1, 1))

    assert body.current_memberships == [member]
    assert body.active_children == [executive]
    assert body.active_children[0].current_chairs == [chair]


def test_body_page_takes_a_fixed_number_of_queries(client, board, django_assert_num_queries):
    def measure():
        # The site, the partnership, the body, its active children and their chairs, its
        # members, the bodies it also reports to and its linked boards.
        client.get(board.get_absolute_url())
        with django_assert_num_queries(8):
            assert client.get(board.get_absolute_url(), {"on": "2012-01-01"}).status_code == 200

    MembershipFactory(body=board)
    BodyFactory(parent=board)
    measure()
    MembershipFactory.create_batch(20, body=board)
    for _ in range(20):
        MembershipFactory(body=BodyFactory(parent=board), role=Role.CHAIR)
    measure()


def test_members_are_grouped_by_agency_with_independents_first(board):
    council = OrganisationFactory(name="County Council")
    police = OrganisationFactory(name="County Police")
    chair = MembershipFactory(body=board, organisation=None, role=Role.INDEPENDENT_CHAIR)
    officer = MembershipFactory(body=board, organisation=police)
    director = MembershipFactory(body=board, organisation=council)

    groups = selectors.members_by_agency([officer, director, chair])

    assert groups == [
        ("Independent", [chair]),
        ("County Council", [director]),
        ("County Police", [officer]),
    ]
