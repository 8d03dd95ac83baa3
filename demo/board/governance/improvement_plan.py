"""The Multi-agency Improvement Plan of the October 2010 inspection, rated month by month,
as the Improvement Board kept it."""

from __future__ import annotations

from governance.models import RagState

from .context import SCS, D

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
