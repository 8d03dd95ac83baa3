"""The logs of the demo board, from the March 2012 progress report: the decisions the report
describes, the actions and challenges behind them, the two areas of risk of February 2012,
the Multi-agency Improvement Plan rated month by month, and the Business Plan 2012/13.

Runs after the membership and meetings demos: it finds bodies by slug, people by email and,
where the meetings demo has made them, meetings by body and month. Everything is written
through the services as the business unit, so the demo has the same history as real use.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from governance import services
from governance.minutes_snapshots import attendee_ids
from governance.models import (
    Action,
    ActionStatus,
    Assessment,
    BodyGovernanceSettings,
    Challenge,
    Decision,
    DecisionType,
    EscalationLevel,
    EvidenceKind,
    ImprovementAction,
    ImprovementPlan,
    PlanKind,
    PlanObjective,
    PlanPriority,
    RagColour,
    RagScheme,
    RagState,
    ReferralPurpose,
    Risk,
)
from governance.models.minutes import Minutes, MinutesStatus
from governance.selectors import meeting_attendance
from meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from membership.models import Body, Organisation, Person

D = datetime.date

# People of membership/demo.py, by the key used there: (given name, family name).
PEOPLE = {
    "independent_chair": ("Margaret", "Fielding"),
    "improvement_chair": ("Elizabeth", "Rowntree"),
    "director_scs": ("Andrew", "Ireland"),
    "director_els": ("Patrick", "Leeson"),
    "nursing_nhs": ("Caroline", "Hartley"),
    "md_west_kent": ("Fiona", "Marsh"),
    "supt_policy": ("Nicola", "Brennan"),
    "board_manager": ("Pauline", "Dawson"),
    "performance_analyst": ("Laura", "Chen"),
    "head_qa_scs": ("Simon", "Taylor"),
    "interim_programme_manager": ("James", "Fletcher"),
}
SCS = "Kent County Council – Specialist Children's Services"
HEALTH = "NHS Kent and Medway"


class DemoNotReady(RuntimeError):
    pass


class _Demo:
    def __init__(self):
        self.manager = User.objects.filter(username="manager").first()
        if self.manager is None:
            raise DemoNotReady("Load the membership demo first: there is no 'manager' login.")
        self.bodies = {body.slug: body for body in Body.objects.all()}
        self.people: dict[str, Person] = {}
        for key, (given, family) in PEOPLE.items():
            email = f"{given}.{family}@example.org".lower()
            person = Person.objects.filter(email=email).first()
            if person is None:
                raise DemoNotReady(f"Load the membership demo first: no person {email}.")
            self.people[key] = person

    def body(self, slug: str) -> Body:
        try:
            return self.bodies[slug]
        except KeyError:
            raise DemoNotReady(f"Load the membership demo first: no body '{slug}'.") from None

    def organisation(self, name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    # Meetings are the meetings demo's: used when it has made them, left out when not.
    def meeting(self, slug: str, year: int, month: int) -> Meeting | None:
        return (
            Meeting.objects.filter(body__slug=slug, start__year=year, start__month=month)
            .order_by("start")
            .first()
        )

    def item(
        self, meeting: Meeting | None, *, number: str = "", words: str = ""
    ) -> AgendaItem | None:
        if meeting is None:
            return None
        items = AgendaItem.objects.filter(meeting=meeting)
        found = items.filter(number=number).first() if number else None
        if found is None and words:
            found = items.filter(title__icontains=words).first()
        return found


@transaction.atomic
def load_governance_demo() -> None:
    demo = _Demo()
    schemes = _schemes(demo)
    _settings(demo, schemes)
    decisions = _decisions(demo)
    challenges = _challenges(demo)
    actions = _actions(demo, decisions, challenges)
    _risks(demo, actions, challenges)
    _improvement_plan(demo)
    _business_plan(demo)
    _business_plan_journey(demo, decisions)
    _minutes(demo)


def _schemes(demo: _Demo) -> dict[str, RagScheme]:
    wanted = {
        "Standard": {"description": "Blue for complete, grey for not started."},
        "Improvement Board": {
            "description": "As the Improvement Board rates its plan: green for completed, "
            "grey for programmed, blue for suspended.",
            "complete_label": "Completed",
            "complete_colour": RagColour.GREEN,
            "not_started_label": "Programmed",
            "suspended_colour": RagColour.BLUE,
            "at_risk_days": 30,
        },
    }
    schemes = {}
    for name, values in wanted.items():
        scheme = RagScheme.objects.filter(name=name).first()
        if scheme is None:
            scheme = services.rag_scheme_save(
                actor=demo.manager, scheme=RagScheme(name=name, **values), reason="Demo board"
            )
        schemes[name] = scheme
    return schemes


def _settings(demo: _Demo, schemes: dict[str, RagScheme]) -> None:
    for slug, scheme, appetite in [
        ("board", "Standard", 12),
        ("executive", "Standard", 12),
        ("improvement-board", "Improvement Board", 10),
    ]:
        body = demo.body(slug)
        if not BodyGovernanceSettings.objects.filter(body=body).exists():
            services.body_settings_save(
                actor=demo.manager,
                settings=BodyGovernanceSettings(
                    body=body, rag_scheme=schemes[scheme], risk_appetite=appetite
                ),
                reason="Demo board",
            )


def _decision(demo: _Demo, slug: str, title: str, **values) -> Decision:
    body = demo.body(slug)
    existing = Decision.objects.filter(body=body, title=title).first()
    if existing is not None:
        return existing
    return services.decision_record(
        actor=demo.manager, body=body, title=title, reason="Demo board", **values
    )


def _decisions(demo: _Demo) -> dict[str, Decision]:
    april_executive = demo.meeting("executive", 2012, 4)
    plan_item = demo.item(april_executive, number="5", words="business plan")
    decisions = {
        "eligibility": _decision(
            demo,
            "board",
            "Revised eligibility criteria for universal, targeted and specialist services",
            text="The Board agreed the revised eligibility criteria, setting out clear "
            "thresholds and criteria for access to Specialist Children's Services, to be "
            "implemented by all partners and agencies across the county.",
            decision_type=DecisionType.AGREED,
            decided_on=D(2011, 5, 18),
        ),
        "review": _decision(
            demo,
            "board",
            "Independent review of the KSCB",
            text="The Board endorsed the recommendations of the independent review completed "
            "on 30 June 2011, and confirmed the membership of a streamlined Board supported "
            "by subgroups leading on key workstreams, with oversight by a small strategic "
            "Executive closely aligned with the Improvement Board.",
            decision_type=DecisionType.ENDORSED,
            decided_on=D(2011, 7, 15),
        ),
        "programme_manager": _decision(
            demo,
            "improvement-board",
            "Interim Programme Manager for the KSCB",
            text="Following the financial review of the KSCB infrastructure, the Improvement "
            "Board approved funding an Interim Programme Manager through the Improvement Plan.",
            decision_type=DecisionType.APPROVED,
            decided_on=D(2011, 12, 14),
        ),
        "priorities": _decision(
            demo,
            "board",
            "KSCB priorities for 2012/13",
            text="Using the findings of the QEF and the recent multi-agency audit, the Board "
            "agreed three priorities for 2012/13: (a) a common understanding of thresholds "
            "across the partnership, including fewer re-referrals to children's social "
            "services; (b) the right children subject to child in need and child protection "
            "plans; (c) more and better CAFs, in the context of scrutiny of Kent's early "
            "intervention strategy.",
            decision_type=DecisionType.AGREED,
            decided_on=D(2012, 1, 25),
        ),
        "business_plan": _decision(
            demo,
            "executive",
            "KSCB Business Plan 2012/13",
            text="The Executive endorsed the KSCB Business Plan 2012/13, built on the three "
            "priorities agreed by the Board and on clear outcomes.",
            decision_type=DecisionType.ENDORSED,
            decided_on=D(2012, 4, 18),
            meeting=april_executive,
            agenda_item=plan_item,
        ),
    }
    return decisions


def _challenge(demo: _Demo, slug: str, issue: str, **values) -> Challenge:
    body = demo.body(slug)
    existing = Challenge.objects.filter(body=body, issue=issue).first()
    if existing is not None:
        return existing
    return services.challenge_raise(actor=demo.manager, body=body, issue=issue, **values)


def _challenges(demo: _Demo) -> dict[str, Challenge]:
    people = demo.people
    data = _challenge(
        demo,
        "quality-and-effectiveness",
        "The third quarter analysis of the QEF and the summary report presented in January "
        "2012 lacked full intelligence from all statutory agencies, and was of partial use.",
        raised_by=people["md_west_kent"],
        raised_on=D(2012, 1, 25),
        agency=demo.organisation(HEALTH),
        agency_lead=people["nursing_nhs"],
        evidence_kind=EvidenceKind.DATA_SET,
        evidence_detail="QEF quarter 3 data set and summary report, January 2012",
        ask="Supply the missing quarter 3 figures, and name who will supply each quarter's "
        "data from now on.",
        response_due=D(2012, 2, 29),
    )
    if data.status == "awaiting_response":
        services.challenge_record_response(
            actor=demo.manager,
            challenge=data,
            text="Figures for two of the four indicators attached; the rest depend on a new "
            "reporting system due in the summer.",
            received_on=D(2012, 2, 24),
        )
        services.challenge_assess(
            actor=demo.manager,
            challenge=data,
            assessment=Assessment.ESCALATE,
            note="No date for the remaining figures and no named lead: the subgroup cannot "
            "assure the Board on health data.",
            assessed_on=D(2012, 3, 7),
            escalate_to=EscalationLevel.EXECUTIVE,
            escalated_to="KSCB Executive",
            response_due=D(2012, 4, 18),
        )
    re_referrals = _challenge(
        demo,
        "board",
        "The January 2012 multi-agency audit found that 46% of cases into children's social "
        "services were re-referrals, highest in East Kent, and 25% were still considered "
        "inappropriate.",
        raised_by=people["independent_chair"],
        raised_on=D(2012, 1, 25),
        agency=demo.organisation(SCS),
        agency_lead=people["director_scs"],
        evidence_kind=EvidenceKind.AUDIT,
        evidence_detail="KSCB multi-agency audit of thresholds, January 2012",
        ask="Explain the re-referral rate in East Kent and set out how the Central Duty "
        "Service and the county practice programme will bring it down, with milestones.",
        response_due=D(2012, 3, 30),
    )
    return {"data": data, "re_referrals": re_referrals}


def _action(demo: _Demo, slug: str, description: str, updates=(), **values) -> Action:
    body = demo.body(slug)
    existing = Action.objects.filter(body=body, description=description).first()
    if existing is not None:
        return existing
    action = services.action_create(
        actor=demo.manager, body=body, description=description, notify=False, **values
    )
    for day, text, status in updates:
        services.action_update(
            actor=demo.manager, action=action, text=text, update_date=day, new_status=status
        )
    return action


def _actions(demo: _Demo, decisions, challenges) -> dict[str, Action]:
    people = demo.people
    return {
        "workshops": _action(
            demo,
            "board",
            "Launch the eligibility criteria to staff of all agencies through multi-agency "
            "district workshops.",
            owner=people["director_scs"],
            raised_on=D(2011, 5, 18),
            due_date=D(2011, 7, 31),
            decision=decisions["eligibility"],
            updates=[
                (D(2011, 6, 15), "Eighteen workshops held so far.", ActionStatus.IN_PROGRESS),
                (D(2011, 7, 29), "30 workshops held for over 1,360 staff.", ActionStatus.DONE),
            ],
        ),
        "programme_manager": _action(
            demo,
            "improvement-board",
            "Recruit an Interim Programme Manager to review the KSCB's work strands, the "
            "business unit and the financial formula for 2012/13.",
            owner=people["board_manager"],
            raised_on=D(2011, 12, 14),
            due_date=D(2012, 2, 29),
            decision=decisions["programme_manager"],
            updates=[
                (D(2012, 1, 11), "Interviews arranged.", ActionStatus.IN_PROGRESS),
                (D(2012, 2, 6), "Post recruited to; started in early February.", ActionStatus.DONE),
            ],
        ),
        "options_report": _action(
            demo,
            "improvement-board",
            "Present an options report on support functions for the KSCB to the April "
            "Executive and Improvement Board.",
            owner=people["interim_programme_manager"],
            raised_on=D(2012, 2, 8),
            due_date=D(2012, 4, 18),
            updates=[(D(2012, 3, 2), "Costings with partners.", ActionStatus.IN_PROGRESS)],
        ),
        "missing_data": _action(
            demo,
            "quality-and-effectiveness",
            "Agree with each statutory agency who supplies its QEF data each quarter.",
            owner=people["performance_analyst"],
            raised_on=D(2012, 1, 25),
            due_date=D(2012, 3, 31),
            challenge=challenges["data"],
            updates=[
                (
                    D(2012, 2, 22),
                    "Police and probation agreed; health outstanding.",
                    ActionStatus.IN_PROGRESS,
                )
            ],
        ),
        "quarterly_report": _action(
            demo,
            "quality-and-effectiveness",
            "Bring the first full QEF quarterly report for the partnership to the June 2012 Board.",
            owner=people["performance_analyst"],
            raised_on=D(2012, 1, 25),
            due_date=D(2012, 6, 20),
        ),
        "cp_audit": _action(
            demo,
            "quality-and-effectiveness",
            "Run a further multi-agency audit of child protection plans in spring 2012.",
            owner=people["head_qa_scs"],
            raised_on=D(2012, 1, 25),
            due_date=D(2012, 5, 31),
        ),
        "publish_plan": _action(
            demo,
            "executive",
            "Publish the endorsed Business Plan 2012/13 and send it to all partners.",
            owner=people["board_manager"],
            raised_on=D(2012, 4, 18),
            due_date=D(2012, 5, 31),
            decision=decisions["business_plan"],
        ),
    }


def _risks(demo: _Demo, actions, challenges) -> None:
    board = demo.body("board")
    people = demo.people
    if not Risk.objects.filter(
        body=board, title="Performance management and quality assurance"
    ).exists():
        risk = services.risk_register(
            actor=demo.manager,
            body=board,
            title="Performance management and quality assurance",
            owner=people["md_west_kent"],
            likelihood=4,
            impact=5,
            target_score=8,
            opened_on=D(2012, 2, 15),
            cause="QEF reports lack full intelligence from all statutory agencies; the "
            "performance analyst only took up post in mid January.",
            consequence="The Board cannot assure itself on safeguarding performance across the "
            "partnership, and thresholds remain inconsistent between districts.",
            controls="QEF operational; performance analyst in post; first full quarterly "
            "report to the June 2012 Board.",
            note="Highlighted to the Improvement Board in February 2012.",
            actions=[actions["missing_data"], actions["quarterly_report"]],
            challenges=[challenges["data"]],
        )
        services.risk_review(
            actor=demo.manager,
            risk=risk,
            likelihood=3,
            impact=5,
            reviewed_on=D(2012, 5, 16),
            note="Police and probation data now supplied each quarter; health still partial.",
        )
    if not Risk.objects.filter(
        body=board, title="Project management and business planning"
    ).exists():
        risk = services.risk_register(
            actor=demo.manager,
            body=board,
            title="Project management and business planning",
            owner=people["board_manager"],
            likelihood=4,
            impact=4,
            target_score=6,
            opened_on=D(2012, 2, 15),
            cause="The business unit was configured in 2006 and lacks project management and "
            "business planning expertise.",
            consequence="The KSCB cannot become a credible and forceful scrutiny body.",
            controls="Interim Programme Manager funded through the Improvement Plan; options "
            "report on support functions to the April Executive.",
            note="Highlighted to the Improvement Board in February 2012.",
            actions=[actions["programme_manager"], actions["options_report"]],
        )
        services.risk_review(
            actor=demo.manager,
            risk=risk,
            likelihood=3,
            impact=4,
            reviewed_on=D(2012, 3, 2),
            note="Interim Programme Manager in post since early February 2012.",
        )


# (number, priority, [(number, objective, [(number, action, lead, organisation, timescale,
#   due, measure, [(date, rag, why), …])])])
IMPROVEMENT_PLAN = [
    (
        "1",
        "Effective partnership working and governance",
        [
            (
                "1.1",
                "A Board that meets statutory guidance and scrutinises the partnership",
                [
                    (
                        "1.1.1",
                        "Secure statutory representation on the Board from health, education "
                        "and the voluntary sector.",
                        "independent_chair",
                        None,
                        "By July 2011",
                        D(2011, 7, 31),
                        "Every statutory partner represented at the right level.",
                        [
                            (D(2011, 6, 8), RagState.ON_TRACK, "Independent review under way."),
                            (
                                D(2011, 7, 20),
                                RagState.COMPLETE,
                                "Streamlined Board endorsed on 15 July 2011.",
                            ),
                        ],
                    ),
                    (
                        "1.1.2",
                        "Fund an Interim Programme Manager through the Improvement Plan to "
                        "strengthen project management and business planning.",
                        "board_manager",
                        None,
                        "February 2012",
                        D(2012, 2, 29),
                        "Post filled; options report on support functions agreed.",
                        [
                            (D(2012, 1, 11), RagState.ON_TRACK, "Interviews arranged."),
                            (D(2012, 2, 8), RagState.COMPLETE, "Recruited in early February 2012."),
                        ],
                    ),
                ],
            )
        ],
    ),
    (
        "2",
        "Thresholds and referrals",
        [
            (
                "2.1",
                "A common understanding of thresholds across the partnership",
                [
                    (
                        "2.1.1",
                        "Launch the revised eligibility criteria to all agencies through "
                        "district workshops.",
                        "director_scs",
                        SCS,
                        "May to July 2011",
                        D(2011, 7, 31),
                        "Staff of every agency trained; referrals appropriate.",
                        [(D(2011, 7, 29), RagState.COMPLETE, "30 workshops, over 1,360 staff.")],
                    ),
                    (
                        "2.1.2",
                        "Reduce re-referrals to children's social services, especially in "
                        "East Kent.",
                        "director_scs",
                        SCS,
                        "By September 2012",
                        D(2012, 9, 30),
                        "Re-referrals in line with statistical neighbours in every district.",
                        [
                            (
                                D(2012, 1, 11),
                                RagState.ON_TRACK,
                                "Referrals falling since the criteria.",
                            ),
                            (
                                D(2012, 2, 8),
                                RagState.AT_RISK,
                                "January audit: 46% of cases re-referrals, highest in East Kent.",
                            ),
                            (
                                D(2012, 3, 7),
                                RagState.AT_RISK,
                                "No change yet; challenge raised by the Board.",
                            ),
                        ],
                    ),
                    (
                        "2.1.3",
                        "Set up a Central Duty Service as the one hub for all referrals into "
                        "Specialist Children's Services.",
                        "director_scs",
                        SCS,
                        "By June 2012",
                        D(2012, 6, 30),
                        "All referrals processed through the hub.",
                        [
                            (D(2012, 2, 8), RagState.ON_TRACK, "Premises and staffing agreed."),
                            (D(2012, 3, 7), RagState.ON_TRACK, "Recruitment complete."),
                        ],
                    ),
                ],
            )
        ],
    ),
    (
        "3",
        "Child protection practice",
        [
            (
                "3.1",
                "The right children subject to child protection plans",
                [
                    (
                        "3.1.1",
                        "Train staff of all agencies in the amended child protection "
                        "conference processes.",
                        "head_qa_scs",
                        SCS,
                        "By March 2012",
                        D(2012, 3, 31),
                        "Core groups held straight after conference; families clear about "
                        "the plan.",
                        [
                            (
                                D(2012, 2, 8),
                                RagState.ON_TRACK,
                                "Programme in the multi-agency training offer.",
                            )
                        ],
                    ),
                    (
                        "3.1.2",
                        "Audit child protection plans across agencies in spring 2012.",
                        "head_qa_scs",
                        SCS,
                        "Spring 2012",
                        D(2012, 5, 31),
                        "Audit findings reported to the Board with recommendations.",
                        [],
                    ),
                ],
            )
        ],
    ),
    (
        "4",
        "Quality assurance",
        [
            (
                "4.1",
                "An effective quality assurance framework",
                [
                    (
                        "4.1.1",
                        "Make the Quality and Effectiveness Framework operational with full "
                        "data from every statutory agency.",
                        "md_west_kent",
                        None,
                        "By January 2012",
                        D(2012, 1, 31),
                        "Quarterly QEF reports drawing on every statutory agency's data.",
                        [
                            (
                                D(2011, 12, 14),
                                RagState.ON_TRACK,
                                "Framework agreed; analyst recruited.",
                            ),
                            (
                                D(2012, 2, 8),
                                RagState.OVERDUE,
                                "Quarter 3 analysis lacked full intelligence from all "
                                "statutory agencies.",
                            ),
                        ],
                    ),
                    (
                        "4.1.2",
                        "Re-align the missing children guidance to clarify thresholds.",
                        "supt_policy",
                        None,
                        "By March 2012",
                        D(2012, 3, 31),
                        "Guidance published and used by all agencies.",
                        [
                            (
                                D(2012, 1, 11),
                                RagState.SUSPENDED,
                                "Waiting for the revised Working Together, expected by the "
                                "end of 2011 and now delayed.",
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
]


def _plan(
    demo: _Demo, *, title: str, kind: str, slug: str, starts_on, ends_on, summary: str, priorities
) -> ImprovementPlan:
    plan = ImprovementPlan.objects.filter(title=title).first()
    if plan is not None:
        return plan
    plan = ImprovementPlan(
        title=title,
        kind=kind,
        body=demo.body(slug),
        starts_on=starts_on,
        ends_on=ends_on,
        summary=summary,
    )
    for order, (number, priority_title, _objectives) in enumerate(priorities):
        plan.priorities.add(PlanPriority(number=number, title=priority_title, sort_order=order))
    services.plan_save(actor=demo.manager, plan=plan, reason="Demo board")
    by_number = {priority.number: priority for priority in plan.priorities.all()}
    for number, _title, objectives in priorities:
        for order, (objective_number, objective_title, actions) in enumerate(objectives):
            objective = services.objective_save(
                actor=demo.manager,
                objective=PlanObjective(
                    priority=by_number[number],
                    number=objective_number,
                    title=objective_title,
                    sort_order=order,
                ),
                reason="Demo board",
            )
            for position, (
                act_number,
                text,
                lead,
                organisation,
                timescale,
                due,
                measure,
                ratings,
            ) in enumerate(actions):
                action = services.improvement_action_save(
                    actor=demo.manager,
                    improvement_action=ImprovementAction(
                        objective=objective,
                        number=act_number,
                        description=text,
                        lead=demo.people[lead],
                        lead_organisation=demo.organisation(organisation) if organisation else None,
                        timescale=timescale,
                        due_date=due,
                        measure_of_success=measure,
                        sort_order=position,
                    ),
                    reason="Demo board",
                )
                for day, rag, why in ratings:
                    services.improvement_action_rate(
                        actor=demo.manager,
                        improvement_action=action,
                        rag=rag,
                        note=why,
                        update_date=day,
                    )
    return plan


def _improvement_plan(demo: _Demo) -> None:
    _plan(
        demo,
        title="Multi-agency Improvement Plan",
        kind=PlanKind.IMPROVEMENT,
        slug="improvement-board",
        starts_on=D(2010, 12, 1),
        ends_on=D(2012, 12, 31),
        summary="The partnership's response to the improvement notice after the October 2010 "
        "inspection, scrutinised by the Improvement Board each month with the DfE.",
        priorities=IMPROVEMENT_PLAN,
    )


def _business_plan(demo: _Demo) -> None:
    def objective(number, title, lead, action_text, due):
        return (
            number,
            title,
            [
                (
                    f"{number}.1",
                    action_text,
                    lead,
                    None,
                    "2012/13",
                    due,
                    "Reported to the Board quarterly.",
                    [],
                )
            ],
        )

    _plan(
        demo,
        title="KSCB Business Plan 2012/13",
        kind=PlanKind.BUSINESS,
        slug="board",
        starts_on=D(2012, 4, 1),
        ends_on=D(2013, 3, 31),
        summary="The Board's three priorities for 2012/13, endorsed by the Executive in April "
        "2012.",
        priorities=[
            (
                "a",
                "A common understanding of thresholds across the partnership, including a "
                "reduction in the numbers of case re-referrals to children's social services",
                [
                    objective(
                        "a.1",
                        "Fewer re-referrals in every district",
                        "director_scs",
                        "Report re-referral rates by district to each Board meeting.",
                        D(2013, 3, 31),
                    )
                ],
            ),
            (
                "b",
                "Ensuring the right children are subject to child in need and child protection "
                "plans",
                [
                    objective(
                        "b.1",
                        "Plans that match need",
                        "head_qa_scs",
                        "Repeat the multi-agency audit of child protection plans.",
                        D(2012, 11, 30),
                    )
                ],
            ),
            (
                "c",
                "Increasing the numbers and quality of CAF in the context of the scrutiny of "
                "Kent's early intervention strategy",
                [
                    objective(
                        "c.1",
                        "More and better CAFs",
                        "director_els",
                        "Audit a sample of CAFs for quality.",
                        D(2013, 1, 31),
                    )
                ],
            ),
        ],
    )


def _business_plan_journey(demo: _Demo, decisions) -> None:
    """The Business Plan from the subgroup to the Executive's April 2012 item 5, when the
    meetings demo has those meetings."""
    executive_item = decisions["business_plan"].agenda_item
    subgroup_item = demo.item(
        demo.meeting("quality-and-effectiveness", 2012, 3), words="business plan"
    )
    if executive_item is None or subgroup_item is None:
        return
    if subgroup_item.referrals_out.filter(to_item=executive_item).exists():
        return
    services.matter_refer(
        actor=demo.manager,
        from_item=subgroup_item,
        to_item=executive_item,
        purpose=ReferralPurpose.ENDORSEMENT,
        title="KSCB Business Plan 2012/13",
    )


# ---------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------
# The Board's 2011/12 cycle, which the meetings demo ends in March 2012.
BOARD_CYCLE_END = datetime.datetime(2012, 4, 1, tzinfo=datetime.UTC)
STANDING_MINUTES = {
    "welcome": "The Chair welcomed members and guests. Apologies were received as recorded above.",
    "minutes": "The Board reviewed the action log. Actions completed since the last meeting "
    "were noted; open actions are carried forward as matters arising.",
    "any other business": "There was no other business.",
}
PURPOSE_MINUTES = {
    Purpose.DECISION: "The Board considered the report and agreed its recommendations.",
    Purpose.DISCUSSION: "Members discussed the report and asked questions, which were "
    "answered. The Board noted the report.",
    Purpose.INFORMATION: "The Board noted the report.",
    Purpose.STANDING: "The Board noted the item.",
}


def _minute_for(item) -> str:
    title = item.title.lower()
    for words, text in STANDING_MINUTES.items():
        if title.startswith(words):
            return text
    if item.restricted:
        return (
            "The Board received a confidential update on the serious case reviews in "
            "progress and the monitoring of their action plans."
        )
    agenda_item = item.agenda_item
    if agenda_item is None:
        return PURPOSE_MINUTES[Purpose.INFORMATION]
    if agenda_item.parent_id is not None:
        return "The chair of the subgroup reported on its work since the last meeting."
    opening = f"{agenda_item.description} " if agenda_item.description else ""
    return opening + PURPOSE_MINUTES.get(agenda_item.purpose, PURPOSE_MINUTES[Purpose.STANDING])


def _write_minutes(demo: _Demo, meeting: Meeting, *, circulate: bool) -> Minutes:
    """Minutes drafted the day after the meeting, with the chair five days later and, when
    `circulate`, circulated to those who attended eight days after the meeting."""
    after = meeting.end
    minutes = services.minutes_draft(
        actor=demo.manager, meeting=meeting, at=after + datetime.timedelta(days=1)
    )
    for item in minutes.items.select_related("agenda_item"):
        services.minutes_save_item(
            actor=demo.manager,
            minutes=minutes,
            item=item,
            text=_minute_for(item),
            expected_revision=item.revision,
        )
    if circulate:
        services.minutes_submit_for_review(
            actor=demo.manager, minutes=minutes, at=after + datetime.timedelta(days=5)
        )
        services.minutes_circulate(
            actor=demo.manager,
            minutes=minutes,
            note="For comment within two weeks",
            at=after + datetime.timedelta(days=8),
        )
    return Minutes.objects.get(pk=minutes.pk)


def _comment_by_an_attendee(demo: _Demo, minutes: Minutes) -> None:
    """One of the demo logins who attended suggests a correction, if one attended."""
    attended = attendee_ids(meeting_attendance(minutes.meeting))
    person = (
        Person.objects.filter(pk__in=attended, user__isnull=False).order_by("family_name").first()
    )
    if person is None or minutes.comments.exists():
        return
    item = (
        minutes.items.filter(is_restricted=False, title__icontains="audit")
        .exclude(agenda_item__is_restricted=True)
        .exclude(agenda_item__parent__is_restricted=True)
        .first()
    )
    services.minutes_comment(
        actor=person.user,
        minutes=minutes,
        item=item,
        text="Please record that the audit's recommendations go to the Executive in April.",
        at=minutes.versions.order_by("-number").first().created_at + datetime.timedelta(days=2),
    )


def _minutes(demo: _Demo) -> None:
    """The Board's 2011/12 minutes, each approved at the next Board meeting (the approval is
    a decision of that meeting, on its minutes item, and shows in its minutes); the minutes
    of March 2012 circulated for comment; the Executive's April 2012 minutes in draft. Only
    for meetings the meetings demo made."""
    board = list(
        Meeting.objects.filter(
            body__slug="board",
            start__lt=BOARD_CYCLE_END,
            status=MeetingStatus.HELD,
        ).order_by("start")
    )
    for index, meeting in enumerate(board):
        later = board[index + 1] if index + 1 < len(board) else None
        minutes = Minutes.objects.filter(meeting=meeting).first() or _write_minutes(
            demo, meeting, circulate=True
        )
        if later is None:
            _comment_by_an_attendee(demo, minutes)
        elif minutes.status == MinutesStatus.CIRCULATED:
            services.minutes_approve(
                actor=demo.manager,
                minutes=minutes,
                at_meeting=later,
                agenda_item=demo.item(later, words="minutes"),
                at=later.start + datetime.timedelta(minutes=20),
            )
    april = demo.meeting("executive", 2012, 4)
    if (
        april is not None
        and april.agenda_versions.exists()
        and not Minutes.objects.filter(meeting=april).exists()
    ):
        _write_minutes(demo, april, circulate=False)
