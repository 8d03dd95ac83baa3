"""A new report in one step: the business unit picks the partnership, period and template,
and lands in the editor on a draft whose sections and live blocks are ready."""

from __future__ import annotations

import datetime

import pytest

from django.urls import reverse

from cms.models import AnnualReportPage, ProgressReportPage, ReportPage
from cms.report_templates import ANNUAL_SECTIONS
from cms.slugs import report_slug
from membership.models import default_partnership
from tests.cms.factories import board_body, report
from tests.governance.factories import action as make_action
from tests.governance.factories import business_unit
from tests.governance.factories import challenge as make_challenge
from tests.membership.factories import BodyFactory, MembershipFactory
from tests.partnerships import manager_of, second_partnership

D = datetime.date
pytestmark = pytest.mark.django_db
NEW_ANNUAL = reverse("board-reports:new", args=["annual"])


@pytest.fixture
def board():
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    partnership = default_partnership()
    partnership.board = board
    partnership.save()
    return board


def _post_annual(client, year="2011", **extra):
    return client.post(NEW_ANNUAL, {"year": year, "template": "", **extra})


def test_an_annual_report_is_drafted_from_the_statutory_sections_and_opens_in_the_editor(
    client, board
):
    subgroup = BodyFactory(parent=board, name="Quality and Performance Subgroup")
    MembershipFactory(body=board, start_date=D(2011, 4, 1))
    make_action(subgroup, due_date=D(2012, 2, 1))
    make_challenge(board)
    client.force_login(business_unit())

    response = _post_annual(client)

    page = AnnualReportPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert (page.title, page.slug, page.live) == (
        "Annual report 2011/12",
        "annual-report-2011-12",
        False,
    )
    assert (page.period_start, page.period_end, page.as_of) == (
        D(2011, 4, 1),
        D(2012, 3, 31),
        D(2012, 3, 31),
    )
    assert page.board == board and page.get_parent().slug == "reports"
    draft = page.get_latest_revision_as_object()
    headings = [child.value["text"] for child in draft.body if child.block_type == "heading"]
    assert headings == [section.heading for section in ANNUAL_SECTIONS]
    kinds = [child.block_type for child in draft.body]
    for live in (
        "membership",
        "attendance",
        "meetings",
        "actions",
        "challenges",
        "risks",
        "budget",
        "engagement_scorecard",
    ):
        assert live in kinds
    assert kinds.count("prose") == len(ANNUAL_SECTIONS)
    actions = next(child for child in draft.body if child.block_type == "actions")
    assert actions.value["include_subgroups"] is True
    assert not actions.value.get("start")  # follows the report's period

    # The editor opens on it, and the draft's blocks show the board's records.
    assert client.get(response["Location"]).status_code == 200
    rendered = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    assert "Governance and accountability" in rendered
    assert "Quality and Performance Subgroup" in rendered
    assert "Circulate the revised eligibility criteria" in rendered


def test_a_progress_report_needs_a_period_that_ends_after_it_starts(client, board):
    client.force_login(business_unit())
    url = reverse("board-reports:new", args=["progress"])

    response = client.post(url, {"period_start": "2012-09-30", "period_end": "2012-04-01"})

    assert response.status_code == 200
    assert "The period ends before it starts" in response.content.decode()
    assert not ReportPage.objects.exists()

    response = client.post(url, {"period_start": "2012-04-01", "period_end": "2012-09-30"})
    page = ProgressReportPage.objects.get()
    assert page.title == "Progress report April–September 2012"
    assert page.slug == "progress-report-april-september-2012"


def test_an_earlier_report_serves_as_the_business_units_own_template(client, board):
    earlier = report(
        board,
        [
            ("heading", {"text": "Our own section", "level": "h2"}),
            ("attendance", {"body": "", "threshold": 60, "start": "2010-04-01"}),
        ],
        kind=AnnualReportPage,
        title="Annual report 2010/11",
    )
    client.force_login(business_unit())

    _post_annual(client, template=str(earlier.pk))

    draft = AnnualReportPage.objects.exclude(pk=earlier.pk).get().get_latest_revision_as_object()
    assert [child.block_type for child in draft.body] == ["heading", "attendance"]
    assert draft.body[0].value["text"] == "Our own section"
    assert draft.body[1].value["threshold"] == 60
    assert not draft.body[1].value.get("start")


def test_an_abandoned_draft_does_not_block_the_new_report_and_is_offered(client, board):
    abandoned = report(
        board, kind=AnnualReportPage, title="Annual report 2011/12", slug="annual-report-2011-12"
    )
    client.force_login(business_unit())

    response = _post_annual(client)

    page = AnnualReportPage.objects.exclude(pk=abandoned.pk).get()
    assert page.slug == "annual-report-2011-12-2"
    shown = client.get(response["Location"]).content.decode()
    assert "already holds the address" in shown
    assert reverse("wagtailadmin_pages:delete", args=[abandoned.pk]) in shown


def test_dashes_become_hyphens_in_a_slug():
    assert report_slug("April–September 2012") == "april-september-2012"
    assert report_slug("Review — learning ‒ and − more") == "review-learning-and-more"


def test_the_business_unit_reaches_reports_from_the_menu_and_dashboard(client, board):
    client.force_login(business_unit())
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("board-reports:index") in home
    assert NEW_ANNUAL in home
    listing = client.get(reverse("board-reports:index"))
    assert listing.status_code == 200


def test_a_new_report_only_in_a_partnership_the_user_runs(client, board):
    adults = second_partnership()
    client.force_login(manager_of(adults))

    # Their one partnership is not a choice; another's id is refused and nothing is made.
    response = _post_annual(client, partnership=str(default_partnership().pk))
    assert response.status_code == 200
    assert not ReportPage.objects.exists()

    client.force_login(business_unit())
    response = _post_annual(client, partnership=str(adults.pk))
    assert response.status_code == 200
    assert not ReportPage.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "chair", "member"])
def test_others_cannot_open_the_new_report_form(client, board, who):
    from tests.cms.factories import chair_login
    from tests.membership.factories import UserFactory

    if who == "chair":
        client.force_login(chair_login(board))
    elif who == "member":
        client.force_login(UserFactory())
    response = client.get(NEW_ANNUAL)
    assert response.status_code in (302, 403)
    assert not ReportPage.objects.exists()


def _create_in_editor(client, board, *, title, slug):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from cms.models import ReportIndexPage

    index = ReportIndexPage.objects.get()
    url = f"/admin/pages/add/cms/progressreportpage/{index.pk}/"
    return url, client.post(
        url,
        nested_form_data(
            {
                "title": title,
                "slug": slug,
                "board": board.pk,
                "period_start": "2012-04-01",
                "period_end": "2012-09-30",
                "as_of": "2012-09-30",
                "author_name": "Pauline Dawson",
                "foreword": rich_text(""),
                "body": streamfield([("prose", rich_text("<p>Draft.</p>"))]),
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
            }
        ),
        follow=True,
    )


def test_the_editor_turns_a_titles_dashes_into_hyphens_in_the_slug(client, board):
    client.force_login(business_unit())

    url, response = _create_in_editor(
        client, board, title="Progress report April–September 2012", slug="april–september-2012"
    )

    assert ProgressReportPage.objects.get().slug == "april-september-2012"
    # The editor's own automatic slug gets the same rule, before Wagtail's cleaning.
    form = client.get(url).content.decode()
    assert "data-w-slug-formatters-value" in form
    assert "u2010-" in form


def test_an_abandoned_draft_does_not_block_a_report_made_in_the_editor(client, board):
    abandoned = report(board, title="Progress report", slug="progress-report-2012")
    client.force_login(business_unit())

    _url, response = _create_in_editor(
        client, board, title="Progress report", slug="progress-report-2012"
    )

    made = ProgressReportPage.objects.exclude(pk=abandoned.pk).get()
    assert made.slug == "progress-report-2012-2"
    shown = response.content.decode()
    assert "already holds the address progress-report-2012/" in shown
    assert reverse("wagtailadmin_pages:edit", args=[abandoned.pk]) in shown


def test_a_published_report_still_holds_its_slug(client, board):
    from tests.cms.factories import chair_login, publish

    publish(report(board, slug="progress-report-2012"), by=chair_login(board))
    client.force_login(business_unit())

    _url, response = _create_in_editor(
        client, board, title="Progress report", slug="progress-report-2012"
    )

    assert ProgressReportPage.objects.count() == 1
    assert "already in use" in response.content.decode()
