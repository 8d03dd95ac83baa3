"""`load_demo` on the embedded database, as `make demo` runs it on a fresh machine."""

import datetime
import html as html_lib
import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf

from django.contrib.auth.models import User

from cms.models import AnnualReportPage, ProgressReportPage, ReportPage
from cms.pdf import report_html
from demo.board.governance import load_governance_demo
from demo.board.reports import load_reports_demo
from governance.models import Decision, Minutes, MinutesStatus, VersionStage
from membership.access import is_business_unit, may_see_restricted
from membership.models import Body, Membership
from membership.selectors import body_compliance

ROOT = Path(__file__).resolve().parents[2]
D = datetime.date


# Run in the demo's own process, on its SQLite database: the business unit searches the
# admin's listings whose models Wagtail also indexes.
ADMIN_SEARCH = """
from django.contrib.auth.models import User
from django.test import Client
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="manager"))
for path, query, found in (
    ("/admin/person/", "peter quinn", "Quinn"),
    ("/admin/organisation/", "kent pol", "Kent Police"),
    ("/admin/body/", "executive", "KSCB Executive"),
):
    response = client.get(path, {"q": query})
    print(path, response.status_code, found in response.content.decode())
"""


def test_demo_migrates_and_loads_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Publishing builds the papers packs (eagerly, in the demo): not into the checkout.
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    env.pop("CELERY_BROKER_URL", None)
    outputs = []
    for command in (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["load_demo"],
        ["shell", "--no-imports", "-c", ADMIN_SEARCH],
    ):
        result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(result.stdout)
    assert "manager, chair, member" in outputs[2]
    assert "documents for search" in outputs[2]  # the demo's search has its index
    assert outputs[3].splitlines() == [
        "/admin/person/ 200 True",
        "/admin/organisation/ 200 True",
        "/admin/body/ 200 True",
    ]


def test_demo_board_matches_the_seed_report(client, demo_db):
    # demo_db ran load_demo twice: a second run changes nothing. The seed's ten bodies are
    # the children's partnership's, beside the committee it shares with the adults' board.
    children = Body.objects.filter(partnership__code="KSCB")
    assert children.exclude(slug="joint-transitions").count() == 10
    assert Body.objects.filter(partnership__code="KMSAB").count() == 3
    assert Membership.objects.filter(body__slug="board", role="independent_chair").count() == 1
    html = client.get("/bodies/").content.decode()
    for subgroup, chair_title in [
        ("Serious Case Review Subgroup", "Director of Kent Probation"),
        ("Learning and Development Subgroup", "Chief Executive Connexions Kent"),
        ("Policy and Practice Subgroup", "Superintendent Kent Police"),
        ("Quality and Effectiveness Subgroup", "Managing Director, West Kent CHT"),
        ("Health Safeguarding Group", "Director of Nursing and Quality, NHS Kent &amp; Medway"),
        ("Education Safeguarding Group", "Director of Education, Learning &amp; Skills"),
        ("Trafficking &amp; Sexual Exploitations Subgroup", "Superintendent Kent Police"),
    ]:
        assert subgroup in html
        assert chair_title in html


def test_demo_board_lacked_health_representation_before_the_review(demo_db):
    board = Body.objects.get(slug="board")

    before = body_compliance(board, datetime.date(2011, 4, 1))
    after = body_compliance(board, datetime.date(2011, 8, 1))

    assert "Health" in {status.requirement.sector.name for status in before.unmet}
    assert after.compliant


def test_demo_logins_see_different_things(client, demo_db):
    board = Body.objects.get(slug="board")
    executive = Body.objects.get(slug="executive")
    manager, chair, member = (User.objects.get(username=n) for n in ("manager", "chair", "member"))
    assert is_business_unit(manager)
    assert may_see_restricted(chair, board) and not may_see_restricted(chair, executive)
    assert may_see_restricted(member, executive) and not may_see_restricted(member, board)
    assert client.login(username="manager", password="demo")


SEED_HEADINGS = [
    "Introduction",
    "Purpose of Report",
    "Actions taken in response to the inspection",
    "Securing more meaningful engagement from partners",
    "Thresholds/referral activity",
    "Review of the child protection process",
    "KSCB Business Plan 2012/13",
    "Areas of Risk",
    "Performance management and quality assurance",
    "Project Management and Business Planning",
    "Conclusion",
]
SEED_CHAIRS = [
    ("Serious Case Review Subgroup", "Director of Kent Probation"),
    ("Learning and Development Subgroup", "Chief Executive Connexions Kent"),
    ("Policy and Practice Subgroup", "Superintendent Kent Police"),
    ("Quality and Effectiveness Subgroup", "Managing Director, West Kent CHT"),
    ("Health Safeguarding Group", "Director of Nursing and Quality, NHS Kent & Medway"),
    ("Education Safeguarding Group", "Director of Education, Learning & Skills"),
    ("Trafficking & Sexual Exploitations Subgroup", "Superintendent Kent Police"),
]


def test_demo_publishes_the_seed_report_itself_with_its_sections_and_subgroup_chairs(
    client, demo_db
):
    seed = ProgressReportPage.objects.get(slug="progress-report-march-2012")

    assert seed.live and seed.title == "Progress report (March 2012)"
    assert seed.as_of == datetime.date(2012, 3, 2)
    assert seed.author is None and seed.author_name == "Penny Davies"
    page = html_lib.unescape(client.get(seed.url).content.decode())
    for heading in SEED_HEADINGS:
        assert f">{heading}</h" in page
    for group, chair_title in SEED_CHAIRS:
        assert f"{group}</th>\n          <td>{chair_title}</td>" in page
    # The priorities and the risks come from the logs, frozen as of 2 March 2012.
    assert "Ensuring the right children are subject to child in need" in page
    assert "Performance management and quality assurance <span" in page
    # The report's two graphs and the audit's findings are drawn from the performance data.
    assert 'id="chart-cp-plans-' in page and "25%" in page
    assert 'id="chart-referrals-' in page
    assert "Referrals into Children’s Social Services by month, 2011" in page
    assert "metric chart" not in page.lower()

    pdf = pikepdf.open(io.BytesIO(b"".join(client.get(f"{seed.url}pdf/"))))
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        titles += [child.title for item in outline.root for child in item.children]
    assert set(SEED_HEADINGS) <= set(titles)

    annual = AnnualReportPage.objects.get(slug="annual-report-2010-11")
    draft = AnnualReportPage.objects.get(slug="annual-report-2011-12")
    assert annual.live and not draft.live
    assert "Challenge and impact" in draft.get_latest_revision().content["body"]
    # Loading again adds nothing.
    load_reports_demo(actor=User.objects.get(username="manager"))
    assert ReportPage.objects.count() == 3


def test_the_seed_report_shows_the_child_protection_graph_and_the_audit_findings(client, demo_db):
    seed = ProgressReportPage.objects.get(slug="progress-report-march-2012")
    response = client.get(seed.url)
    assert response.status_code == 200
    html = html_lib.unescape(response.content.decode())

    assert 'id="chart-cp-plans-201001-201201-' in html
    assert "Children subject to a child protection plan, January 2010 to January 2012" in html
    review = html.index(">Review of the child protection process</h")
    assert review < html.index('id="chart-cp-plans-') < html.index(">KSCB Business Plan 2012/13</h")
    quality = html.index("Performance management and quality assurance <span")
    findings = html.index('id="chart-audit-')
    assert quality < html.index("live-metric-figure") < findings
    for shown in ("25%", "46%", "10%", "50%"):
        assert shown in html[findings:]
    assert "Re-referrals within 12 months" in html and "revised" in html

    response = client.get(f"{seed.url}pdf/")
    assert response.status_code == 200
    assert "<svg" in report_html(seed, live=False)


def test_the_demo_minutes_the_boards_2011_12_meetings(client, demo_db):
    counts = (Minutes.objects.count(), Decision.objects.count())
    load_governance_demo()

    assert (Minutes.objects.count(), Decision.objects.count()) == counts
    board = list(Minutes.objects.filter(meeting__body__slug="board").order_by("meeting__start"))
    assert [m.meeting.date for m in board] == [
        D(2011, 5, 20),
        D(2011, 7, 15),
        D(2011, 9, 16),
        D(2011, 11, 18),
        D(2012, 1, 20),
        D(2012, 3, 16),
    ]
    assert [m.status for m in board] == [MinutesStatus.APPROVED] * 5 + [MinutesStatus.CIRCULATED]
    for minutes, later in zip(board, board[1:], strict=False):
        approval = minutes.approval_decision
        assert minutes.approved_at_meeting == later.meeting
        assert approval.meeting == later.meeting
        assert approval.agenda_item.title.startswith("Minutes and matters arising")
        assert [v.stage for v in minutes.versions.order_by("number")] == [
            VersionStage.DRAFT,
            VersionStage.CHAIR_REVIEW,
            VersionStage.CIRCULATED,
            VersionStage.APPROVED,
        ]
    assert board[1].approval_decision.title == (
        "Minutes of the meeting of 15 July 2011 approved as a correct record"
    )
    draft = Minutes.objects.get(meeting__body__slug="executive")
    assert (draft.status, draft.meeting.date) == (MinutesStatus.DRAFT, D(2012, 4, 18))

    # The July minutes show, on their minutes item, the approval of May's.
    july = client.get(f"/meetings/{board[1].meeting_id}/minutes/").content.decode()
    assert board[0].approval_decision.reference in july
    assert "Serious case reviews: progress and action plans" not in july
    assert client.get(f"/meetings/{board[1].meeting_id}/minutes.pdf").status_code == 200
    assert client.get(f"/meetings/{board[5].meeting_id}/minutes/").status_code == 404
    client.force_login(User.objects.get(username="manager"))
    april = client.get(f"/meetings/{draft.meeting_id}/minutes/").content.decode()
    assert "EXEC/2012/001" in april
