"""Who may see restricted material and act as chair: rights come from memberships on the
day, so a term that ends takes effect on the next request. And who gets into the admin."""

import datetime

import pytest
import time_machine

from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from membership import access, services
from membership.models import Body, Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def body():
    return BodyFactory(name="Case Review Subgroup")


@pytest.fixture
def other_body():
    return BodyFactory(name="Learning and Development Subgroup")


def user_with_terms(*terms):
    """A login for a person holding each (body, role, start, end) term."""
    user = UserFactory()
    person = PersonFactory(user=user)
    for term_body, role, start, end in terms:
        MembershipFactory(person=person, body=term_body, role=role, start_date=start, end_date=end)
    return user


def make_user(kind, body, other_body, today):
    long_ago = today - datetime.timedelta(days=800)
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "signed in, no person":
        return UserFactory()
    if kind == "member of another body":
        return user_with_terms((other_body, Role.MEMBER, long_ago, None))
    if kind == "current member":
        return user_with_terms((body, Role.MEMBER, long_ago, None))
    if kind == "member from today":
        return user_with_terms((body, Role.MEMBER, today, None))
    if kind == "member until today":
        return user_with_terms((body, Role.MEMBER, long_ago, today))
    if kind == "former member, ended yesterday":
        return user_with_terms((body, Role.MEMBER, long_ago, today - ONE_DAY))
    if kind == "future member, from tomorrow":
        return user_with_terms((body, Role.MEMBER, today + ONE_DAY, None))
    if kind == "participant observer":
        return user_with_terms((body, Role.PARTICIPANT_OBSERVER, long_ago, None))
    if kind == "deputy":
        return user_with_terms((body, Role.DEPUTY, long_ago, None))
    if kind == "vice-chair":
        return user_with_terms((body, Role.VICE_CHAIR, long_ago, None))
    if kind == "chair":
        return user_with_terms((body, Role.CHAIR, long_ago, None))
    if kind == "independent chair":
        return user_with_terms((body, Role.INDEPENDENT_CHAIR, long_ago, None))
    if kind == "former chair, ended yesterday":
        return user_with_terms((body, Role.CHAIR, long_ago, today - ONE_DAY))
    if kind == "chair, login deactivated":
        user = user_with_terms((body, Role.CHAIR, long_ago, None))
        user.is_active = False
        user.save()
        return user
    if kind == "chair, person marked inactive":
        user = user_with_terms((body, Role.CHAIR, long_ago, None))
        user.person.active = False
        services.person_save(actor=None, person=user.person, reason="Left the partnership")
        return UserFactory._meta.model.objects.get(pk=user.pk)
    if kind == "business unit":
        user = UserFactory()
        user.groups.add(Group.objects.get(name=access.BUSINESS_UNIT_GROUP))
        return user
    if kind == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    raise AssertionError(kind)


# (who, may_see_restricted, chairs_body, may_act_as_chair) for `body`, today.
RIGHTS = [
    ("anonymous", False, False, False),
    ("signed in, no person", False, False, False),
    ("member of another body", False, False, False),
    ("current member", True, False, False),
    ("member from today", True, False, False),
    ("member until today", True, False, False),
    ("former member, ended yesterday", False, False, False),
    ("future member, from tomorrow", False, False, False),
    ("participant observer", True, False, False),
    ("deputy", True, False, False),
    ("vice-chair", True, False, False),
    ("chair", True, True, True),
    ("independent chair", True, True, True),
    ("former chair, ended yesterday", False, False, False),
    ("chair, login deactivated", False, False, False),
    ("chair, person marked inactive", False, False, False),
    ("business unit", True, False, True),
    ("superuser", True, False, True),
]


@pytest.mark.parametrize(("kind", "sees", "chairs", "acts"), RIGHTS, ids=[r[0] for r in RIGHTS])
def test_rights_on_a_body_today(body, other_body, today, kind, sees, chairs, acts):
    user = make_user(kind, body, other_body, today)

    assert access.may_see_restricted(user, body) is sees
    assert access.chairs_body(user, body) is chairs
    assert access.may_act_as_chair(user, body) is acts
    assert (body.pk in access.body_ids_with_restricted_access(user)) is sees
    assert access.sits_on_a_body(user) is (kind not in NOT_SITTING)


NOT_SITTING = {
    "anonymous",
    "signed in, no person",
    "former member, ended yesterday",
    "future member, from tomorrow",
    "former chair, ended yesterday",
    "chair, login deactivated",
    "chair, person marked inactive",
    "business unit",
    "superuser",
}


def test_rights_follow_the_date_asked_about(body, other_body, today):
    former = make_user("former member, ended yesterday", body, other_body, today)

    assert access.may_see_restricted(former, body, on=today - ONE_DAY)
    assert not access.may_see_restricted(former, body, on=today)


def test_a_users_seats_are_the_memberships_current_on_each_day(today):
    """On every side of a term's start and end."""
    from membership.models import Membership

    person = PersonFactory(user=UserFactory(username="several-terms"))
    terms = [
        (today - 10 * ONE_DAY, None),  # open-ended
        (today, today),  # starts and ends today
        (today - 5 * ONE_DAY, today - ONE_DAY),  # ended yesterday
        (today + ONE_DAY, None),  # starts tomorrow
        (today - 3 * ONE_DAY, today + 3 * ONE_DAY),  # ends in three days
    ]
    for start, end in terms:
        MembershipFactory(
            body=BodyFactory(), person=person, role=Role.CHAIR, start_date=start, end_date=end
        )
    for offset in range(-12, 6):
        on = today + offset * ONE_DAY
        user = UserFactory._meta.model.objects.get(pk=person.user_id)
        expected = set(
            Membership.objects.filter(person=person)
            .current_on(on)
            .values_list("body_id", flat=True)
        )
        assert access.body_ids_with_restricted_access(user, on) == expected, on
        assert access.sits_on_a_body(user, on) is bool(expected), on


def test_business_unit_may_see_every_bodys_restricted_material(body, other_body, today):
    manager = make_user("business unit", body, other_body, today)

    assert access.body_ids_with_restricted_access(manager) == {body.pk, other_body.pk}


def test_member_sees_restricted_material_of_their_own_bodies_only(body, other_body, today):
    member = make_user("current member", body, other_body, today)

    assert access.body_ids_with_restricted_access(member) == {body.pk}
    assert not access.may_see_restricted(member, other_body)


def test_chair_of_one_body_does_not_chair_another_they_sit_on(body, other_body, today):
    chair = user_with_terms(
        (body, Role.CHAIR, today - ONE_DAY, None),
        (other_body, Role.MEMBER, today - ONE_DAY, None),
    )

    assert access.chairs_body(chair, body)
    assert access.may_act_as_chair(chair, body)
    assert access.may_see_restricted(chair, other_body)
    assert not access.chairs_body(chair, other_body)
    assert not access.may_act_as_chair(chair, other_body)


def test_chairs_group_alone_gives_no_chairs_rights(body, other_body, today):
    user = make_user("current member", body, other_body, today)
    user.groups.add(Group.objects.get(name=access.CHAIRS_GROUP))

    assert not access.chairs_body(user, body)
    assert not access.may_act_as_chair(user, body)


def test_a_term_ended_through_the_service_stops_the_chairs_rights_the_next_day(
    business_unit_user, body
):
    user = UserFactory()
    person = PersonFactory(user=user)
    with time_machine.travel(datetime.datetime(2012, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        term = services.membership_start(
            actor=business_unit_user,
            person=person,
            body=body,
            role=Role.CHAIR,
            start_date=datetime.date(2011, 4, 1),
        )
        services.membership_end(
            actor=business_unit_user, membership=term, end_date=datetime.date(2012, 3, 31)
        )
    with time_machine.travel(datetime.datetime(2012, 3, 31, 23, tzinfo=datetime.UTC), tick=False):
        # 23:00 UTC on 31 March 2012 is already 1 April in London (BST).
        assert not access.chairs_body(user, body)
    with time_machine.travel(datetime.datetime(2012, 3, 31, 22, tzinfo=datetime.UTC), tick=False):
        assert access.chairs_body(user, body)
        assert access.may_see_restricted(user, body)


# --- The admin ------------------------------------------------------------------------------


ADMIN_PAGES = ["wagtailadmin_home", "body:index", "person:index", "organisation:index"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize("kind", ["current member", "chair", "signed in, no person"])
def test_admin_refuses_people_outside_the_business_unit(
    client, body, other_body, today, kind, page
):
    client.force_login(make_user(kind, body, other_body, today))

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("group", [access.CHAIRS_GROUP, access.MEMBERS_GROUP])
def test_chairs_and_members_groups_do_not_open_the_admin(client, group):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    assert client.get(reverse("body:index")).status_code == 302


def test_admin_refuses_a_member_the_body_edit_and_history_pages(client, body, other_body, today):
    client.force_login(make_user("chair", body, other_body, today))

    for name in ("body:edit", "body:history"):
        response = client.get(reverse(name, args=[body.pk]))
        assert response.status_code == 302, name


def test_admin_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("body:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_admits_the_business_unit(business_unit_client, body, page):
    response = business_unit_client.get(reverse(page))

    assert response.status_code == 200


def test_business_unit_sees_the_bodies_listing(business_unit_client, body, other_body):
    page = business_unit_client.get(reverse("body:index")).content.decode()

    assert body.name in page
    assert other_body.name in page


def test_business_unit_may_open_a_body_and_its_history(business_unit_client, body):
    for name in ("body:edit", "body:history"):
        assert business_unit_client.get(reverse(name, args=[body.pk])).status_code == 200


def test_business_unit_may_not_delete_a_body(business_unit_client, body):
    response = business_unit_client.post(reverse("body:delete", args=[body.pk]))

    assert response.status_code in {302, 403}
    assert Body.objects.filter(pk=body.pk).exists()
