"""The demo board's reports: the March 2012 progress report itself, published, with its
prose taken from the seed section by section and its tables live from the records; the
Annual Report 2010/11 as a published skeleton; and the Annual Report 2011/12 as a draft
with the annual report's sections as headings.

The reports are published as the Board's independent chair would publish them by approving
them, so a login is made for her (`boardchair`, password 'demo'): with it the demo can show
the chair's approval of the 2011/12 draft. Called by `load_demo` after the membership,
meetings and governance demos; loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.db import transaction

from cms.models import AnnualReportPage, ProgressReportPage, ReportIndexPage
from membership import services as membership_services
from membership.access import CHAIRS_GROUP
from membership.models import Body, Person

from .blocks import heading, pending, plan, prose
from .seed_report import (
    SEED_SIGNATORY,
    SEED_SIGNATORY_ROLE,
    SEED_SIGNED_ON,
    seed_report_body,
)

D = datetime.date
BOARD_CHAIR_LOGIN = "boardchair"
SEED_SLUG = "progress-report-march-2012"
SEED_NOTE = (
    "This demonstration reproduces the text of the Board's published progress report of "
    "March 2012, with the names it gives. The people in the demo's records (members, chairs, "
    "attendance, decisions and actions) are invented, and the tables and graphs are drawn "
    "from them."
)


# The sections of a statutory annual report (DOMAIN.md, "The shape of an annual report").
ANNUAL_SECTIONS = [
    "Executive summary",
    "Local context",
    "Governance and accountability",
    "Budget",
    "Performance",
    "Quality assurance",
    "Case reviews and learning",
    "Child deaths",
    "Voice of the child",
    "Progress against last year's priorities",
    "Challenge and impact",
    "Next year's priorities",
    "Appendices",
]


def annual_report_body(*, year: str, plan_title: str) -> list:
    """An annual report's sections as headings, with the live blocks that belong in them
    and a line for the business unit to write to."""
    body = []
    for section in ANNUAL_SECTIONS:
        body.append(heading(section))
        if section == "Governance and accountability":
            body += [
                prose(f"How the Board was organised, who sat on it and who came, {year}."),
                ("membership", {"body": "", "layout": "subgroup_chairs", "title": ""}),
                ("membership", {"body": "", "layout": "members", "title": ""}),
                ("attendance", {"body": "", "threshold": 75, "title": ""}),
                ("engagement_scorecard", {"body": "", "include_subgroups": True, "title": ""}),
                ("meetings", {"body": "*", "title": ""}),
                ("decisions", {"body": "*", "title": "Decisions of the year"}),
            ]
        elif section == "Budget":
            body += [
                prose(f"<p><i>What the Board spent in {year}, and on what.</i></p>"),
                ("budget", {"title": ""}),
            ]
        elif section == "Performance":
            body.append(pending("metric_chart", "The five-year figures with their comparators."))
        elif section == "Quality assurance":
            body.append(pending("audit_findings", f"Multi-agency audits of {year}."))
        elif section == "Progress against last year's priorities":
            body += [
                plan(plan_title, "both") if plan_title else prose("No plan was kept."),
                ("actions", {"body": "*", "title": ""}),
            ]
        elif section == "Challenge and impact":
            body.append(("challenges", {"body": "*", "title": ""}))
        elif section == "Next year's priorities":
            body.append(("risks", {"body": "", "title": "Risks carried into the new year"}))
        else:
            body.append(prose(f"<p><i>To be written for {year}.</i></p>"))
    return body


def _board_chair_login(actor: User) -> User:
    """A login for the Board's independent chair, who approves the Board's reports."""
    board = Body.objects.get(slug="board")
    chair = (
        Person.objects.filter(
            memberships__body=board,
            memberships__role="independent_chair",
            memberships__end_date__isnull=True,
        )
        .distinct()
        .get()
    )
    user = User.objects.filter(username=BOARD_CHAIR_LOGIN).first()
    if user is None:
        user = User.objects.create_user(
            username=BOARD_CHAIR_LOGIN,
            email="boardchair@example.org",
            password="demo",  # noqa: S106  # nosec B106 - the demo's published password
        )
    user.groups.add(Group.objects.get(name=CHAIRS_GROUP))
    if chair.user_id is None:
        membership_services.person_link_login(actor=actor, person=chair, user=user)
    return user


def _report(index, model, *, slug: str, publish_as: User | None, actor: User, **fields):
    existing = model.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    # Created as a draft; publishing the revision is what makes it live.
    page = model(slug=slug, live=False, **fields)
    index.add_child(instance=page)
    revision = page.save_revision(user=actor, log_action=True)
    if publish_as is not None:
        revision.publish(user=publish_as)
    return page


@transaction.atomic
def load_reports_demo(actor: User) -> dict[str, object]:
    """Load (or leave alone) the demo's three reports under the Reports index."""
    index = ReportIndexPage.objects.first()
    if index is None:
        return {}
    chair_login = _board_chair_login(actor)
    board = Body.objects.get(slug="board")
    manager = Person.objects.filter(user=actor).first()
    seed = _report(
        index,
        ProgressReportPage,
        slug=SEED_SLUG,
        publish_as=chair_login,
        actor=actor,
        title="Progress report (March 2012)",
        board=board,
        period_start=D(2011, 4, 1),
        period_end=D(2012, 3, 31),
        as_of=D(2012, 3, 2),
        # Signed as the published report is, by name: its author is no one in the demo's
        # records, which hold invented people only.
        author=None,
        author_name=SEED_SIGNATORY,
        author_role=SEED_SIGNATORY_ROLE,
        signed_on=SEED_SIGNED_ON,
        title_note=SEED_NOTE,
        summary="The work of the Board since the October 2010 inspection, and the risks that "
        "remain for effective scrutiny of safeguarding across Kent.",
        body=seed_report_body(),
    )
    annual_2010 = _report(
        index,
        AnnualReportPage,
        slug="annual-report-2010-11",
        publish_as=chair_login,
        actor=actor,
        title="Annual Report 2010/11",
        board=board,
        period_start=D(2010, 4, 1),
        period_end=D(2011, 3, 31),
        as_of=D(2011, 3, 31),
        author=manager,
        author_role="Kent Safeguarding Children Board Manager",
        summary="The Board's annual report for 2010/11, the year of the inspection.",
        foreword="<p><i>The chair's foreword and statement of effectiveness for 2010/11.</i></p>",
        body=annual_report_body(year="2010/11", plan_title="Multi-agency Improvement Plan"),
    )
    annual_2011 = _report(
        index,
        AnnualReportPage,
        slug="annual-report-2011-12",
        publish_as=None,
        actor=actor,
        title="Annual Report 2011/12",
        board=board,
        period_start=D(2011, 4, 1),
        period_end=D(2012, 3, 31),
        as_of=D(2012, 3, 31),
        author=manager,
        author_role="Kent Safeguarding Children Board Manager",
        summary="The Board's annual report for 2011/12, to be published in July 2012.",
        foreword="<p><i>The chair's foreword and statement of effectiveness for 2011/12.</i></p>",
        body=annual_report_body(year="2011/12", plan_title="Multi-agency Improvement Plan"),
    )
    return {
        "seed": seed,
        "annual_2010": annual_2010,
        "annual_2011": annual_2011,
        "approver": chair_login,
    }
