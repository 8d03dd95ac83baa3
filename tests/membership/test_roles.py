"""The installation's role vocabulary: seeded with the roles the code once fixed, kept by the
business unit in the admin, and read wherever a role's powers matter (chairs, seats,
quorum) and wherever a role is named (the CSV import)."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.models import AttendanceStatus
from membership import selectors, services
from membership.models import Membership, Role, RoleType
from tests.admin_forms import fill_and_submit
from tests.meetings.factories import MeetingFactory, local
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.membership.test_import import HEADER, nothing_written, post_import, problems_of

pytestmark = pytest.mark.django_db
D = datetime.date

SEEDED = {
    # key: (label, holds_seat, counts_for_quorum, may_vote, may_chair)
    "independent_chair": ("Independent chair", True, True, True, True),
    "chair": ("Chair", True, True, True, True),
    "vice_chair": ("Vice-chair", True, True, True, False),
    "member": ("Member", True, True, True, False),
    "lay_member": ("Lay member", True, True, True, False),
    "participant_observer": ("Participant observer", True, False, False, False),
    "adviser": ("Adviser", True, False, False, False),
    "deputy": ("Deputy", False, False, False, False),
    "clerk": ("Clerk", False, False, False, False),
    "business_manager": ("Business manager", False, False, False, False),
    "officer": ("Officer / presenter", False, False, False, False),
}


def add_role(client, **values):
    return fill_and_submit(client, reverse("role:add"), **values)


def test_every_installation_starts_with_the_roles_the_code_knew_and_two_officer_roles():
    seeded = {
        role.key: (
            role.label,
            role.holds_seat,
            role.counts_for_quorum,
            role.may_vote,
            role.may_chair,
        )
        for role in RoleType.objects.all()
    }
    assert seeded == SEEDED
    assert {value for name, value in vars(Role).items() if name.isupper()} == set(SEEDED)


def test_business_unit_adds_a_role_and_its_terms_count_for_quorum(
    business_unit_client, business_unit_user
):
    response = add_role(
        business_unit_client,
        label="Co-opted member",
        key="co_opted_member",
        holds_seat="on",
        counts_for_quorum="on",
        may_vote="on",
    )
    assert response.status_code == 302
    role = RoleType.objects.get(key="co_opted_member")
    assert (role.holds_seat, role.counts_for_quorum, role.may_vote, role.may_chair) == (
        True,
        True,
        True,
        False,
    )
    [record] = role.history.all()
    assert record.history_user == business_unit_user

    body = BodyFactory(quorum_count=2)
    co_opted = MembershipFactory(body=body, role="co_opted_member")
    officer = MembershipFactory(body=body, role=Role.OFFICER)
    meeting = MeetingFactory(body=body, start=local(2012, 1, 18, 10), end=local(2012, 1, 18, 12))
    for membership in (co_opted, officer):
        meeting_services.attendance_record(
            actor=business_unit_user,
            meeting=meeting,
            person=membership.person,
            status=AttendanceStatus.PRESENT,
        )
    quorum = meeting_selectors.meeting_quorum(meeting)
    assert quorum.counted == [co_opted]  # the officer attends without counting
    assert quorum.missing == ["1 more member"]


def test_a_role_made_to_chair_in_the_admin_is_a_chair_everywhere(
    business_unit_client, business_unit_user
):
    body = BodyFactory()
    chair = MembershipFactory(body=body, role=Role.CHAIR)
    convenor = MembershipFactory(body=body, role=Role.OFFICER, start_date=D(2010, 1, 1))
    assert selectors.membership_get_chair(body, D(2012, 1, 1)) == chair

    officer = RoleType.objects.get(key=Role.OFFICER)
    response = fill_and_submit(
        business_unit_client, reverse("role:edit", args=(officer.pk,)), may_chair="on"
    )

    assert response.status_code == 302
    chairs = selectors.body_get_detail(body.slug, D(2012, 1, 1)).current_memberships
    assert {m for m in chairs if m.role.may_chair} == {chair, convenor}
    with pytest.raises(ValidationError, match="one chair at a time"):
        services.membership_start(
            actor=business_unit_user,
            person=PersonFactory(),
            body=body,
            role=Role.OFFICER,
            start_date=D(2013, 1, 1),
        )


def test_a_role_in_use_keeps_its_key_and_cannot_be_deleted(business_unit_client):
    MembershipFactory(role=Role.OFFICER)
    officer = RoleType.objects.get(key=Role.OFFICER)

    response = fill_and_submit(
        business_unit_client,
        reverse("role:edit", args=(officer.pk,)),
        key="presenter",
        label="Presenter",
    )
    assert response.status_code == 200
    assert "Terms are recorded as “officer”" in response.content.decode()
    officer.refresh_from_db()
    assert (officer.key, officer.label) == ("officer", "Officer / presenter")

    response = business_unit_client.post(reverse("role:delete", args=(officer.pk,)))
    assert "held in 1 term on record, so it cannot be deleted" in response.content.decode()
    assert RoleType.objects.filter(pk=officer.pk).exists()


def test_an_unused_role_may_be_renamed_rekeyed_and_deleted(business_unit_client):
    manager = RoleType.objects.get(key=Role.BUSINESS_MANAGER)
    fill_and_submit(
        business_unit_client,
        reverse("role:edit", args=(manager.pk,)),
        key="board_manager",
        label="Board manager",
    )
    manager.refresh_from_db()
    assert (manager.key, manager.label) == ("board_manager", "Board manager")

    response = business_unit_client.post(reverse("role:delete", args=(manager.pk,)))

    assert response.status_code == 302
    assert not RoleType.objects.filter(pk=manager.pk).exists()
    assert [r.history_type for r in RoleType.history.filter(id=manager.pk)][0] == "-"


def test_the_roles_list_reads_every_role_in_one_go(
    business_unit_client, django_assert_max_num_queries
):
    url = reverse("role:index")
    business_unit_client.get(url)
    with django_assert_max_num_queries(30) as first:
        business_unit_client.get(url)
    for n in range(20):
        RoleType.objects.create(key=f"extra_{n}", label=f"Extra {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = business_unit_client.get(url)
    assert "Extra 0" in response.content.decode()


# --- The CSV import names roles by key or label --------------------------------------------


def test_import_reads_a_role_by_its_key_or_its_label_in_any_case(business_unit_client):
    board = BodyFactory(slug="board")
    RoleType.objects.create(key="trustee", label="Charity trustee")
    content = HEADER + (
        "board,,Ann,One,ann@example.org,,,,BUSINESS_MANAGER,,1 April 2011,\n"
        "board,,Bea,Two,bea@example.org,,,,officer / PRESENTER,,1 April 2011,\n"
        "board,,Cy,Three,cy@example.org,,,,vice chair,,1 April 2011,\n"
        "board,,Di,Four,di@example.org,,,,charity trustee,,1 April 2011,\n"
        "board,,Ed,Five,ed@example.org,,,,Trustee,,1 April 2011,\n"
    )

    post_import(business_unit_client, content)

    assert sorted(
        Membership.objects.filter(body=board).values_list("person__given_name", "role")
    ) == [
        ("Ann", "business_manager"),
        ("Bea", "officer"),
        ("Cy", "vice_chair"),
        ("Di", "trustee"),
        ("Ed", "trustee"),
    ]


def test_import_refuses_an_unknown_role_naming_the_roles_there_are(business_unit_client):
    BodyFactory(slug="board")
    content = HEADER + "board,,Ann,One,ann@example.org,,,,Treasurer,,1 April 2011,\n"

    response = post_import(business_unit_client, content)

    assert problems_of(response) == [(2, "role")]
    message = response.context["result"].problems[0].message
    assert message.startswith("“Treasurer” is not a role. Use one of: Independent chair, Chair")
    assert "Business manager, Officer / presenter" in message
    assert "add the role under Membership → Roles first" in message
    assert nothing_written()


def test_role_services_record_who_changed_the_vocabulary_and_why(business_unit_user):
    role = services.role_type_save(
        actor=business_unit_user,
        role_type=RoleType(key="secretary", label="Secretary"),
        reason="New constitution",
    )
    services.role_type_remove(actor=business_unit_user, role_type=role, reason="Not needed")

    added, removed = RoleType.history.filter(id=role.pk).order_by("history_id")
    assert (added.history_type, added.history_change_reason) == ("+", "New constitution")
    assert (removed.history_type, removed.history_change_reason) == ("-", "Not needed")
    assert {added.history_user, removed.history_user} == {business_unit_user}
