"""Each live block against records whose answer is known, as of the report's date."""

from __future__ import annotations

import datetime

import pytest

from cms.blocks import (
    ActionsBlock,
    AttendanceBlock,
    ChallengesBlock,
    DecisionsBlock,
    MeetingsBlock,
    MembershipBlock,
    PlanBlock,
    RisksBlock,
)
from cms.selectors import EVERY_BODY, ReportContext
from governance import services
from governance.models import ActionStatus, Assessment, RagState
from meetings.models import AttendanceStatus, MeetingStatus
from membership.models import BodyKind, Role
from tests.cms.factories import AS_OF, PERIOD, board_body
from tests.governance.factories import (
    AgendaItemFactory,
    BodySettingsFactory,
    MeetingFactory,
    RagSchemeFactory,
    at,
    improvement_action,
    plan,
)
from tests.governance.factories import action as make_action
from tests.governance.factories import challenge as make_challenge
from tests.governance.factories import decision as make_decision
from tests.governance.factories import risk as make_risk
from tests.meetings.factories import AttendanceFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def report_for(board) -> ReportContext:
    return ReportContext(
        as_of=AS_OF, period_start=PERIOD[0], period_end=PERIOD[1], board_id=board.pk
    )


def collect(block, board, **value):
    return block.collect(block.normalize(value), report_for(board))


# ---------------------------------------------------------------------------
# Membership
# ---------------------------------------------------------------------------
def test_subgroup_chairs_lists_each_subgroup_with_its_chairs_job_title_on_the_day():
    board = board_body(name="Kent Safeguarding Children Board")
    scr = BodyFactory(name="Serious Case Review Subgroup", parent=board, sort_order=1)
    ld = BodyFactory(name="Learning and Development Subgroup", parent=board, sort_order=2)
    tf = BodyFactory(
        name="Thresholds task group", parent=board, sort_order=3, kind=BodyKind.TASK_AND_FINISH
    )
    BodyFactory(name="KSCB Executive", parent=board, kind=BodyKind.EXECUTIVE, sort_order=0)
    BodyFactory(name="Closed group", parent=board, active_until=D(2011, 12, 31))
    BodyFactory(name="Another board's group", parent=BodyFactory())
    MembershipFactory(body=scr, role=Role.CHAIR, job_title="Director of Kent Probation")
    # Ld's first chair stood down before the report's date; the second took over.
    MembershipFactory(body=ld, role=Role.CHAIR, job_title="Former chair", end_date=D(2011, 12, 31))
    MembershipFactory(
        body=ld,
        role=Role.CHAIR,
        job_title="Chief Executive Connexions Kent",
        start_date=D(2012, 1, 1),
    )
    MembershipFactory(body=ld, role=Role.MEMBER, job_title="Not the chair")
    assert tf  # no chair on the day

    data = collect(MembershipBlock(), board, body="", layout="subgroup_chairs")

    assert data["body"] == "Kent Safeguarding Children Board"
    assert data["on"] == "2 March 2012"
    assert [(row["group"], row["chair_title"], row["vacant"]) for row in data["rows"]] == [
        ("Serious Case Review Subgroup", "Director of Kent Probation", False),
        ("Learning and Development Subgroup", "Chief Executive Connexions Kent", False),
        ("Thresholds task group", "", True),
    ]


def test_members_by_agency_leave_out_clerks_and_those_not_on_the_body_that_day():
    board = board_body()
    police = OrganisationFactory(name="Kent Police")
    MembershipFactory(body=board, organisation=police, person=PersonFactory(given_name="Ann"))
    MembershipFactory(body=board, role=Role.CLERK, organisation=OrganisationFactory())
    MembershipFactory(body=board, organisation=police, end_date=D(2011, 12, 31))
    MembershipFactory(body=board, role=Role.LAY_MEMBER, organisation=None)

    data = collect(MembershipBlock(), board, body=str(board.pk), layout="members")

    assert data["count"] == 2
    assert [agency["agency"] for agency in data["agencies"]] == ["Lay members", "Kent Police"]


# ---------------------------------------------------------------------------
# Meetings and attendance
# ---------------------------------------------------------------------------
def held(body, day, status=MeetingStatus.HELD):
    return MeetingFactory(body=body, start=at(day), status=status)


def test_attendance_by_agency_counts_meetings_each_agency_sat_for_and_attended():
    board = board_body()
    police, health = OrganisationFactory(name="Kent Police"), OrganisationFactory(name="NHS")
    officer = MembershipFactory(body=board, organisation=police).person
    # Health's first member left at the end of 2011; the successor came in January.
    first = MembershipFactory(body=board, organisation=health, end_date=D(2011, 12, 31)).person
    successor = MembershipFactory(body=board, organisation=health, start_date=D(2012, 1, 1)).person
    lay = MembershipFactory(body=board, organisation=None, role=Role.LAY_MEMBER).person
    observer = MembershipFactory(
        body=board, organisation=OrganisationFactory(name="Council"), role=Role.ADVISER
    ).person
    meetings = [
        held(board, D(2011, 5, 20)),
        held(board, D(2011, 9, 16)),
        held(board, D(2012, 1, 20)),
    ]
    held(board, D(2011, 11, 18), MeetingStatus.CANCELLED)
    held(board, D(2012, 3, 16))  # after the as-of date
    for meeting in meetings:
        AttendanceFactory(meeting=meeting, person=lay, status=AttendanceStatus.PRESENT)
        AttendanceFactory(meeting=meeting, person=observer, status=AttendanceStatus.PRESENT)
    AttendanceFactory(meeting=meetings[0], person=officer, status=AttendanceStatus.PRESENT)
    AttendanceFactory(meeting=meetings[1], person=officer, status=AttendanceStatus.APOLOGIES)
    AttendanceFactory(
        meeting=meetings[2], person=officer, status=AttendanceStatus.DEPUTY, deputy=PersonFactory()
    )
    AttendanceFactory(meeting=meetings[0], person=first, status=AttendanceStatus.PRESENT_ONLINE)
    AttendanceFactory(meeting=meetings[1], person=first, status=AttendanceStatus.ABSENT)
    AttendanceFactory(meeting=meetings[2], person=successor, status=AttendanceStatus.PRESENT)

    data = collect(AttendanceBlock(), board, body="", threshold=75)

    assert data["meetings"] == 3
    assert data["period"] == "1 April 2011 to 2 March 2012"
    rows = {row["agency"]: row for row in data["rows"]}
    # Advisers do not represent an agency, so the council has no row.
    assert list(rows) == ["Lay members", "Kent Police", "NHS"]
    assert (rows["Kent Police"]["expected"], rows["Kent Police"]["attended"]) == (3, 2)
    assert rows["Kent Police"]["percent"] == 67 and rows["Kent Police"]["below"]
    assert (rows["NHS"]["expected"], rows["NHS"]["attended"], rows["NHS"]["percent"]) == (3, 2, 67)
    assert rows["Lay members"]["percent"] == 100 and not rows["Lay members"]["below"]
    assert data["below_count"] == 2


def test_meetings_held_counts_each_body_and_its_subgroups_in_the_period():
    board = board_body(name="Board", sort_order=1)
    subgroup = BodyFactory(name="Subgroup", parent=board, sort_order=2)
    other = BodyFactory(name="Improvement Board")
    held(board, D(2011, 5, 20))
    held(board, D(2011, 7, 15))
    held(board, D(2011, 9, 16), MeetingStatus.CANCELLED)
    held(subgroup, D(2011, 6, 1))
    held(other, D(2011, 6, 2))
    held(board, D(2012, 3, 30))  # after the as-of date
    held(board, D(2011, 3, 30))  # before the period

    mine = collect(MeetingsBlock(), board, body="", include_subgroups=True, list_meetings=True)
    every = collect(MeetingsBlock(), board, body=EVERY_BODY)

    assert [(row["body"], row["held"], row["cancelled"]) for row in mine["rows"]] == [
        ("Board", 2, 1),
        ("Subgroup", 1, 0),
    ]
    assert mine["held"] == 3 and len(mine["meetings"]) == 3
    assert mine["meetings"][0]["date"] == "20 May 2011"
    assert every["held"] == 4 and every["meetings"] == []


# ---------------------------------------------------------------------------
# The logs
# ---------------------------------------------------------------------------
def test_decisions_of_the_period_are_the_public_ones_of_the_body():
    board = board_body(short_name="KSCB")
    other = BodyFactory(short_name="SIB")
    restricted_item = AgendaItemFactory(
        meeting=MeetingFactory(body=board, start=at(D(2011, 9, 16))), is_restricted=True
    )
    make_decision(board, title="Eligibility criteria", decided_on=D(2011, 5, 18))
    make_decision(board, title="Priorities 2012/13", decided_on=D(2012, 1, 25))
    make_decision(
        board, title="Confidential staffing", decided_on=D(2011, 9, 1), is_restricted=True
    )
    make_decision(
        board,
        title="Child K review",
        decided_on=D(2011, 9, 16),
        meeting=restricted_item.meeting,
        agenda_item=restricted_item,
    )
    make_decision(board, title="Before the period", decided_on=D(2011, 3, 1))
    make_decision(board, title="After the as-of date", decided_on=D(2012, 3, 10))
    make_decision(other, title="Another body's", decided_on=D(2011, 12, 14))

    data = collect(DecisionsBlock(), board, body="")

    assert [row["title"] for row in data["rows"]] == ["Eligibility criteria", "Priorities 2012/13"]
    assert data["rows"][0]["reference"].startswith("KSCB/2011/")
    assert data["rows"][0]["date"] == "18 May 2011"
    every = collect(DecisionsBlock(), board, body=EVERY_BODY)
    assert "Another body's" in [row["title"] for row in every["rows"]]
    assert "Confidential staffing" not in [row["title"] for row in every["rows"]]


def test_actions_are_counted_by_their_rating_as_of_the_day_from_their_updates():
    board = board_body()
    owner = PersonFactory()
    done_then = make_action(board, owner, raised_on=D(2011, 6, 1), due_date=D(2011, 9, 30))
    services.action_update(
        actor=None,
        action=done_then,
        text="Done.",
        update_date=D(2011, 9, 1),
        new_status=ActionStatus.DONE,
    )
    # Overdue on 2 March 2012 even though it was done later.
    late = make_action(
        board, owner, description="Late one", raised_on=D(2011, 10, 1), due_date=D(2012, 1, 31)
    )
    services.action_update(
        actor=None,
        action=late,
        text="Done at last.",
        update_date=D(2012, 3, 20),
        new_status=ActionStatus.DONE,
    )
    make_action(board, owner, raised_on=D(2012, 1, 1), due_date=D(2012, 3, 10))  # at risk
    make_action(board, owner, raised_on=D(2012, 1, 1), due_date=D(2012, 9, 30))  # not started
    make_action(board, owner, raised_on=D(2012, 3, 5), due_date=D(2012, 9, 30))  # after the day
    make_action(board, owner, raised_on=D(2011, 6, 1), due_date=D(2011, 7, 1), is_restricted=True)
    closed_before = make_action(board, owner, raised_on=D(2010, 6, 1), due_date=D(2010, 9, 1))
    services.action_update(
        actor=None,
        action=closed_before,
        text="Done.",
        update_date=D(2010, 8, 1),
        new_status=ActionStatus.DONE,
    )

    data = collect(ActionsBlock(), board, body="", list_overdue=True)

    counts = {count["state"]: count["count"] for count in data["counts"]}
    assert counts == {
        RagState.OVERDUE: 1,
        RagState.AT_RISK: 1,
        RagState.ON_TRACK: 0,
        RagState.NOT_STARTED: 1,
        RagState.SUSPENDED: 0,
        RagState.COMPLETE: 1,
    }
    assert data["total"] == 4
    assert [(a["description"], a["days"]) for a in data["overdue"]] == [("Late one", 31)]


def test_actions_speak_in_the_partnerships_rag_words():
    board = board_body()
    RagSchemeFactory(partnership=board.partnership, complete_label="Completed")
    data = collect(ActionsBlock(), board, body="")
    assert "Completed" in [count["label"] for count in data["counts"]]


def test_challenges_are_counted_by_their_status_at_the_end_of_the_period():
    board = board_body()
    answered = make_challenge(board, raised_on=D(2011, 11, 1), response_due=D(2011, 12, 1))
    services.challenge_record_response(
        actor=None, challenge=answered, text="Figures attached.", received_on=D(2011, 11, 20)
    )
    closed = make_challenge(
        board, issue="Re-referrals in East Kent", raised_on=D(2011, 6, 1), response_due=None
    )
    services.challenge_record_response(
        actor=None, challenge=closed, text="A plan.", received_on=D(2011, 7, 1)
    )
    services.challenge_assess(
        actor=None, challenge=closed, assessment=Assessment.SATISFIED, assessed_on=D(2011, 7, 5)
    )
    services.challenge_close(
        actor=None,
        challenge=closed,
        outcome="Central Duty Service set up.",
        impact="Re-referrals down by a third.",
        closed_on=D(2011, 12, 1),
    )
    escalated = make_challenge(board, raised_on=D(2012, 1, 25), response_due=D(2012, 2, 29))
    services.challenge_record_response(
        actor=None, challenge=escalated, text="Partial.", received_on=D(2012, 2, 24)
    )
    # Escalated after the as-of date: still "responded" on 2 March 2012.
    services.challenge_assess(
        actor=None,
        challenge=escalated,
        assessment=Assessment.ESCALATE,
        assessed_on=D(2012, 3, 7),
        escalate_to=2,
        note="Not enough.",
    )
    make_challenge(board, raised_on=D(2012, 2, 1), is_restricted=True)

    data = collect(ChallengesBlock(), board, body="")

    counts = {count["status"]: count["count"] for count in data["counts"]}
    assert counts == {
        "open": 0,
        "awaiting_response": 0,
        "responded": 2,
        "escalated": 0,
        "closed": 1,
    }
    assert data["escalated"] == 0
    assert [(c["issue"], c["outcome"], c["impact"]) for c in data["closed"]] == [
        (
            "Re-referrals in East Kent",
            "Central Duty Service set up.",
            "Re-referrals down by a third.",
        )
    ]


def test_risks_are_scored_by_their_latest_review_by_the_day_with_trend_and_appetite():
    board = board_body()
    BodySettingsFactory(body=board, risk_appetite=12)
    quality = make_risk(
        board, title="Quality assurance", likelihood=4, impact=5, opened_on=D(2012, 2, 15)
    )
    services.risk_review(
        actor=None, risk=quality, likelihood=3, impact=5, reviewed_on=D(2012, 5, 16)
    )
    project = make_risk(
        board, title="Project management", likelihood=4, impact=4, opened_on=D(2012, 2, 15)
    )
    services.risk_review(
        actor=None, risk=project, likelihood=3, impact=4, reviewed_on=D(2012, 3, 2)
    )
    make_risk(board, title="Confidential", is_restricted=True, opened_on=D(2012, 1, 1))
    make_risk(board, title="Added later", opened_on=D(2012, 4, 1))

    data = collect(RisksBlock(), board, body="")

    assert [(r["title"], r["score"], r["trend"], r["above"]) for r in data["rows"]] == [
        ("Quality assurance", 20, "New", True),
        ("Project management", 12, "Down", False),
    ]
    assert data["above_count"] == 1
    only = collect(RisksBlock(), board, body="", above_appetite_only=True)
    assert [r["title"] for r in only["rows"]] == ["Quality assurance"]


def test_a_risk_closed_after_the_day_is_still_on_that_days_register():
    board = board_body()
    closed = make_risk(board, title="Closed later", opened_on=D(2011, 6, 1))
    closed.status = "closed"
    closed.save()  # its history says today, after 2 March 2012

    data = collect(RisksBlock(), board, body="")

    assert [row["title"] for row in data["rows"]] == ["Closed later"]


def test_a_plan_is_counted_by_its_ratings_on_the_day_and_lists_its_priorities():
    board = board_body()
    improvement_plan, (objective,) = plan(board, title="Multi-agency Improvement Plan")
    rated = improvement_action(objective, number="1.1.1", due_date=D(2012, 6, 30))
    services.improvement_action_rate(
        actor=None,
        improvement_action=rated,
        rag=RagState.ON_TRACK,
        note="Going well.",
        update_date=D(2012, 2, 8),
    )
    services.improvement_action_rate(
        actor=None,
        improvement_action=rated,
        rag=RagState.COMPLETE,
        note="Done.",
        update_date=D(2012, 3, 7),
    )
    improvement_action(objective, number="1.1.2", due_date=D(2012, 1, 31))

    data = collect(PlanBlock(), board, plan=str(improvement_plan.pk), show="both")

    counts = {count["state"]: count["count"] for count in data["counts"]}
    assert counts[RagState.ON_TRACK] == 1 and counts[RagState.COMPLETE] == 0
    assert [a["number"] for a in data["overdue"]] == ["1.1.2"]
    assert data["priorities"][0]["title"] == "Effective partnership working"
    assert collect(PlanBlock(), board, plan="999999", show="both")["missing"]
