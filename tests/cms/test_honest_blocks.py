"""Blocks that cannot mislead: each caption names its body and period, and a block with
nothing to show says so in words rather than as a zero."""

from __future__ import annotations

import datetime

import pytest

from django.contrib.auth.models import User

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import ProgressReportPage
from meetings.models import AttendanceStatus, MeetingStatus
from membership.models import Role
from tests.cms.factories import board_body, chair_login, publish, report
from tests.governance.factories import MeetingFactory, at
from tests.governance.factories import decision as make_decision
from tests.meetings.factories import AttendanceFactory
from tests.membership.factories import BodyFactory, MembershipFactory, OrganisationFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_login(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "demo"))
    return client


PERIOD_LABEL = "1 April 2011 to 2 March 2012"  # the period stops at the as-of date


def test_an_empty_attendance_block_names_body_and_period_and_shows_no_zero(client):
    board = board_body(name="Executive", short_name="EX")
    BodyFactory(name="Audit Subgroup", parent=board)
    page = publish(
        report(board, [("attendance", {}), ("meetings", {"include_subgroups": True})]),
        by=chair_login(board),
    )

    html = client.get(page.url).content.decode()

    assert f"Attendance at Executive, {PERIOD_LABEL}" in html
    assert f"No meetings of Executive were held in {PERIOD_LABEL}." in html
    assert (
        "No meetings of Executive (with the groups that report to it) were held in "
        f"{PERIOD_LABEL}." in html
    )
    assert "0 meetings held" not in html
    assert "Total" not in html


def test_attendance_not_taken_is_shown_as_not_recorded_never_as_absence(client):
    board = board_body(name="Executive", short_name="EX")
    police = MembershipFactory(body=board, organisation=OrganisationFactory(name="Kent Police"))
    recorded = MeetingFactory(body=board, start=at(D(2011, 6, 1)), status=MeetingStatus.HELD)
    MeetingFactory(body=board, start=at(D(2011, 9, 1)), status=MeetingStatus.HELD)
    AttendanceFactory(meeting=recorded, person=police.person, status=AttendanceStatus.PRESENT)
    lay = MembershipFactory(body=board, organisation=None, role=Role.LAY_MEMBER)
    lay.start_date = D(2011, 7, 1)
    lay.save()

    page = publish(report(board, [("attendance", {})]))
    html = client.get(page.url).content.decode()
    rows = {row["agency"]: row for row in page.body[0].value.snapshot["data"]["rows"]}

    # The police attended the one meeting recorded: 100%, not 50%.
    assert (rows["Kent Police"]["expected"], rows["Kent Police"]["percent"]) == (1, 100)
    # Lay members sat only for the unrecorded meeting: no figure, and no 0%.
    assert rows["Lay members"]["percent"] is None
    assert "not recorded" in html and ">0%" not in html
    assert "Attendance was not recorded at 1 of the 2 meetings" in html


def test_publishing_a_report_with_an_empty_block_warns_the_editor_and_still_publishes(
    admin_client_login,
):
    board = board_body(name="Executive", short_name="EX")
    page = report(board, [])
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "board": board.pk,
            "period_start": "2011-04-01",
            "period_end": "2012-03-31",
            "as_of": "2012-03-02",
            "author_name": "Pauline Dawson",
            "author_role": "Board Manager",
            "foreword": rich_text(""),
            "body": streamfield([("meetings", {"title": "", "start": "", "end": "", "body": ""})]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
        }
    )
    data["action-publish"] = "action-publish"

    response = admin_client_login.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)

    assert ProgressReportPage.objects.get(pk=page.pk).live
    warnings = [str(m) for m in response.context["messages"]]
    assert any("nothing to show" in m and "Meetings held" in m for m in warnings), warnings


def test_the_preview_flags_a_block_with_nothing_to_show(admin_client_login):
    board = board_body(name="Executive", short_name="EX")
    page = report(board, [("meetings", {}), ("decisions", {})])
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))

    preview = page.make_preview_request().content.decode()

    # Meetings has nothing; decisions has one: exactly one warning.
    assert preview.count("empty-warning") == 1
    assert f"No meetings of Executive were held in {PERIOD_LABEL}." in preview
