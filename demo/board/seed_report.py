"""The seed report: the Kent Safeguarding Children Board's progress report of March 2012,
section by section, its prose as written and its tables live from the demo's records."""

from __future__ import annotations

import datetime

from .blocks import audit_findings, heading, metric_chart, metric_figure, plan, prose

D = datetime.date

# The three priorities for 2012/13 as the seed prints them, capitals and full stop included.
SEED_PRIORITIES = (
    "a focus on a common understanding of thresholds across the partnership, including a "
    "reduction in the numbers of case re-referrals to children's social services",
    "Ensuring the right children are subject to child in need and child protection plans.",
    "increasing the numbers and quality of CAF in the context of the scrutiny of Kent's early "
    "intervention strategy",
)
SEED_SIGNATORY = "Penny Davies"
SEED_SIGNATORY_ROLE = "Kent Safeguarding Children Board Manager"
SEED_SIGNED_ON = "2nd March 2012"


def seed_report_body() -> list:
    """The seed report's sections in order, its prose as written."""
    return [
        heading("Introduction"),
        prose(
            "An announced inspection of safeguarding and looked after children services took "
            "place in Kent between 11th and 22nd October 2010. The inspection concluded that "
            "the overall effectiveness of safeguarding services in Kent was inadequate and "
            "that capacity for improvement was inadequate. It concluded that the overall "
            "effectiveness of services for looked after children were also inadequate, while "
            "the capacity for improvement in this area was considered adequate.",
            "The inspection identified concerns regarding a lack of effective partnership "
            "working in Kent, including a <i>“serious lack of concerted action by the "
            "partnership to address the disjointed arrangements between child protection "
            "services and other key services”</i>.",
            "The inspection report also identified concerns regarding the effectiveness of the "
            "Kent Safeguarding Children Board. The report identified the need for improvements "
            "in respect of non-compliance with statutory guidance with not all agencies "
            "represented on the Board, work needed to re-align missing children guidance to "
            "clarify thresholds and most importantly to develop an effective quality assurance "
            "framework.",
            "Ofsted’s judgement that the overall effectiveness of safeguarding services in Kent "
            "was inadequate and that capacity for improvement was inadequate was a significant "
            "issue for the Safeguarding Board. The Board had identified concerns regarding "
            "multi-agency working and safeguarding practice across Kent prior to Ofsted’s "
            "inspection, but had not been effective in challenging this and effecting change in "
            "the partnership to improve outcomes in respect of child protection practice.",
            "The most significant factor for the Kent Safeguarding Children Board was not "
            "identified by Ofsted in its inspection report, but subsequently identified by the "
            "Board partners who concluded that the Board had been ineffective in delivering its "
            "scrutiny function.",
            "This was of concern for the KSCB and its partners. The Board was determined to "
            "address the failures identified in the inspection report, but most importantly to "
            "strengthen its scrutiny function in order to ensure that in future safeguarding "
            "activity undertaken by partner agencies is of a good standard and contributes "
            "towards improved outcomes for Kent’s vulnerable children.",
        ),
        heading("Purpose of Report"),
        prose(
            "This report aims to provide an overview of the work undertaken in the current "
            "reporting year subsequent to the Ofsted inspections and not therefore reflected in "
            "the 2010/11 Annual Report. It also goes on to highlight the remaining challenges "
            "and risks for effective scrutiny of partnership safeguarding activity across Kent."
        ),
        heading("Actions taken in response to the inspection"),
        prose(
            "In response to the inspection findings there was a significant and focussed "
            "response across the partnership. A Safeguarding Improvement Board was established "
            "to respond to an Improvement notice issued by the Minister of State for Children "
            "and Families, with an External Independent Chair (Liz Raillton), underpinned by a "
            "Multi-agency Improvement Plan. The Plan is scrutinised by the Board at a monthly "
            "meeting, attended by partners and also by the DfE to oversee progress, and to "
            "monitor improvements in-line with the Improvement Plan. The Improvement Board "
            "expects to see improvements taking place in line with the actions and timescales "
            "laid out in the improvement plan and monitors to see that consistent progress has "
            "been made. Maggie Blyth, the new Independent Chair of the KSCB was appointed in "
            "April 2011, and is a member of the Improvement Board to ensure that there is KSCB "
            "input into the scrutiny and development of the Safeguarding Improvement Programme "
            "at all points."
        ),
        plan(
            "Multi-agency Improvement Plan",
            "progress",
            "Multi-agency Improvement Plan: actions by rating",
        ),
        heading("Securing more meaningful engagement from partners"),
        prose(
            "Maggie Blyth has moved quickly to strengthen the Board and there has been progress "
            "in consolidating the safeguarding partnership. Following recommendations from an "
            "independent review completed by Alan Simpson on 30 June 2011, KSCB has clarified "
            "its membership across the partnership with due consideration given to the size and "
            "complexity of Kent.",
            "On 15th July 2011, the full Board of KSCB endorsed the independent review. It "
            "confirmed the membership of a streamlined Board, supported by a number of subgroups "
            "leading on key workstreams. Oversight of KSCB is through a small strategic "
            "executive, with close alignment to membership of the Improvement Board. The new "
            "arrangements clarify statutory representation from the health and education "
            "sectors and a representative from the voluntary sector.",
            "The small Executive has representation at Director level from children's social "
            "services, education, health, police, probation and the lead member for children as "
            "participant observer.",
            "New subgroup chairs, have been appointed from the Board and are now held "
            "responsible for delivery of KSCB workplans and implementing the strategic "
            "priorities of KSCB:",
        ),
        ("membership", {"body": "", "layout": "subgroup_chairs", "title": ""}),
        prose(
            "Revised eligibility criteria for universal, targeted and specialist services was "
            "agreed by KSCB in May 2011. The new guidance sets out clear thresholds and criteria "
            "for access to Specialist Children Services which ensure that children at risk of "
            "harm receive appropriate intervention to minimise risk and that these thresholds "
            "and criteria are implemented by all partners and agencies across the County.",
            "All partners signed up to ensuring that their staff were conversant with "
            "eligibility criteria and to providing appropriate levels of referral information. "
            "Staff from all agencies engaged in the launch of the eligibility criteria to secure "
            "understanding of thresholds, eligibility and assessment processes (Including "
            "linkage with CAF) through the delivery of 30 multi-agency, District workshops "
            "between May and July 2011 to over 1360 staff across the partnerships.",
        ),
        heading("Thresholds/referral activity"),
        prose(
            "In addition to the work undertaken by partners and KSCB, Specialist Children "
            "Services has undertaken work to develop more consistent referral decision making, "
            "putting in place a county practice programme for Duty and Initial Assessment "
            "Teams, as well as developing a Central Duty Service to ensure one central hub for "
            "processing all referrals into Specialist Children Services.",
            "This concerted effort has led to progress during 2011 in respect of a steady "
            "reduction in the number of referrals into Children’s Social Services throughout the "
            "year since the improvement work took hold.",
        ),
        metric_chart(
            "referrals",
            D(2011, 1, 1),
            D(2011, 12, 31),
            "Referrals into Children’s Social Services by month, 2011",
        ),
        prose(
            "As well as moving forward in regards to referral thresholds, the provisional "
            "national statistical figures released on the 30th September 2011, shows Kent making "
            "encouraging progress in comparison to national and statistical neighbours and "
            "performing well in respect of assessment activity including:",
            "<ul><li>Timeliness of initial assessments</li>"
            "<li>Referrals progressing to assessment</li>"
            "<li>Number of initial assessments</li>"
            "<li>Number of core assessments</li></ul>",
        ),
        heading("Review of the child protection process"),
        prose(
            "The 2010 Ofsted inspection highlighted concern regarding the “serious lack of "
            "concerted action by the partnership to address the disjointed arrangements between "
            "child protection services and other key services”. In response to the findings, "
            "significant work has been undertaken (from within Specialist Children Services and "
            "the KSCB) to review and make improvements to the child protection process. Work to "
            "date has included:",
            "<ul><li>Focus groups held with partners to review the child protection conference "
            "process.</li>"
            "<li>Child protection processes have been changed and procedures amended, including "
            "templates for reports, agendas, minutes and plans and increased focus on analysis "
            "and decision making. Core groups are now being held immediately after the "
            "conference so that families, children and professionals all leave the meeting clear "
            "about what happens next and what their role is in that change process.</li>"
            "<li>Improved engagement of families to enable them to contribute to plans regarding "
            "their children and getting their views on how best to help them.</li>"
            "<li>Partners now have access to a secure email account in Specialist Children "
            "Services to send copies of reports prior to conference.</li>"
            "<li>Training programme devised to support the amended processes as part of the "
            "multi-agency training programme.</li></ul>",
            "The graph below shows there continues to be a reduction in the number of children "
            "subject to a child protection plan. This reduction has largely been achieved "
            "because of a sustained focus on ensuring that the right children have child "
            "protection plans. The biggest gain has been in terms of ensuring children are not "
            "subject to dual plans such as being Looked After and Child Protection.",
        ),
        metric_chart(
            "cp-plans",
            D(2010, 1, 1),
            D(2012, 12, 31),
            "Children subject to a child protection plan, by month",
        ),
        prose(
            "This will be an area on which the KSCB will need to retain focus over the coming "
            "months in order to ensure progress, and will be subject to a further multi-agency "
            "audit in spring 2012."
        ),
        heading("KSCB Business Plan 2012/13"),
        prose(
            "The findings of the QEF and multi agency audit support the analysis presented to "
            "the Improvement Board from health and social services agencies. On this basis, and "
            "using the findings from the QEF and the recent audit, the KSCB Board agreed the "
            "following three priorities for 2012/13:"
        ),
        # The priorities as the Board agreed them, word for word; the plan's own records
        # carry them too, for the business plan's pages.
        prose(
            '<ul class="seed-priorities">'
            f"<li>a) <i>{SEED_PRIORITIES[0]}</i></li>"
            f"<li>b) <i>{SEED_PRIORITIES[1]}</i></li>"
            f"<li>c) <i>{SEED_PRIORITIES[2]}</i></li></ul>"
        ),
        prose(
            "The KSCB Business Plan will be presented to the April Executive and Improvement "
            "Board for endorsement and will be based on clear outcomes."
        ),
        heading("Areas of Risk"),
        prose(
            "The Independent Chair of KSCB has reported progress to the Improvement Board and in "
            "February 2012 highlighted two key remaining areas of risk for KSCB."
        ),
        ("risks", {"body": "", "title": "Areas of risk on the Board's register"}),
        heading("Performance management and quality assurance", "h3"),
        prose(
            "The Quality and Effectiveness Framework is now operational across KSCB and "
            "supported by the newly appointed KSCB performance analyst who took up post mid "
            "January. Members will have sight of the first full quarterly report for the "
            "partnership at the June 2012 KSCB Board meeting. In addition to commentary on "
            "safeguarding performance across the partnership, the QEF will provide the "
            "qualitative analysis of child protection arrangements in Kent in line with phase 2 "
            "of the improvement plan.",
            "The third quarter analysis of the QEF and the summary report presented in January "
            "2012 to KSCB was lacking full intelligence from all statutory agencies and was "
            "therefore of partial use. It did indicate that the numbers of children on child "
            "protection plans in Kent still remains higher than statistical neighbours. It is "
            "clear that although there have been improvements to the appropriateness of "
            "referrals coming in to social care there remains district inconsistency and a need "
            "to reinforce a common understanding of thresholds across the partnership.",
            "Close analysis of the recent KSCB multi agency audit in January 2012 to review the "
            "understanding of thresholds shows that 25% of cases into children's social "
            "services were still considered inappropriate. Furthermore, 46% of cases, highest in "
            "East Kent, were re-referrals. Children were only consulted in 10% of cases and "
            "parents in only 50%. Few cases were referred into social care supported by a CAF. "
            "This reinforces the need for KSCB business to focus on improved multi agency "
            "working to bring necessary improvement in these areas.",
        ),
        metric_figure("re-referrals", "Re-referrals within 12 months: the latest figure"),
        audit_findings(
            "Understanding of thresholds",
            D(2012, 1, 20),
            "KSCB multi-agency audit of thresholds, January 2012",
        ),
        heading("Project Management and Business Planning", "h3"),
        prose(
            "The configuration of the KSCB Business Unit was determined in line with the "
            "development of other LSCBs across the country in 2006 and is arguably now outdated. "
            "In order to become a credible and forceful scrutiny body in Kent, it is vital that "
            "the support structures for KSCB have sufficient project management and business "
            "planning expertise. Work has now been completed to secure project management "
            "capacity within the Unit to address this deficit.",
            "A financial review of the KSCB infrastructure has been undertaken, which has "
            "recommended that an Interim Programme Manager be funded through the Improvement "
            "Plan. The post was recruited to in early February 2012 to review the various work "
            "strands of KSCB, the functioning of the business unit and to ensure that there is a "
            "clear financial formula for 2012/13 onwards based on an accurate reflection of "
            "projected spend. An options report will be presented to the April KSCB Executive "
            "and Improvement Board for partnership approval of support functions for KSCB.",
            "With new changes to Working Together expected by the end of 2011, the establishment "
            "of the Shadow Health and Wellbeing Board and the need to provide scrutiny of the "
            "delivery of the Kent Improvement Plan it is imperative that KSCB has robust support "
            "structures in place.",
        ),
        heading("Conclusion"),
        prose(
            "There has been substantial activity to establish a strong partnership framework "
            "for child protection in Kent to ensure overall scrutiny of performance during "
            "2011/12. There has been a strong strategic commitment from all statutory partners "
            "to ensure that the new quality and effectiveness framework is implemented. The next "
            "annual report for KSCB outlining details of all activity 2011/12 will be published "
            "in July 2012. Members are therefore required to note that the annual review 2010/11 "
            "attached to this paper will be soon replaced."
        ),
    ]
