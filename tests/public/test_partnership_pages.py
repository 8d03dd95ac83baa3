"""Each partnership's public and members' pages show that partnership alone, found by the
hostname: the default partnership answers on "testserver", the second on adults.localhost.
A record of one asked for on the other's host is not found; a joint body's records are
shown by each partnership it serves."""

from __future__ import annotations

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.models import ProgressReportPage
from meetings import services as meeting_services
from meetings.papers import services as paper_services
from membership.models import BodyKind, default_partnership
from tests.governance.factories import action, challenge, decision, plan, risk
from tests.governance.performance_factories import MetricFactory, audit
from tests.meetings.factories import AgendaItemFactory
from tests.meetings.paper_factories import MeetingFactory, make_pdf, publish_agenda, upload
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

pytestmark = pytest.mark.django_db

CHILDREN = "testserver"
ADULTS = ADULTS_HOST


@pytest.fixture
def children():
    partnership = default_partnership()
    partnership.name = "Kent Safeguarding Children Partnership"
    partnership.contact_email = "kscp@example.org"
    partnership.board = BodyFactory(name="Children Board", slug="board", kind=BodyKind.BOARD)
    partnership.save()
    return partnership


@pytest.fixture
def adults(children):
    partnership = second_partnership()
    partnership.contact_email = "sab@example.org"
    partnership.save()
    return partnership


@pytest.fixture
def executives(children, adults):
    """A body of the same address in each partnership."""
    return {
        CHILDREN: BodyFactory(name="Children Executive", slug="executive", parent=children.board),
        ADULTS: BodyFactory(
            name="Adults Executive", slug="executive", parent=adults.board, partnership=adults
        ),
    }


@pytest.fixture
def joint(children, adults):
    """A group run by the children's partnership that also reports into the adults' board."""
    body = BodyFactory(name="Transitions Group", slug="transitions", parent=children.board)
    body.also_reports_to.add(adults.board)
    body.save()
    return body


def text(response) -> str:
    return response.content.decode()


def get(client, url, host):
    return client.get(url, HTTP_HOST=host)


# ---------------------------------------------------------------------------
# The layout
# ---------------------------------------------------------------------------
def test_each_host_is_headed_and_signed_by_its_own_partnership(client, children, adults):
    for host, own, other in ((CHILDREN, children, adults), (ADULTS, adults, children)):
        # Twice each, in turn, so the nav kept by the process is asked for on both hosts.
        for _ in range(2):
            page = text(get(client, "/bodies/", host))
            assert f"– {own.name}</title>" in page
            assert f'class="site-name" href="/">{own.name}</a>' in page
            assert own.contact_email in page
            assert other.name not in page
            assert other.contact_email not in page


def test_the_logo_is_a_rendition_read_in_a_fixed_number_of_queries(client, adults, executives):
    adults.logo = get_image_model().objects.create(title="SAB logo", file=get_test_image_file())
    adults.save()
    get(client, "/bodies/", ADULTS)  # the rendition is made once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = text(get(client, "/bodies/", ADULTS))
        assert 'class="site-logo"' in page
        assert "/images/" in page
        return len(captured)

    few = queries()
    for n in range(10):
        BodyFactory(name=f"Adults group {n}", parent=adults.board, partnership=adults)
    assert queries() == few
    assert 'class="site-logo"' not in text(get(client, "/bodies/", CHILDREN))


# ---------------------------------------------------------------------------
# Boards and groups
# ---------------------------------------------------------------------------
def test_the_structure_lists_the_partnerships_own_bodies_under_its_board(
    client, children, adults, executives
):
    adults_page = text(get(client, "/bodies/", ADULTS))
    assert "Adults Executive" in adults_page
    assert "Children Executive" not in adults_page
    assert "Children Board" not in adults_page
    assert adults_page.index("Safeguarding Adults Board") < adults_page.index("Adults Executive")
    assert 'class="depth-1"><a href="/bodies/executive/">Adults Executive' in adults_page

    children_page = text(get(client, "/bodies/", CHILDREN))
    assert "Children Executive" in children_page
    assert "Adults Executive" not in children_page
    assert "The Children Board and the groups that report to it" in children_page


def test_a_body_address_answers_with_the_hosts_own_body(client, executives):
    assert "<h1>Adults Executive</h1>" in text(get(client, "/bodies/executive/", ADULTS))
    assert "<h1>Children Executive</h1>" in text(get(client, "/bodies/executive/", CHILDREN))


def test_a_body_of_another_partnership_is_not_found(client, adults):
    only_adults = BodyFactory(name="Adults Quality Group", slug="quality", partnership=adults)
    assert get(client, only_adults.get_absolute_url(), ADULTS).status_code == 200
    assert get(client, only_adults.get_absolute_url(), CHILDREN).status_code == 404


def test_a_joint_body_is_shown_by_both_partnerships_marked_joint(client, children, adults, joint):
    adults_page = text(get(client, "/bodies/", ADULTS))
    assert "Transitions Group" in adults_page
    assert f"Joint with {children.name}" in adults_page
    # Placed under the adults' board it reports to, not at the top.
    assert 'class="depth-1"><a href="/bodies/transitions/">Transitions Group' in adults_page

    children_page = text(get(client, "/bodies/", CHILDREN))
    assert f"Joint with {adults.name}" in children_page

    detail = text(get(client, "/bodies/transitions/", ADULTS))
    assert f"Joint with {children.name}" in detail
    board_page = text(get(client, adults.board.get_absolute_url(), ADULTS))
    assert "Transitions Group" in board_page


def test_linked_boards_are_listed_on_the_body_page(client, children, adults):
    children.board.related_bodies.add(adults.board)
    children.board.save()
    page = text(get(client, "/bodies/board/", CHILDREN))
    assert "<h2>Linked boards</h2>" in page
    assert f"{adults.board.name}</a> ({adults.name})" in page
    assert f"http://{ADULTS}{adults.board.get_absolute_url()}" in page


# ---------------------------------------------------------------------------
# Meetings, their feeds, papers and packs
# ---------------------------------------------------------------------------
@pytest.fixture
def adults_meeting(adults, executives):
    return MeetingFactory(body=executives[ADULTS], title="Adults Executive meeting")


def test_the_meetings_list_shows_the_hosts_own_meetings(client, executives, adults_meeting):
    MeetingFactory(body=executives[CHILDREN], title="Children Executive meeting")
    adults_page = text(get(client, "/meetings/?year=2012", ADULTS))
    assert "Adults Executive meeting" in adults_page
    assert "Children Executive meeting" not in adults_page
    children_page = text(get(client, "/meetings/?year=2012", CHILDREN))
    assert "Children Executive meeting" in children_page
    assert "Adults Executive meeting" not in children_page


def test_a_meeting_of_another_partnership_is_not_found_by_any_address(
    client, adults_meeting, executives
):
    pk = adults_meeting.pk
    for url in (
        f"/meetings/{pk}/",
        f"/meetings/{pk}.ics",
        f"/meetings/{pk}/agenda/versions/",
        "/bodies/executive/meetings.ics",
    ):
        assert get(client, url, ADULTS).status_code == 200, url
        if url.startswith("/bodies/"):
            # The children's own executive answers at that address, with its own meetings.
            assert b"Adults Executive" not in get(client, url, CHILDREN).content
        else:
            assert get(client, url, CHILDREN).status_code == 404, url


def test_a_paper_and_pack_of_another_partnership_are_not_found(client, adults, adults_meeting):
    manager = manager_of(adults)
    item = AgendaItemFactory(meeting=adults_meeting, title="Annual report")
    paper = paper_services.paper_create(
        actor=manager,
        agenda_item=item,
        title="Annual report",
        is_restricted=False,
        file=upload(make_pdf(text="Annual report")),
    )
    publish_agenda(adults_meeting)
    for url in (f"/papers/{paper.pk}/", f"/meetings/{adults_meeting.pk}/pack.pdf"):
        assert get(client, url, ADULTS).status_code == 200, url
        assert get(client, url, CHILDREN).status_code == 404, url


def test_the_personal_feed_keeps_every_meeting_each_at_its_own_hosts_address(
    client, executives, adults_meeting
):
    person = PersonFactory(user=UserFactory())
    for body in executives.values():
        MembershipFactory(body=body, person=person, start_date=datetime.date(2011, 1, 1))
    children_meeting = MeetingFactory(body=executives[CHILDREN], title="Children meeting")
    token = meeting_services.calendar_token_reset(actor=person.user, person=person)
    feed = get(client, f"/calendar/{token.token}.ics", CHILDREN).content.decode()
    unfolded = feed.replace("\r\n ", "")
    assert f"http://{CHILDREN}/meetings/{children_meeting.pk}/" in unfolded
    assert f"http://{ADULTS}/meetings/{adults_meeting.pk}/" in unfolded


# ---------------------------------------------------------------------------
# Decisions and the logs
# ---------------------------------------------------------------------------
def test_a_joint_bodys_decision_is_one_record_in_both_registers(client, children, joint):
    made = decision(joint, title="Transitions protocol agreed")
    for host in (CHILDREN, ADULTS):
        page = text(get(client, "/decisions/", host))
        assert page.count("Transitions protocol agreed") == 1
        assert made.reference in page
        assert '<span class="tag">Joint</span>' in page
        assert get(client, made.get_absolute_url(), host).status_code == 200


def test_the_logs_show_the_hosts_own_records_and_refuse_the_others(
    client, children, adults, executives
):
    body = executives[ADULTS]
    records = {
        "decisions": decision(body, title="Adults plan endorsed"),
        "actions": action(body, description="Adults action to do"),
        "challenges": challenge(body, issue="Adults challenge raised"),
        "risks": risk(body, title="Adults risk registered"),
    }
    client.force_login(manager_of(children, adults))
    words = {
        "decisions": "Adults plan endorsed",
        "actions": "Adults action to do",
        "challenges": "Adults challenge raised",
        "risks": "Adults risk registered",
    }
    for kind, record in records.items():
        assert words[kind] in text(get(client, f"/{kind}/", ADULTS)), kind
        assert words[kind] not in text(get(client, f"/{kind}/", CHILDREN)), kind
        url = record.get_absolute_url()
        assert get(client, url, ADULTS).status_code == 200, url
        assert get(client, url, CHILDREN).status_code == 404, url


def test_plans_and_minutes_of_another_partnership_are_not_found(
    client, children, adults, executives, adults_meeting
):
    adults_plan, _objectives = plan(executives[ADULTS], title="Adults improvement plan")
    client.force_login(manager_of(children, adults))
    assert "Adults improvement plan" in text(get(client, "/plans/", ADULTS))
    assert "Adults improvement plan" not in text(get(client, "/plans/", CHILDREN))
    assert get(client, f"/plans/{adults_plan.pk}/", ADULTS).status_code == 200
    assert get(client, f"/plans/{adults_plan.pk}/", CHILDREN).status_code == 404
    # No minutes yet: the adults' host says so for its meeting; the children's knows none.
    minutes = f"/meetings/{adults_meeting.pk}/minutes/"
    assert "Adults Executive meeting" in text(get(client, minutes, ADULTS))
    refused = get(client, minutes, CHILDREN)
    assert refused.status_code == 404
    assert "Adults Executive meeting" not in text(refused)


def test_a_body_filter_offers_only_the_hosts_bodies(client, executives):
    page = text(get(client, "/decisions/", CHILDREN))
    assert "Children Executive" in page
    assert "Adults Executive" not in page


# ---------------------------------------------------------------------------
# Performance
# ---------------------------------------------------------------------------
def test_performance_lists_the_hosts_own_metrics_and_refuses_the_others(client, adults, executives):
    MetricFactory(body=executives[CHILDREN], name="Children seen in time", slug="in-time")
    MetricFactory(body=executives[ADULTS], name="Adults seen in time", slug="in-time")
    only_adults = MetricFactory(body=executives[ADULTS], name="Adults reviews", slug="reviews")

    children_page = text(get(client, "/performance/", CHILDREN))
    assert "Children seen in time" in children_page
    assert "Adults" not in children_page.split("<h1>")[1]
    assert "Adults reviews" in text(get(client, "/performance/", ADULTS))

    assert "Adults seen in time" in text(get(client, "/performance/in-time/", ADULTS))
    assert "Children seen in time" in text(get(client, "/performance/in-time/", CHILDREN))
    assert get(client, only_adults.get_absolute_url(), CHILDREN).status_code == 404


def test_audits_are_the_hosts_own(client, executives):
    adults_audit = audit(executives[ADULTS], topic="Adults thresholds audit")
    assert "Adults thresholds audit" in text(get(client, "/audits/", ADULTS))
    assert "Adults thresholds audit" not in text(get(client, "/audits/", CHILDREN))
    assert get(client, f"/audits/{adults_audit.pk}/", ADULTS).status_code == 200
    assert get(client, f"/audits/{adults_audit.pk}/", CHILDREN).status_code == 404


def test_performance_filters_by_body(client, children, executives):
    other = BodyFactory(name="Quality Group", slug="quality", parent=children.board)
    MetricFactory(body=executives[CHILDREN], name="Executive measure")
    MetricFactory(body=other, name="Quality measure")

    page = text(get(client, "/performance/?body=quality", CHILDREN))
    assert "Quality measure" in page
    assert "Executive measure" not in page
    assert "<h1>Performance of Quality Group</h1>" in page


@pytest.mark.parametrize("slug", ["no-such-body", "reviews-adults"])
def test_performance_for_a_body_not_here_is_an_empty_list_saying_so(
    client, adults, executives, slug
):
    BodyFactory(name="Adults Reviews", slug="reviews-adults", partnership=adults)
    MetricFactory(body=executives[CHILDREN], name="Executive measure")
    response = get(client, f"/performance/?body={slug}", CHILDREN)
    assert response.status_code == 200
    page = text(response)
    assert f"There is no board or group “{slug}”" in page
    assert "Executive measure" not in page


# ---------------------------------------------------------------------------
# Reports (Wagtail pages under each partnership's own site root)
# ---------------------------------------------------------------------------
def test_a_report_of_another_partnership_is_not_found(client, adults):
    reports = adults.site.root_page.get_children().get(slug="reports")
    page = ProgressReportPage(
        title="Adults annual report",
        slug="adults-annual-report",
        board=adults.board,
        period_start=datetime.date(2011, 4, 1),
        period_end=datetime.date(2012, 3, 31),
        as_of=datetime.date(2012, 3, 2),
        author_name="Board manager",
        author_role="Board manager",
        body=[],
    )
    reports.add_child(instance=page)
    page.save_revision().publish()
    assert get(client, "/reports/adults-annual-report/", ADULTS).status_code == 200
    assert get(client, "/reports/adults-annual-report/", CHILDREN).status_code == 404
