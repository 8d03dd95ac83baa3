"""The logs the progress report describes: the RAG scheme and body settings, decisions, the
challenges and actions behind them, and the two areas of risk of February 2012."""

from __future__ import annotations

from governance import services
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
    RagColour,
    RagScheme,
    Risk,
)

from .context import HEALTH, SCS, D, Demo


def load_scheme(demo: Demo) -> None:
    """The children's partnership speaks of progress as its Improvement Board rates the
    plan: green for completed, grey for programmed, blue for suspended; every body and
    report of the partnership uses these words."""
    partnership = demo.body("board").partnership
    if RagScheme.objects.filter(partnership=partnership).exists():
        return
    services.rag_scheme_save(
        actor=demo.manager,
        scheme=RagScheme(
            partnership=partnership,
            name="Improvement Board ratings",
            description="Green for completed, grey for programmed, blue for suspended.",
            complete_label="Completed",
            complete_colour=RagColour.GREEN,
            not_started_label="Programmed",
            suspended_colour=RagColour.BLUE,
        ),
        reason="Demo board",
    )


def load_settings(demo: Demo) -> None:
    # The Improvement Board meets monthly on a long plan: a month's warning, not a fortnight's.
    for slug, at_risk_days, appetite in [
        ("board", 14, 12),
        ("executive", 14, 12),
        ("improvement-board", 30, 10),
    ]:
        body = demo.body(slug)
        if not BodyGovernanceSettings.objects.filter(body=body).exists():
            services.body_settings_save(
                actor=demo.manager,
                settings=BodyGovernanceSettings(
                    body=body, at_risk_days=at_risk_days, risk_appetite=appetite
                ),
                reason="Demo board",
            )


def _decision(demo: Demo, slug: str, title: str, **values) -> Decision:
    body = demo.body(slug)
    existing = Decision.objects.filter(body=body, title=title).first()
    if existing is not None:
        return existing
    return services.decision_record(
        actor=demo.manager, body=body, title=title, reason="Demo board", **values
    )


def load_decisions(demo: Demo) -> dict[str, Decision]:
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


def _challenge(demo: Demo, slug: str, issue: str, **values) -> Challenge:
    body = demo.body(slug)
    existing = Challenge.objects.filter(body=body, issue=issue).first()
    if existing is not None:
        return existing
    return services.challenge_raise(actor=demo.manager, body=body, issue=issue, **values)


def load_challenges(demo: Demo) -> dict[str, Challenge]:
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


def _action(demo: Demo, slug: str, description: str, updates=(), **values) -> Action:
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


def load_actions(demo: Demo, decisions, challenges) -> dict[str, Action]:
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


def load_risks(demo: Demo, actions, challenges) -> None:
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
