"""The demo board's bodies: the Board, its Executive, the Safeguarding Improvement Board and
seven subgroups, with the representation the Board and the Executive require and the
Board's terms of reference."""

from __future__ import annotations

import datetime

from membership.models import BodyKind

D = datetime.date
BEFORE = D(2008, 4, 1)  # terms that were already running when the records begin
INSPECTION = D(2010, 12, 1)  # the Improvement Board is set up after the October 2010 inspection
CHAIR_APPOINTED = D(2011, 4, 1)
STREAMLINED = D(2011, 7, 15)  # the full Board endorses the independent review

# slug: (name, short name, kind, parent slug, purpose, frequency, active from, quorum)
BODIES = {
    "board": (
        "Kent Safeguarding Children Board",
        "KSCB",
        BodyKind.BOARD,
        None,
        "The statutory partnership that co-ordinates and scrutinises how agencies in Kent "
        "keep children safe (Children Act 2004, sections 13–16).",
        "Bimonthly",
        D(2006, 4, 1),
        8,
    ),
    "executive": (
        "KSCB Executive",
        "EXEC",
        BodyKind.EXECUTIVE,
        "board",
        "A small strategic executive that oversees the Board's work between meetings, with "
        "Director-level representation from the statutory partners.",
        "Monthly",
        STREAMLINED,
        4,
    ),
    "improvement-board": (
        "Safeguarding Improvement Board",
        "SIB",
        BodyKind.IMPROVEMENT_BOARD,
        None,
        "Set up in response to the improvement notice after the October 2010 inspection, "
        "under an external independent chair, to scrutinise the Multi-agency Improvement Plan.",
        "Monthly",
        INSPECTION,
        4,
    ),
    "serious-case-review": (
        "Serious Case Review Subgroup",
        "SCR",
        BodyKind.SUBGROUP,
        "board",
        "Considers cases for serious case review, commissions reviews and sees their action "
        "plans through.",
        "Bimonthly",
        STREAMLINED,
        3,
    ),
    "learning-and-development": (
        "Learning and Development Subgroup",
        "LD",
        BodyKind.SUBGROUP,
        "board",
        "Plans and evaluates the multi-agency training programme.",
        "Quarterly",
        STREAMLINED,
        3,
    ),
    "policy-and-practice": (
        "Policy and Practice Subgroup",
        "PP",
        BodyKind.SUBGROUP,
        "board",
        "Keeps the multi-agency procedures and thresholds guidance up to date.",
        "Quarterly",
        STREAMLINED,
        3,
    ),
    "quality-and-effectiveness": (
        "Quality and Effectiveness Subgroup",
        "QE",
        BodyKind.SUBGROUP,
        "board",
        "Runs the Quality and Effectiveness Framework: the multi-agency data set, case-file "
        "audits and their findings.",
        "Bimonthly",
        STREAMLINED,
        3,
    ),
    "health-safeguarding": (
        "Health Safeguarding Group",
        "HSG",
        BodyKind.SUBGROUP,
        "board",
        "Brings together safeguarding leads from commissioners and NHS providers.",
        "Quarterly",
        STREAMLINED,
        3,
    ),
    "education-safeguarding": (
        "Education Safeguarding Group",
        "ESG",
        BodyKind.SUBGROUP,
        "board",
        "Supports schools and colleges in their safeguarding duties.",
        "Termly",
        STREAMLINED,
        3,
    ),
    "trafficking-and-sexual-exploitation": (
        "Trafficking & Sexual Exploitations Subgroup",
        "TSE",
        BodyKind.SUBGROUP,
        "board",
        "Leads the partnership's response to child trafficking and sexual exploitation.",
        "Bimonthly",
        STREAMLINED,
        3,
    ),
}

BOARD_REQUIREMENTS = [
    ("childrens-social-care", 1, "Director of children's services"),
    ("education", 1, "Director level"),
    ("health", 2, "Commissioner and provider, Director level"),
    ("police", 1, "Superintendent or above"),
    ("probation", 1, "Director level"),
    ("youth-offending", 1, "Head of service"),
    ("district-council", 1, "Chief executive"),
    ("cafcass", 1, "Service manager"),
    ("voluntary-and-community", 1, ""),
    ("lay", 2, ""),
]
EXECUTIVE_REQUIREMENTS = [
    ("childrens-social-care", 1, "Director level"),
    ("education", 1, "Director level"),
    ("health", 1, "Director level"),
    ("police", 1, "Director level"),
    ("probation", 1, "Director level"),
]


BOARD_TERMS_OF_REFERENCE = """
<h3>Purpose</h3>
<p>To co-ordinate what is done by each person or body represented on the Board to safeguard
and promote the welfare of children in Kent, and to ensure the effectiveness of what they do
(Children Act 2004, section 14).</p>
<h3>Functions</h3>
<ul>
<li>Develop multi-agency policies and procedures, including thresholds for intervention.</li>
<li>Monitor and evaluate the effectiveness of what partners do, through the Quality and
Effectiveness Framework, multi-agency audits and Section 11 audits.</li>
<li>Undertake serious case reviews and see that their lessons are learned.</li>
<li>Publish an annual report on the effectiveness of safeguarding in Kent.</li>
</ul>
<h3>Membership and quorum</h3>
<p>Senior representatives of each Board partner, able to speak and commit for their agency;
two lay members; the Cabinet Member for Specialist Children's Services as participant
observer. The Board is quorate when eight members are present, including health and
police.</p>
<h3>Confidentiality</h3>
<p>Papers marked restricted are for members only and must not be shared outside the
Board.</p>
"""
