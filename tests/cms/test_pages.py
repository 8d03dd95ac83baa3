"""The reports section: the index, the pages, who may publish, the editor's rules, and the
number of queries a report takes whatever the size of the records behind it."""

from __future__ import annotations

import datetime

import pytest

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms import blocks
from cms.models import AnnualReportPage, ReportIndexPage
from cms.selectors import EVERY_BODY
from governance import services
from meetings.models import AttendanceStatus, MeetingStatus
from tests.cms.factories import board_body, chair_login, edit, publish, report
from tests.governance.factories import MeetingFactory, at, business_unit
from tests.governance.factories import action as make_action
from tests.governance.factories import challenge as make_challenge
from tests.governance.factories import decision as make_decision
from tests.governance.factories import risk as make_risk
from tests.meetings.factories import AttendanceFactory
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory

D = datetime.date
pytestmark = pytest.mark.django_db

EVERY_LIVE_BLOCK = [
    ("heading", {"text": "Governance", "level": "h2"}),
    ("membership", {"body": "", "layout": "subgroup_chairs"}),
    ("membership", {"body": "", "layout": "members"}),
    ("attendance", {"body": "", "threshold": 75}),
    ("meetings", {"body": EVERY_BODY, "list_meetings": True}),
    ("decisions", {"body": EVERY_BODY}),
    ("actions", {"body": EVERY_BODY, "list_overdue": True}),
    ("challenges", {"body": EVERY_BODY}),
    ("risks", {"body": EVERY_BODY}),
]


@pytest.fixture
def board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


def test_the_index_lists_published_reports_newest_first_and_no_drafts(client, board):
    chair = chair_login(board)
    publish(
        report(
            board,
            title="Annual Report 2010/11",
            as_of=D(2011, 3, 31),
            period_start=D(2010, 4, 1),
            kind=AnnualReportPage,
        ),
        by=chair,
    )  # noqa: E501
    publish(report(board, title="Progress report (March 2012)"), by=chair)
    report(board, title="Annual Report 2011/12 (draft)", kind=AnnualReportPage)
    index = ReportIndexPage.objects.get()

    html = client.get(index.url).content.decode()

    assert html.index("Progress report (March 2012)") < html.index("Annual Report 2010/11")
    assert "(draft)" not in html
    assert index.url in client.get("/").content.decode()


def test_a_report_page_shows_its_period_author_contents_and_pdf_link(client, board):
    page = publish(
        report(
            board,
            [("heading", {"text": "Introduction", "level": "h2"}), ("prose", "<p>Hello.</p>")],
            foreword="<p>From the chair.</p>",
        ),
        by=chair_login(board),
    )

    html = client.get(page.url).content.decode()

    assert "1 April 2011 to 31 March 2012" in html and "2 March 2012" in html
    assert "Pauline Dawson" in html and "Kent Safeguarding Children Board Manager" in html
    assert 'href="#introduction"' in html and 'id="introduction"' in html
    assert "From the chair." in html
    assert f'href="{page.url}pdf/"' in html


def test_only_the_chair_of_the_reports_board_may_publish_it(board):
    page = report(board)
    chair = chair_login(board)
    other_chair = chair_login(BodyFactory())
    manager = business_unit()

    assert page.permissions_for_user(chair).can_publish()
    assert not page.permissions_for_user(other_chair).can_publish()
    assert not page.permissions_for_user(manager).can_publish()
    assert page.permissions_for_user(manager).can_edit()
    assert page.permissions_for_user(manager).can_submit_for_moderation()

    live = publish(page, by=chair)
    assert live.permissions_for_user(manager).can_unpublish()


def test_the_business_unit_edits_and_compares_revisions_in_the_admin(client, board):
    page = report(board, EVERY_LIVE_BLOCK)
    edit(page, [("prose", "<p>Second draft.</p>")])
    first, second = page.revisions.order_by("created_at", "pk")
    client.force_login(business_unit())

    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    compare = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")

    assert editor.status_code == 200
    assert "Submit to Report approval" in editor.content.decode()
    assert compare.status_code == 200
    assert "Second draft." in compare.content.decode()


def test_the_chair_sees_the_report_awaiting_their_approval(client, board):
    chair = chair_login(board)
    page = report(board)
    page.get_workflow().start(page, user=business_unit())
    client.force_login(chair)

    dashboard = client.get("/admin/").content.decode()

    assert page.title in dashboard


def test_every_block_renders_in_the_block_picker_preview(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "demo"))
    board_body()
    stream = blocks.ReportStreamBlock()
    for name, block in stream.child_blocks.items():
        if name == "image":
            continue  # needs an image in the library
        assert block.is_previewable, name
        response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name


@pytest.mark.parametrize(
    ("block", "value", "field"),
    [
        (blocks.DecisionsBlock(), {"start": D(2012, 1, 1), "end": D(2011, 1, 1)}, "end"),
        (
            blocks.DecisionsBlock(),
            {"body": EVERY_BODY, "include_subgroups": True},
            "include_subgroups",
        ),  # noqa: E501
        (blocks.CalloutBlock(), {"figure": "many", "label": "cases"}, "figure"),
        (blocks.QuoteBlock(), {"text": "Words", "source": "Ofsted report"}, "attribution"),
    ],
)
def test_blocks_refuse_values_that_do_not_hang_together(block, value, field):
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.normalize({**block.get_default(), **value}))
    assert field in refused.value.block_errors


def test_two_headings_with_the_same_words_are_refused():
    stream = blocks.ReportStreamBlock()
    value = stream.normalize(
        [
            ("heading", {"text": "Conclusion", "level": "h2"}),
            ("heading", {"text": "Conclusion", "level": "h3"}),
        ]
    )
    with pytest.raises(ValidationError):
        stream.clean(value)


def test_a_report_cannot_take_its_figures_before_its_period(board):
    page = report(board)
    page.as_of = D(2011, 1, 1)
    page.author_name = ""
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert {"as_of", "author_name"} <= set(refused.value.message_dict)


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------
def add_records(board, n: int) -> None:
    """n more of everything the live blocks read, in the report's period."""
    subgroup = BodyFactory(parent=board)
    MembershipFactory(body=subgroup, role="chair")
    owner = PersonFactory()
    for i in range(n):
        member = MembershipFactory(body=board).person
        meeting = MeetingFactory(
            body=board,
            start=at(D(2011, 5, 1) + datetime.timedelta(days=7 * i)),
            status=MeetingStatus.HELD,
        )
        AttendanceFactory(meeting=meeting, person=member, status=AttendanceStatus.PRESENT)
        make_decision(board, title=f"Decision {i}", decided_on=D(2011, 6, 1))
        action = make_action(board, owner, raised_on=D(2011, 6, 1), due_date=D(2011, 9, 1))
        services.action_update(actor=None, action=action, text="Going.", update_date=D(2011, 7, 1))
        make_challenge(board, raised_on=D(2011, 6, 1))
        make_risk(board, title=f"Risk {i}", opened_on=D(2011, 6, 1))


def count_queries(get) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get()
        assert response.status_code == 200
    return len(captured)


def test_the_published_report_takes_the_same_queries_for_2_or_22_of_everything(client, board):
    chair = chair_login(board)
    add_records(board, 2)
    small = publish(report(board, EVERY_LIVE_BLOCK), by=chair)
    add_records(board, 20)
    large = publish(report(board, EVERY_LIVE_BLOCK, title="Second"), by=chair)
    client.get(small.url)  # warm the site and content type caches

    assert count_queries(lambda: client.get(small.url)) == count_queries(
        lambda: client.get(large.url)
    )


def test_the_preview_takes_the_same_queries_for_2_or_22_of_everything(board):
    page = report(board, EVERY_LIVE_BLOCK)
    add_records(board, 2)
    page.make_preview_request()
    before = count_queries(page.make_preview_request)
    add_records(board, 20)

    assert count_queries(page.make_preview_request) == before


def test_more_live_blocks_add_no_queries_to_the_published_report(client, board):
    chair = chair_login(board)
    add_records(board, 2)
    few = publish(report(board, EVERY_LIVE_BLOCK[:2]), by=chair)
    many = publish(report(board, EVERY_LIVE_BLOCK * 3, title="Many"), by=chair)
    client.get(few.url)

    assert count_queries(lambda: client.get(few.url)) == count_queries(lambda: client.get(many.url))


def test_a_new_report_is_saved_as_a_draft_for_the_chair_not_published_by_its_author(client, board):
    client.force_login(business_unit())
    index = ReportIndexPage.objects.get()
    url = f"/admin/pages/add/cms/progressreportpage/{index.pk}/"

    form = client.get(url).content.decode()
    response = client.post(
        url,
        nested_form_data(
            {
                "title": "Progress report (September 2012)",
                "slug": "progress-report-september-2012",
                "board": board.pk,
                "period_start": "2012-04-01",
                "period_end": "2013-03-31",
                "as_of": "2012-09-14",
                "author_name": "Pauline Dawson",
                "foreword": rich_text(""),
                "body": streamfield([("prose", rich_text("<p>Draft.</p>"))]),
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
                "action-publish": "action-publish",
            }
        ),
    )

    assert 'name="action-publish"' not in form
    assert response.status_code == 302
    created = (
        ReportIndexPage.objects.get().get_children().get(slug="progress-report-september-2012")
    )
    assert not created.live
