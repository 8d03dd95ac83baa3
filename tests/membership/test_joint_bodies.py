"""Joint bodies: a group run by one partnership that also reports to another's board. It
counts among the groups reporting to both boards, never makes a loop, and its members are
whoever sits on it, whichever partnership keeps their record."""

from __future__ import annotations

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from membership import rules, services
from membership.models import Body, BodyKind, Role, default_partnership
from tests.admin_forms import admin_form, submit
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.partnerships import manager_of, second_partnership

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def sab():
    return second_partnership()


@pytest.fixture
def kent_board():
    return BodyFactory(name="Kent Safeguarding Children Board", kind=BodyKind.BOARD)


@pytest.fixture
def joint(kent_board, sab):
    """The Quality Assurance Subgroup: Kent's, also reporting to the adults' board."""
    body = BodyFactory(name="Quality Assurance Subgroup", parent=kent_board)
    body.also_reports_to.add(sab.board)
    services.body_save(actor=None, body=body)
    return body


def manager_client(client, sab):
    client.force_login(manager_of(default_partnership(), sab))
    return client


# --- The groups that report to a body ------------------------------------------------------


def test_the_groups_reporting_to_either_board_include_the_joint_body_and_its_subgroups(
    kent_board, sab, joint
):
    audits = BodyFactory(name="Case audit task group", parent=joint)
    BodyFactory(name="Adults' own subgroup", parent=sab.board, partnership=sab)
    lines = Body.objects.reporting_lines()

    below_sab = rules.descendant_ids(sab.board.pk, lines)
    below_kent = rules.descendant_ids(kent_board.pk, lines)

    assert {joint.pk, audits.pk} <= below_sab
    assert {joint.pk, audits.pk} <= below_kent
    assert kent_board.pk not in below_sab
    assert rules.ancestor_ids(audits.pk, lines) == {
        audits.pk,
        joint.pk,
        kent_board.pk,
        sab.board.pk,
    }


@pytest.mark.parametrize("size", [2, 22])
def test_reading_the_reporting_lines_takes_two_queries_however_large(size, kent_board, sab, joint):
    for i in range(size):
        group = BodyFactory(parent=kent_board)
        if i % 2:
            group.also_reports_to.add(sab.board)
            group.save()

    with CaptureQueriesContext(connection) as captured:
        lines = Body.objects.reporting_lines()
        rules.descendant_ids(sab.board.pk, lines)

    assert len(captured) == 2
    assert len(rules.descendant_ids(sab.board.pk, lines)) == 1 + 1 + size // 2


def test_checking_for_a_loop_takes_the_same_queries_however_large_the_structure(
    kent_board, sab, joint
):
    def queries_to_clean() -> int:
        body = Body.objects.get(pk=joint.pk)
        with CaptureQueriesContext(connection) as captured:
            body.full_clean()
        return len(captured)

    before = queries_to_clean()
    for _ in range(20):
        BodyFactory(parent=BodyFactory(parent=kent_board)).also_reports_to.add(sab.board)

    assert queries_to_clean() == before


# --- No loops through the joint links ------------------------------------------------------


def test_a_board_cannot_also_report_to_a_joint_group_that_reports_to_it(sab, joint):
    sab.board.also_reports_to.add(joint)

    with pytest.raises(ValidationError) as refusal:
        services.body_save(actor=None, body=sab.board)

    message = refusal.value.message_dict["also_reports_to"][0]
    assert "cannot report to itself" in message
    assert "Quality Assurance Subgroup already reports to Safeguarding Adults Board" in message
    assert not Body.objects.get(pk=sab.board.pk).also_reports_to.exists()


def test_a_loop_through_another_groups_parent_is_refused(kent_board, sab, joint):
    """The adults' board cannot be placed under the joint group's own subgroup; Kent's
    board may report to the adults' board, since nothing there reports to Kent."""
    audits = BodyFactory(name="Case audit task group", parent=joint)
    sab.board.parent = audits

    with pytest.raises(ValidationError) as refusal:
        services.body_save(actor=None, body=sab.board)

    assert "parent" in refusal.value.message_dict
    kent_board.also_reports_to.add(sab.board)
    services.body_save(actor=None, body=kent_board)  # no loop: nothing in SAB reports to Kent
    assert list(Body.objects.get(pk=kent_board.pk).also_reports_to.all()) == [sab.board]


def test_a_body_cannot_also_report_to_itself(joint):
    joint.also_reports_to.add(joint)

    with pytest.raises(ValidationError) as refusal:
        services.body_save(actor=None, body=joint)

    assert refusal.value.message_dict["also_reports_to"] == ["A body cannot report to itself."]


def test_the_admin_form_sets_joint_parents_and_related_boards_and_refuses_a_loop(
    client, kent_board, sab, joint
):
    client = manager_client(client, sab)
    url = reverse("body:edit", args=[sab.board.pk])
    form = admin_form(client, url)
    form["related_bodies"] = [kent_board.pk]
    form["also_reports_to"] = [joint.pk]

    refused = submit(client, url, form)

    assert refused.status_code == 200
    assert (
        refused.context["form"]
        .errors["also_reports_to"][0]
        .startswith("A body cannot report to itself, directly or through others")
    )
    form["also_reports_to"] = []
    saved = submit(client, url, form)
    assert saved.status_code == 302, saved.context["form"].errors
    assert list(Body.objects.get(pk=sab.board.pk).related_bodies.all()) == [kent_board]
    # Related both ways, and neither reports to the other.
    assert list(kent_board.related_bodies.all()) == [sab.board]
    assert sab.board.pk not in rules.descendant_ids(kent_board.pk, Body.objects.reporting_lines())

    form = admin_form(client, reverse("body:edit", args=[joint.pk]))
    assert form.data["also_reports_to"] == [str(sab.board.pk)]


# --- Who sits on a joint body --------------------------------------------------------------


def test_the_joint_bodys_page_lists_its_members_from_both_partnerships(client, sab, joint):
    MembershipFactory(
        body=joint,
        person=PersonFactory(given_name="Kentish", family_name="Member"),
        role=Role.CHAIR,
    )
    adults = PersonFactory(given_name="Adultish", family_name="Member", partnership=sab)
    MembershipFactory(body=joint, person=adults, role=Role.MEMBER)

    html = client.get(joint.get_absolute_url()).content.decode()

    assert "Kentish Member" in html
    assert "Adultish Member" in html
