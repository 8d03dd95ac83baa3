"""The services that the admin's save hooks call, each called directly: every one writes a
history row naming who made the change and why (the rest are called by the apps' own
tests; test_history_census checks that none is left out)."""

from __future__ import annotations

import datetime

import pytest

from django.utils import timezone

from governance import services as governance
from meetings import services as meetings
from meetings.models import Attendance, AttendanceStatus, Recurrence, Weekday, WeekOfMonth
from membership import services as membership
from tests.governance.factories import (
    BodySettingsFactory,
    RagSchemeFactory,
    action,
    business_unit,
    challenge,
    decision,
    risk,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

REASON = "Census: a change through the service"


def sector(actor):
    record = SectorFactory()
    record.name = "Health (renamed)"
    return membership.sector_save(actor=actor, sector=record, reason=REASON)


def organisation(actor):
    record = OrganisationFactory()
    record.name = "Kent Police (renamed)"
    return membership.organisation_save(actor=actor, organisation=record, reason=REASON)


def attendance(actor):
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(days=7))
    person = PersonFactory()
    MembershipFactory(body=meeting.body, person=person, start_date=datetime.date(2011, 4, 1))
    record = Attendance(meeting=meeting, person=person, status=AttendanceStatus.PRESENT)
    return meetings.attendance_save(actor=actor, attendance=record, reason=REASON)


def meeting(actor):
    record = MeetingFactory()
    record.venue = "Oakwood House, Maidstone"
    return meetings.meeting_save(actor=actor, meeting=record, reason=REASON)


def meeting_series(actor):
    series = meetings.meeting_series_create(
        actor=actor,
        body=BodyFactory(),
        title="Executive",
        recurrence=Recurrence.NTH_WEEKDAY,
        weekday=Weekday.WEDNESDAY,
        week_of_month=WeekOfMonth.THIRD,
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        first_date=datetime.date(2012, 4, 1),
        last_date=datetime.date(2012, 6, 30),
    )
    series.title = "KSCB Executive"
    return meetings.meeting_series_rename(actor=actor, series=series, reason=REASON)


def paper(actor):
    record = PaperFactory()
    record.title = "Business plan (revised)"
    return meetings.paper_save(actor=actor, paper=record, reason=REASON)


def governance_action(actor):
    record = action(BodyFactory())
    record.description = "Circulate the revised criteria to every partner agency."
    return governance.action_save(actor=actor, action=record, reason=REASON)


def governance_challenge(actor):
    record = challenge(BodyFactory())
    record.issue = "The quarter three analysis lacked health data."
    return governance.challenge_save(actor=actor, challenge=record, reason=REASON)


def governance_decision(actor):
    record = decision(BodyFactory())
    record.text = "The Executive endorsed the revised Business Plan 2012/13."
    return governance.decision_save(actor=actor, decision=record, reason=REASON)


def declaration(actor):
    item = AgendaItemFactory()
    record = governance.declaration_record(
        actor=actor, agenda_item=item, person=PersonFactory(), interest="Trustee of a bidder"
    )
    record.withdrew = True
    return governance.declaration_save(actor=actor, declaration=record, reason=REASON)


def governance_risk(actor):
    record = risk(BodyFactory())
    record.cause = "Data from partner agencies arrives late."
    return governance.risk_save(actor=actor, risk=record, reason=REASON)


def rag_scheme(actor):
    record = RagSchemeFactory()
    record.name = "Improvement Board (revised)"
    return governance.rag_scheme_save(actor=actor, scheme=record, reason=REASON)


def body_settings(actor):
    record = BodySettingsFactory()
    record.risk_appetite = 9
    return governance.body_settings_save(actor=actor, settings=record, reason=REASON)


@pytest.mark.parametrize(
    "change",
    [
        sector,
        organisation,
        attendance,
        meeting,
        meeting_series,
        paper,
        governance_action,
        governance_challenge,
        governance_decision,
        declaration,
        governance_risk,
        rag_scheme,
        body_settings,
    ],
    ids=lambda change: change.__name__,
)
def test_each_admin_save_service_writes_who_and_why_to_history(change):
    actor = business_unit()
    saved = change(actor)
    newest = saved.history.order_by("-history_id").first()
    assert newest is not None
    assert newest.history_user == actor
    assert newest.history_change_reason == REASON
    assert newest.history_type in {"+", "~"}
