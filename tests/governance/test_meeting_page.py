"""The meeting page shows the body's matters arising to its members, through the panel that
governance registers with meetings."""

import datetime

import pytest

from tests.governance.factories import MeetingFactory, action, at, member_of
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_members_see_the_open_actions_as_matters_arising_on_the_meeting_page(client):
    body = BodyFactory(short_name="EXEC")
    open_action = action(body, description="Circulate the revised eligibility criteria.")
    meeting = MeetingFactory(
        body=body, start=at(datetime.date(2012, 4, 18)), end=at(datetime.date(2012, 4, 18), 12)
    )
    client.force_login(member_of(body))

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Matters arising: open actions" in page
    assert open_action.reference in page


def test_the_public_does_not_see_the_action_log_on_the_meeting_page(client):
    body = BodyFactory(short_name="EXEC")
    open_action = action(body)
    meeting = MeetingFactory(
        body=body, start=at(datetime.date(2012, 4, 18)), end=at(datetime.date(2012, 4, 18), 12)
    )

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Matters arising" not in page
    assert open_action.reference not in page
