"""A joint committee in reports: run by the default partnership, it also reports to the
Safeguarding Adults Board, so each partnership's report of its board's groups includes it,
says so, and shows its decisions as the one record with the one reference."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest

from cms.blocks import AttendanceBlock, MembershipBlock, body_choices
from cms.models import ReportIndexPage
from cms.selectors import EVERY_BODY, ReportContext
from governance.models import Decision
from meetings.models import AttendanceStatus, MeetingStatus
from membership import services
from membership.models import Role, default_partnership
from tests.cms.factories import AS_OF, PERIOD, board_body, chair_login, publish, report
from tests.governance.factories import MeetingFactory, at
from tests.governance.factories import decision as make_decision
from tests.meetings.factories import AttendanceFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

D = datetime.date
pytestmark = pytest.mark.django_db
WITH_GROUPS = [("decisions", {"body": "", "include_subgroups": True})]


@pytest.fixture
def sab():
    partnership = second_partnership()
    partnership.board.active_from = D(2000, 1, 1)
    services.body_save(actor=None, body=partnership.board)
    return partnership


@pytest.fixture
def kent_board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


@pytest.fixture
def joint(kent_board, sab):
    body = BodyFactory(name="Quality Assurance Subgroup", short_name="QA", parent=kent_board)
    body.also_reports_to.add(sab.board)
    services.body_save(actor=None, body=body)
    return body


def sab_index(sab) -> ReportIndexPage:
    return ReportIndexPage.objects.descendant_of(sab.site.root_page).get()


def published(board, blocks, **fields):
    return publish(report(board, blocks, **fields), by=chair_login(board))


def page_html(client, page, host: str = "testserver") -> str:
    response = client.get(urlsplit(page.full_url).path, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def block_options(editor: str) -> set[str]:
    """The options of the blocks' choices, drawn by the stream field's script (its block
    definitions are escaped into an attribute, unlike the page's own fields)."""
    return set(re.findall(r"&gt;([^&]+)&lt;/option&gt;", editor))


def test_a_joint_committees_decision_is_in_both_partnerships_reports_marked_joint(
    client, kent_board, sab, joint
):
    decision = make_decision(joint, title="Audit of strategy meetings", decided_on=D(2011, 6, 1))
    make_decision(kent_board, title="Kent board decision", decided_on=D(2011, 6, 2))
    kent_report = published(kent_board, WITH_GROUPS)
    sab_report = published(sab.board, WITH_GROUPS, index=sab_index(sab))

    kent_html = page_html(client, kent_report)
    sab_html = page_html(client, sab_report, ADULTS_HOST)

    assert Decision.objects.filter(title="Audit of strategy meetings").count() == 1
    for html in (kent_html, sab_html):
        assert decision.reference in html
        assert "Audit of strategy meetings" in html
        assert "Quality Assurance Subgroup (joint, shared with" in html
    assert (
        "Kent Safeguarding Children Board (with the groups that report to it, including the "
        "joint Quality Assurance Subgroup, shared with Safeguarding Adults Board)" in kent_html
    )
    assert (
        "Safeguarding Adults Board (with the groups that report to it, including the joint "
        f"Quality Assurance Subgroup, shared with {default_partnership().name})" in sab_html
    )
    assert "Kent board decision" in kent_html
    assert "Kent board decision" not in sab_html


def test_every_body_in_a_partnerships_report_is_its_own_and_the_joint_ones(
    client, kent_board, sab, joint
):
    make_decision(joint, title="Audit of strategy meetings", decided_on=D(2011, 6, 1))
    make_decision(kent_board, title="Kent board decision", decided_on=D(2011, 6, 2))
    make_decision(sab.board, title="Adults board decision", decided_on=D(2011, 6, 3))
    every = [("decisions", {"body": EVERY_BODY})]

    sab_html = page_html(client, published(sab.board, every, index=sab_index(sab)), ADULTS_HOST)
    kent_html = page_html(client, published(kent_board, every))

    assert "Adults board decision" in sab_html and "Audit of strategy meetings" in sab_html
    assert "Kent board decision" not in sab_html
    assert "Kent board decision" in kent_html and "Audit of strategy meetings" in kent_html
    assert "Adults board decision" not in kent_html


def test_the_adults_boards_subgroups_include_the_joint_group_with_its_chair(sab, joint):
    MembershipFactory(body=joint, role=Role.CHAIR, job_title="Head of Quality Assurance")
    BodyFactory(name="Adults own subgroup", parent=sab.board, partnership=sab)
    block = MembershipBlock()
    report_context = ReportContext(AS_OF, PERIOD[0], PERIOD[1], sab.board.pk, sab.pk)

    data = block.collect(block.normalize({"body": "", "layout": "subgroup_chairs"}), report_context)

    rows = {row["group"]: row for row in data["rows"]}
    assert set(rows) == {"Quality Assurance Subgroup", "Adults own subgroup"}
    assert rows["Quality Assurance Subgroup"]["chair_title"] == "Head of Quality Assurance"
    assert rows["Quality Assurance Subgroup"]["joint"] == default_partnership().name
    assert rows["Adults own subgroup"]["joint"] == ""


def test_the_joint_bodys_members_are_whoever_sits_on_it_whichever_partnership_keeps_them(
    client, sab, joint
):
    MembershipFactory(body=joint, person=PersonFactory(given_name="Kentish", family_name="Chair"))
    adults = PersonFactory(given_name="Adultish", family_name="Member", partnership=sab)
    MembershipFactory(body=joint, person=adults)
    members = [("membership", {"body": str(joint.pk), "layout": "members"})]

    html = page_html(client, published(sab.board, members, index=sab_index(sab)), ADULTS_HOST)

    assert "Kentish Chair" in html and "Adultish Member" in html


def test_a_reports_body_choice_offers_its_partnerships_bodies_and_the_joint_ones(
    client, kent_board, sab, joint
):
    kent_only = BodyFactory(name="Kent-only subgroup", parent=kent_board)
    adults_only = BodyFactory(name="Adults-only subgroup", parent=sab.board, partnership=sab)
    draft = report(sab.board, WITH_GROUPS, index=sab_index(sab))
    client.force_login(manager_of(default_partnership(), sab))

    editor = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()

    offered = block_options(editor)
    assert {"Adults-only subgroup", "Quality Assurance Subgroup"} <= offered
    assert "Safeguarding Adults Board" in offered
    assert not {"Kent-only subgroup", "Kent Safeguarding Children Board"} & offered
    # Outside an editor (and from the next request on), every body is offered.
    client.get("/")
    assert {str(kent_only.pk), str(adults_only.pk)} <= {pk for pk, _name in body_choices()}


def test_attendance_at_the_joint_body_counts_each_partnerships_members(sab, joint):
    kent_police = MembershipFactory(body=joint, organisation=OrganisationFactory(name="Police"))
    adults_care = MembershipFactory(
        body=joint,
        organisation=OrganisationFactory(name="Adult Social Care"),
        person=PersonFactory(partnership=sab),
    )
    meeting = MeetingFactory(body=joint, start=at(D(2011, 6, 1)), status=MeetingStatus.HELD)
    for membership in (kent_police, adults_care):
        AttendanceFactory(
            meeting=meeting, person=membership.person, status=AttendanceStatus.PRESENT
        )
    block = AttendanceBlock()
    report_context = ReportContext(AS_OF, PERIOD[0], PERIOD[1], sab.board.pk, sab.pk)

    data = block.collect(block.normalize({"body": str(joint.pk)}), report_context)

    rows = {row["agency"]: row["attended"] for row in data["rows"]}
    assert rows == {"Police": 1, "Adult Social Care": 1}


def test_a_reports_metric_choice_offers_its_partnerships_metrics_alone(client, kent_board, sab):
    from tests.governance.performance_factories import MetricFactory

    MetricFactory(name="Children subject to a plan", body=kent_board)
    MetricFactory(name="Adults safeguarding enquiries", body=sab.board)
    draft = report(sab.board, WITH_GROUPS, index=sab_index(sab))
    client.force_login(manager_of(default_partnership(), sab))

    offered = block_options(client.get(f"/admin/pages/{draft.pk}/edit/").content.decode())

    assert "Adults safeguarding enquiries" in offered
    assert "Children subject to a plan" not in offered
