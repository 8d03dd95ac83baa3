"""The words the generated history is written in: places, agencies, people's names, agenda
titles and the sentences of papers and decisions. Plain lists, so a seed gives the same
history every time."""

from __future__ import annotations

# Each partnership is named after an old kingdom or region, so generated boards never share
# a name with a real one (or with the demo's Kent boards).
AREAS = (
    "Wessex", "Mercia", "Northumbria", "Anglia", "Deira", "Bernicia", "Lindsey", "Hwicce",
    "Elmet", "Rheged", "Dumnonia", "Kernow", "Lothian", "Essexia", "Sussexia", "Cantia",
    "Magonsaete", "Hendrica", "Surrige", "Middlesaxe",
)  # fmt: skip

# The sectors agencies belong to; slugs and names match the demo's where it has them, so
# both can share a database.
SECTOR_NAMES = {
    "childrens-social-care": "Children's social care",
    "adult-social-care": "Adult social care",
    "education": "Education",
    "health": "Health",
    "police": "Police",
    "probation": "Probation",
    "youth-offending": "Youth offending",
    "district-council": "District council",
    "voluntary-and-community": "Voluntary and community",
    "cafcass": "Cafcass",
    "fire-and-rescue": "Fire and rescue",
    "public-health": "Public health",
    "ambulance": "Ambulance",
}

# (sector slug, agency name pattern, short name pattern)
AGENCIES = (
    ("childrens-social-care", "{area} County Council Children's Services", "{code} CS"),
    ("adult-social-care", "{area} County Council Adult Social Care", "{code} ASC"),
    ("education", "{area} County Council Education and Skills", "{code} Education"),
    ("education", "{area} Primary Headteachers' Association", "{code} Primary Heads"),
    ("education", "{area} Secondary Headteachers' Forum", "{code} Secondary Heads"),
    ("health", "{area} Integrated Care Board", "{code} ICB"),
    ("health", "{area} Community Health NHS Trust", "{code} CHT"),
    ("health", "{area} and District Hospitals NHS Trust", "{code} Hospitals"),
    ("health", "{area} Partnership NHS Trust (mental health)", "{code} MH Trust"),
    ("police", "{area} Police", "{code} Police"),
    ("probation", "{area} Probation Delivery Unit", "{code} Probation"),
    ("youth-offending", "{area} Youth Offending Service", "{code} YOS"),
    ("district-council", "{area} District Councils' Housing Partnership", "{code} Housing"),
    ("voluntary-and-community", "{area} Council for Voluntary Service", "{code} CVS"),
    ("cafcass", "Cafcass ({area})", "Cafcass"),
    ("fire-and-rescue", "{area} Fire and Rescue Service", "{code} Fire"),
    ("public-health", "{area} Public Health", "{code} PH"),
    ("ambulance", "{area} Ambulance Service NHS Trust", "{code} Ambulance"),
)

LAY_SECTOR = ("lay", "Lay")

# (code, name, kind, parent code, meetings a year at scale 1, seats)
BODIES = (
    ("SCB", "Safeguarding Children Board", "board", None, 6, 26),
    ("EXEC", "Executive", "executive", "SCB", 10, 16),
    ("SIB", "Safeguarding Improvement Board", "improvement_board", "SCB", 6, 14),
    ("QE", "Quality and Effectiveness Subgroup", "subgroup", "EXEC", 6, 14),
    ("LD", "Learning and Development Subgroup", "subgroup", "EXEC", 6, 12),
    ("SCR", "Serious Case Review Subgroup", "subgroup", "EXEC", 6, 12),
    ("CDOP", "Child Death Overview Panel", "subgroup", "EXEC", 6, 12),
    ("HEALTH", "Health Subgroup", "subgroup", "EXEC", 6, 12),
    ("EDU", "Education Safeguarding Subgroup", "subgroup", "EXEC", 6, 12),
    ("POL", "Policy and Procedures Subgroup", "subgroup", "EXEC", 6, 12),
    ("CSE", "Child Sexual Exploitation Subgroup", "subgroup", "EXEC", 6, 12),
    ("COMMS", "Communications Task and Finish Group", "task_and_finish", "EXEC", 4, 10),
)  # fmt: skip

GIVEN_NAMES = (
    "Amelia", "Oliver", "Isla", "George", "Ava", "Harry", "Mia", "Jack", "Emily", "Noah",
    "Sophie", "Charlie", "Grace", "Thomas", "Lily", "James", "Ella", "William", "Freya",
    "Henry", "Ruth", "David", "Helen", "Peter", "Sarah", "Andrew", "Claire", "Mark", "Jane",
    "Paul", "Susan", "Ian", "Karen", "Richard", "Nicola", "Simon", "Alison", "Stephen",
    "Fiona", "Graham", "Priya", "Arjun", "Aisha", "Imran", "Fatima", "Kwame", "Chloe",
    "Rhys", "Siobhan", "Ciaran", "Eilidh", "Hamish", "Gwen", "Dylan", "Bronwen", "Tariq",
)  # fmt: skip
FAMILY_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason",
    "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Garden", "Campbell",
    "Johnston", "Moore", "Smyth", "O'Neill", "Doherty", "Stewart", "Quinn", "Murphy",
    "Graham", "Mclaughlin", "Hamilton", "Murray", "Hughes", "Owen", "Morgan", "Price",
    "Ahmed", "Begum", "Ali", "Hussain", "Okafor", "Mensah", "Nowak", "Kowalski",
)  # fmt: skip
HONORIFICS = ("", "", "", "", "", "Dr", "Cllr", "Supt", "DCI", "Prof")
JOB_TITLES = (
    "Director", "Assistant Director", "Head of Service", "Designated Nurse",
    "Designated Doctor", "Named Nurse", "Detective Superintendent", "Chief Inspector",
    "Head of Safeguarding", "Service Manager", "Principal Social Worker", "Headteacher",
    "Chief Executive", "Deputy Director", "Safeguarding Lead", "Consultant Paediatrician",
)  # fmt: skip

STANDING_ITEMS = (
    "Welcome, introductions and apologies",
    "Minutes of the last meeting and matters arising",
    "Declarations of interest",
)
CLOSING_ITEM = "Any other business"

TOPICS = (
    "Multi-agency performance data set, quarter {q}",
    "Business plan {year}/{next2}: progress report",
    "Annual report {prev}/{year2}",
    "Section 11 audit findings",
    "Serious case review: Child {letter}",
    "Learning from case reviews: action plan",
    "Early help strategy refresh",
    "Child sexual exploitation: strategic assessment",
    "Missing children: return interviews",
    "Neglect strategy and toolkit",
    "Private fostering awareness campaign",
    "Training programme evaluation",
    "Multi-agency audit: voice of the child",
    "Budget {year}/{next2} and partner contributions",
    "Risk register review",
    "Domestic abuse: MARAC performance",
    "Ofsted inspection: improvement plan",
    "Child death overview panel annual report",
    "Threshold document revision",
    "Escalation policy: use and outcomes",
    "Allegations against staff: LADO annual report",
    "Female genital mutilation protocol",
    "Online safety strategy",
    "Transition to adult services",
    "Mental health of children and young people: CAMHS waiting times",
    "Children in care placed out of area",
    "Youth justice plan",
    "Schools safeguarding audit",
    "Subgroup chairs' reports",
    "Challenge log: responses received",
)  # fmt: skip
RESTRICTED_TOPICS = (
    "Serious case review: Child {letter} (confidential)",
    "Individual case: Family {letter} (confidential)",
    "Staffing and resources (confidential)",
    "Complaint under investigation (confidential)",
)

PAPER_KINDS = ("report", "briefing", "data pack", "action plan", "options paper", "summary")

SENTENCES = (
    "The Board reviewed the multi-agency data set for the quarter.",
    "Re-referrals within twelve months fell to {n} per cent against a target of 18 per cent.",
    "Assessments completed within timescale rose for the {ordinal} quarter running.",
    "The health commissioner agreed to report on waiting times for child and adolescent "
    "mental health services.",
    "An audit of {n} cases across six agencies found the voice of the child recorded in "
    "{m} per cent of them.",
    "The police representative confirmed that strategy discussions now take place within one "
    "working day.",
    "Partners are asked to note the findings and endorse the recommendations.",
    "The Section 11 audit returns show improvement in safer recruitment practice.",
    "Children subject to a child protection plan numbered {k}, a rate of {n} per 10,000.",
    "The subgroup will report progress against the improvement plan at the next meeting.",
    "Training attendance by schools remained below the level agreed in the business plan.",
    "The independent chair challenged the pace of change in early help provision.",
    "Referrals from education rose by {n} per cent after the awareness campaign.",
    "The escalation policy was used {n} times, and every case was resolved within a month.",
    "Missing episodes fell, while return interviews within 72 hours reached {m} per cent.",
    "Partner contributions to the budget were agreed for the coming year.",
    "Learning from the review was disseminated through {n} briefing sessions.",
    "Private fostering notifications remain low compared with statistical neighbours.",
)
ORDINALS = ("second", "third", "fourth", "fifth")

DECISION_WORDING = {
    "approved": "The {body} approved the {subject}.",
    "agreed": "The {body} agreed the {subject}, with the changes discussed.",
    "endorsed": "The {body} endorsed the {subject} and its recommendations.",
    "noted": "The {body} noted the {subject}.",
    "rejected": "The {body} did not accept the {subject} and asked for a revised proposal.",
    "deferred": "The {body} deferred the {subject} to its next meeting.",
}
ACTION_WORDING = (
    "Circulate the {subject} to all partner agencies.",
    "Report back on the {subject} at the next meeting.",
    "Provide agency data for the {subject} by the due date.",
    "Update the {subject} to reflect the discussion.",
    "Brief front-line managers on the {subject}.",
    "Arrange a task and finish group to take forward the {subject}.",
)
UPDATE_WORDING = (
    "Work has started; a draft is with partners for comment.",
    "Data received from most agencies; two returns outstanding.",
    "Discussed at the subgroup; on course for the due date.",
    "Delayed by staff changes; a new date is proposed.",
    "Completed and reported to the meeting.",
)
VENUES = (
    "Council Chamber, County Hall",
    "Committee Room 2, County Hall",
    "Training Suite, Police Headquarters",
    "Boardroom, Community Health Trust",
    "Meeting Room 1, Civic Centre",
)
