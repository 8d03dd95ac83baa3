"""The demo's `chair` login has meetings of the subgroup she chairs around the day the demo
is loaded: held ones with attendance and minutes, one starting within the hour whose log
she may open, and one next month, all on her own page; and written resolutions, one carried
and one awaiting her vote."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from demo.board.subgroup import load_subgroup_demo
from governance.models import Minutes, MinutesStatus, Resolution, ResolutionStatus
from meetings.models import Meeting, MeetingStatus


def test_the_chair_has_held_and_coming_meetings_of_her_subgroup(client, demo_db):
    chair = User.objects.get(username="chair")
    meetings = list(
        Meeting.objects.filter(body__slug="quality-and-effectiveness").order_by("start")
    )
    assert len(meetings) == 4
    body = meetings[0].body
    assert body.memberships.filter(
        person=chair.person, role="chair", end_date__isnull=True
    ).exists()
    now = timezone.now()
    held, coming = meetings[:2], meetings[2:]

    for meeting in held:
        assert meeting.status == MeetingStatus.HELD and meeting.start < now
        assert meeting.attendances.count() >= 5
    assert Minutes.objects.get(meeting=held[0]).status == MinutesStatus.APPROVED
    assert Minutes.objects.get(meeting=held[1]).status == MinutesStatus.CIRCULATED

    soon, next_month = coming
    assert now < soon.start <= now + datetime.timedelta(hours=1)
    assert soon.agenda_versions.exists()
    assert datetime.timedelta(days=28) < next_month.start - now < datetime.timedelta(days=40)

    client.force_login(chair)
    assert client.get(f"/meetings/{soon.pk}/log/").status_code == 200
    page = client.get("/my/").content.decode()
    assert f'href="/meetings/{soon.pk}/"' in page
    assert f'href="/meetings/{next_month.pk}/"' in page
    # A written resolution awaits her vote; an earlier one was carried and is a decision.
    assert "Agree the terms of reference for the neglect audit" in page
    carried = Resolution.objects.get(body=body, status=ResolutionStatus.CARRIED)
    assert carried.decision.vote.summary.startswith("Carried")
    listing = client.get(f"/bodies/{body.slug}/resolutions/").content.decode()
    assert "Circulate a written resolution" in listing and carried.title in listing

    # Loading again adds nothing.
    assert load_subgroup_demo(User.objects.get(username="manager")) == []
    assert Meeting.objects.filter(body=body).count() == 4
