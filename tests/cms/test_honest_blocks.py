"""Blocks that cannot mislead: each caption names its body and period, and a block with
nothing to show says so in words rather than as a zero."""

from __future__ import annotations

import datetime

import pytest

from tests.cms.factories import board_body, chair_login, publish, report
from tests.membership.factories import BodyFactory

D = datetime.date
pytestmark = pytest.mark.django_db

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
