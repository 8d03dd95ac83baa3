"""Who sat where: the demo board's terms, from those already running when the records begin
to the streamlined Board of 15 July 2011 and the subgroups' chairs and members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from membership.models import Role

from .bodies import BEFORE, CHAIR_APPOINTED, INSPECTION, STREAMLINED

D = datetime.date


@dataclass(frozen=True)
class Term:
    body: str
    person: str
    role: str
    organisation: str | None
    job_title: str
    start: datetime.date
    end: datetime.date | None = None
    seat: str | None = None


# fmt: off
def board_terms() -> list[Term]:
    scs, els, kcc = (
        "Kent County Council – Specialist Children's Services",
        "Kent County Council – Education, Learning and Skills",
        "Kent County Council",
    )
    return [
        Term("board", "former_chair", Role.CHAIR, scs, "Corporate Director, Families and Social Care", BEFORE, D(2011, 3, 31)),  # noqa: E501
        Term("board", "independent_chair", Role.INDEPENDENT_CHAIR, None, "Independent Chair", CHAIR_APPOINTED),  # noqa: E501
        Term("board", "director_scs", Role.MEMBER, scs, "Director of Specialist Children's Services", BEFORE, seat="Children's social care"),  # noqa: E501
        Term("board", "director_els", Role.MEMBER, els, "Director of Education, Learning & Skills", STREAMLINED, seat="Education"),  # noqa: E501
        Term("board", "nursing_nhs", Role.MEMBER, "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway", STREAMLINED, seat="Health commissioner"),  # noqa: E501
        Term("board", "md_west_kent", Role.MEMBER, "West Kent Community Health NHS Trust", "Managing Director, West Kent CHT", STREAMLINED, seat="Health provider"),  # noqa: E501
        Term("board", "probation_director", Role.VICE_CHAIR, "Kent Probation", "Director of Kent Probation", BEFORE, seat="Probation"),  # noqa: E501
        Term("board", "supt_policy", Role.MEMBER, "Kent Police", "Superintendent Kent Police", BEFORE, seat="Police"),  # noqa: E501
        Term("board", "supt_trafficking", Role.MEMBER, "Kent Police", "Superintendent Kent Police", STREAMLINED),  # noqa: E501
        Term("board", "connexions_ceo", Role.MEMBER, "Connexions Kent", "Chief Executive Connexions Kent", BEFORE),  # noqa: E501
        Term("board", "yos_head", Role.MEMBER, "Kent Youth Offending Service", "Head of Youth Offending Service", BEFORE, seat="Youth offending"),  # noqa: E501
        Term("board", "cafcass_manager", Role.MEMBER, "Cafcass", "Service Manager, Cafcass Kent", BEFORE, seat="Cafcass"),  # noqa: E501
        Term("board", "district_ceo", Role.MEMBER, "Maidstone Borough Council", "Chief Executive, Maidstone Borough Council", BEFORE, seat="District councils"),  # noqa: E501
        Term("board", "voluntary_ceo", Role.MEMBER, "Kent Voluntary Sector Forum", "Chief Executive, Kent Voluntary Sector Forum", STREAMLINED, seat="Voluntary sector"),  # noqa: E501
        Term("board", "lay_one", Role.LAY_MEMBER, None, "Lay member", BEFORE, seat="Lay member 1"),
        Term("board", "lay_two", Role.LAY_MEMBER, None, "Lay member", STREAMLINED, seat="Lay member 2"),  # noqa: E501
        Term("board", "lead_member", Role.PARTICIPANT_OBSERVER, kcc, "Cabinet Member for Specialist Children's Services", BEFORE),  # noqa: E501
        Term("board", "designated_doctor", Role.ADVISER, "East Kent Hospitals University NHS Foundation Trust", "Designated Doctor for Safeguarding Children", BEFORE),  # noqa: E501
        Term("board", "board_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Kent Safeguarding Children Board Manager", BEFORE),  # noqa: E501
    ]


def executive_terms() -> list[Term]:
    scs, els, kcc = (
        "Kent County Council – Specialist Children's Services",
        "Kent County Council – Education, Learning and Skills",
        "Kent County Council",
    )
    return [
        Term("executive", "independent_chair", Role.INDEPENDENT_CHAIR, None, "Independent Chair", STREAMLINED),  # noqa: E501
        Term("executive", "director_scs", Role.MEMBER, scs, "Director of Specialist Children's Services", STREAMLINED, seat="Children's social care — Director level"),  # noqa: E501
        Term("executive", "director_els", Role.MEMBER, els, "Director of Education, Learning & Skills", STREAMLINED, seat="Education — Director level"),  # noqa: E501
        Term("executive", "nursing_nhs", Role.MEMBER, "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway", STREAMLINED, seat="Health — Director level"),  # noqa: E501
        Term("executive", "acc_police", Role.MEMBER, "Kent Police", "Assistant Chief Constable, Kent Police", STREAMLINED, seat="Police — Director level"),  # noqa: E501
        Term("executive", "probation_director", Role.MEMBER, "Kent Probation", "Director of Kent Probation", STREAMLINED, seat="Probation — Director level"),  # noqa: E501
        Term("executive", "lead_member", Role.PARTICIPANT_OBSERVER, kcc, "Cabinet Member for Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term("executive", "board_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Kent Safeguarding Children Board Manager", STREAMLINED),  # noqa: E501
    ]


def improvement_board_terms() -> list[Term]:
    scs, kcc = "Kent County Council – Specialist Children's Services", "Kent County Council"
    return [
        Term("improvement-board", "improvement_chair", Role.INDEPENDENT_CHAIR, None, "External Independent Chair", INSPECTION),  # noqa: E501
        Term("improvement-board", "independent_chair", Role.MEMBER, None, "Independent Chair, KSCB", CHAIR_APPOINTED),  # noqa: E501
        Term("improvement-board", "director_scs", Role.MEMBER, scs, "Director of Specialist Children's Services", INSPECTION),  # noqa: E501
        Term("improvement-board", "nursing_nhs", Role.MEMBER, "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway", INSPECTION),  # noqa: E501
        Term("improvement-board", "acc_police", Role.MEMBER, "Kent Police", "Assistant Chief Constable, Kent Police", INSPECTION),  # noqa: E501
        Term("improvement-board", "lead_member", Role.PARTICIPANT_OBSERVER, kcc, "Cabinet Member for Specialist Children's Services", INSPECTION),  # noqa: E501
        Term("improvement-board", "dfe_adviser", Role.ADVISER, "Department for Education", "Department for Education adviser", INSPECTION),  # noqa: E501
        Term("improvement-board", "interim_programme_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Interim Programme Manager", D(2012, 2, 6)),  # noqa: E501
    ]


# The seed's table of subgroup chairs, by role, then a few members for each subgroup.
SUBGROUP_CHAIRS = [
    ("serious-case-review", "probation_director", "Kent Probation", "Director of Kent Probation"),
    ("learning-and-development", "connexions_ceo", "Connexions Kent", "Chief Executive Connexions Kent"),  # noqa: E501
    ("policy-and-practice", "supt_policy", "Kent Police", "Superintendent Kent Police"),
    ("quality-and-effectiveness", "md_west_kent", "West Kent Community Health NHS Trust", "Managing Director, West Kent CHT"),  # noqa: E501
    ("health-safeguarding", "nursing_nhs", "NHS Kent and Medway", "Director of Nursing and Quality, NHS Kent & Medway"),  # noqa: E501
    ("education-safeguarding", "director_els", "Kent County Council – Education, Learning and Skills", "Director of Education, Learning & Skills"),  # noqa: E501
    ("trafficking-and-sexual-exploitation", "supt_trafficking", "Kent Police", "Superintendent Kent Police"),  # noqa: E501
]


def subgroup_terms() -> list[Term]:
    scs = "Kent County Council – Specialist Children's Services"
    els = "Kent County Council – Education, Learning and Skills"
    terms = [
        Term(slug, person, Role.CHAIR, org, title, STREAMLINED)
        for slug, person, org, title in SUBGROUP_CHAIRS
    ]
    qe = "quality-and-effectiveness"
    terms += [
        Term(qe, "head_qa_scs", Role.MEMBER, scs, "Head of Quality Assurance, Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term(qe, "dci_police", Role.MEMBER, "Kent Police", "Detective Chief Inspector, Public Protection", STREAMLINED),  # noqa: E501
        Term(qe, "designated_nurse", Role.MEMBER, "NHS Kent and Medway", "Designated Nurse for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term(qe, "head_ed_safeguarding", Role.MEMBER, els, "Head of Education Safeguarding", STREAMLINED),  # noqa: E501
        Term(qe, "performance_analyst", Role.ADVISER, "Kent Safeguarding Children Board Business Unit", "KSCB Performance Analyst", D(2012, 1, 16)),  # noqa: E501
        Term(qe, "board_manager", Role.CLERK, "Kent Safeguarding Children Board Business Unit", "Kent Safeguarding Children Board Manager", STREAMLINED),  # noqa: E501
    ]
    terms += [
        Term("serious-case-review", "designated_doctor", Role.MEMBER, "East Kent Hospitals University NHS Foundation Trust", "Designated Doctor for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("serious-case-review", "head_qa_scs", Role.MEMBER, scs, "Head of Quality Assurance, Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term("serious-case-review", "dci_police", Role.MEMBER, "Kent Police", "Detective Chief Inspector, Public Protection", STREAMLINED),  # noqa: E501
        Term("learning-and-development", "head_ed_safeguarding", Role.MEMBER, els, "Head of Education Safeguarding", STREAMLINED),  # noqa: E501
        Term("learning-and-development", "voluntary_ceo", Role.MEMBER, "Kent Voluntary Sector Forum", "Chief Executive, Kent Voluntary Sector Forum", STREAMLINED),  # noqa: E501
        Term("policy-and-practice", "head_qa_scs", Role.MEMBER, scs, "Head of Quality Assurance, Specialist Children's Services", STREAMLINED),  # noqa: E501
        Term("policy-and-practice", "designated_nurse", Role.MEMBER, "NHS Kent and Medway", "Designated Nurse for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("health-safeguarding", "designated_doctor", Role.MEMBER, "East Kent Hospitals University NHS Foundation Trust", "Designated Doctor for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("health-safeguarding", "designated_nurse", Role.MEMBER, "NHS Kent and Medway", "Designated Nurse for Safeguarding Children", STREAMLINED),  # noqa: E501
        Term("education-safeguarding", "head_ed_safeguarding", Role.MEMBER, els, "Head of Education Safeguarding", STREAMLINED),  # noqa: E501
        Term("trafficking-and-sexual-exploitation", "dci_police", Role.MEMBER, "Kent Police", "Detective Chief Inspector, Public Protection", STREAMLINED),  # noqa: E501
        Term("trafficking-and-sexual-exploitation", "yos_head", Role.MEMBER, "Kent Youth Offending Service", "Head of Youth Offending Service", STREAMLINED),  # noqa: E501
    ]
    return terms


# fmt: on
