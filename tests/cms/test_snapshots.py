"""A published report does not change when the records do; a new revision does."""

from __future__ import annotations

import datetime
import json

import pytest

from django.contrib.auth.models import User
from django.utils import timezone

from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.blocks import LiveBlock
from cms.models import ProgressReportPage
from cms.selectors import ReportContext
from cms.snapshots import freeze_revision, is_frozen
from governance.models import Decision
from tests.cms.factories import board_body, chair_login, edit, publish, report
from tests.governance.factories import decision as make_decision
from tests.membership.factories import BodyFactory, MembershipFactory

D = datetime.date
pytestmark = pytest.mark.django_db

DECISIONS = [("decisions", {"body": "", "title": ""})]


def text_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


def test_a_published_report_keeps_the_records_as_they_were_when_it_was_published(client, board):
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    page = publish(report(board, DECISIONS), by=chair_login(board))
    assert "Eligibility criteria agreed" in text_of(client, page)

    # Later, the record is corrected, another decision of the period is recorded, and one
    # is restricted: the published report does not move.
    Decision.objects.filter(title="Eligibility criteria agreed").update(
        title="Eligibility criteria agreed (corrected)"
    )
    make_decision(board, title="Independent review endorsed", decided_on=D(2011, 7, 15))

    html = text_of(client, page)
    assert "Eligibility criteria agreed" in html
    assert "(corrected)" not in html
    assert "Independent review endorsed" not in html


def test_publishing_a_new_revision_takes_a_new_snapshot(client, board):
    chair = chair_login(board)
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    page = publish(report(board, DECISIONS), by=chair)
    first = page.live_revision_id
    make_decision(board, title="Independent review endorsed", decided_on=D(2011, 7, 15))

    edit(page, DECISIONS + [("prose", "<p>Added a paragraph.</p>")])
    page = publish(page, by=chair)

    assert page.live_revision_id != first
    html = text_of(client, page)
    assert "Independent review endorsed" in html
    assert "Added a paragraph." in html
    assert is_frozen(page.live_revision)


def test_the_snapshot_is_kept_in_the_published_revision_itself(board):
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    page = publish(report(board, DECISIONS), by=chair_login(board))

    stored = json.loads(page.live_revision.content["body"])
    snapshot = stored[0]["value"]["snapshot"]
    assert snapshot["revision"] == page.live_revision_id
    assert snapshot["data"]["rows"][0]["title"] == "Eligibility criteria agreed"
    # The page's own row carries the same, so the public page reads no revision.
    assert json.loads(json.dumps(page.body.raw_data[0]["value"]["snapshot"])) == snapshot


def test_a_preview_shows_live_data_and_the_published_page_its_snapshot(client, board):
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    page = publish(report(board, DECISIONS), by=chair_login(board))
    make_decision(board, title="Independent review endorsed", decided_on=D(2011, 7, 15))

    preview = page.make_preview_request().content.decode()
    live = text_of(client, page)

    assert "Independent review endorsed" in preview
    assert "these figures are frozen when the report is published" in preview
    assert "Independent review endorsed" not in live


def test_freezing_a_revision_twice_keeps_the_first_snapshot(board):
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    page = report(board, DECISIONS)
    revision = page.get_latest_revision()
    assert freeze_revision(revision)
    make_decision(board, title="Independent review endorsed", decided_on=D(2011, 7, 15))

    assert not freeze_revision(revision)
    revision.refresh_from_db()
    assert "Independent review endorsed" not in revision.content["body"]


def test_a_scheduled_revision_is_frozen_when_it_goes_live_not_when_scheduled(board):
    page = report(board, DECISIONS, go_live_at=timezone.now() + datetime.timedelta(days=1))
    revision = page.get_latest_revision()
    revision.publish(user=chair_login(board))
    revision.refresh_from_db()
    assert not is_frozen(revision)


def test_the_editors_publish_button_freezes_the_revision_it_publishes(client, board):
    """The edit view publishes without calling ReportPage.publish(): the
    before_publish_page hook freezes the revision it has just saved."""
    page = report(board, [])
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    admin = User.objects.create_superuser("admin", "admin@example.org", "demo")
    client.force_login(admin)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "board": board.pk,
            "period_start": "2011-04-01",
            "period_end": "2012-03-31",
            "as_of": "2012-03-02",
            "author_name": "Pauline Dawson",
            "author_role": "Board Manager",
            "foreword": rich_text(""),
            "body": streamfield([("decisions", {"title": "", "start": "", "end": "", "body": ""})]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
        }
    )
    data["action-publish"] = "action-publish"

    response = client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProgressReportPage.objects.get(pk=page.pk)
    assert page.live and is_frozen(page.live_revision)
    assert page.body[0].value.snapshot["data"]["rows"][0]["title"] == "Eligibility criteria agreed"


def test_a_path_that_bypasses_publish_and_the_hook_is_frozen_after_the_event(board):
    """The admin API's publish action builds its own PublishPageRevisionAction: the
    page_published receiver freezes the revision, and the live page, after the fact."""
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    page = report(board, DECISIONS)
    revision = page.get_latest_revision()

    PublishPageRevisionAction(revision).execute(skip_permission_checks=True)

    page = ProgressReportPage.objects.get(pk=page.pk)
    revision.refresh_from_db()
    assert is_frozen(revision)
    assert page.body[0].value.snapshot["revision"] == revision.pk


def test_the_chairs_approval_publishes_the_report_frozen(client, board):
    chair = chair_login(board, username="boardchair")
    page = report(board, DECISIONS)
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Report approval"
    workflow.start(page, user=None)
    task_state = page.current_workflow_task_state

    client.force_login(chair)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )

    assert response.status_code in (200, 302)
    page = ProgressReportPage.objects.get(pk=page.pk)
    assert page.live
    assert is_frozen(page.live_revision)


def test_the_chair_of_another_body_cannot_approve_the_report(client, board):
    other_chair = chair_login(BodyFactory(), username="otherchair")
    page = report(board, DECISIONS)
    page.get_workflow().start(page, user=None)
    task_state = page.current_workflow_task_state
    MembershipFactory(body=board)  # a member, not the chair, of the report's board

    client.force_login(other_chair)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )

    assert response.status_code in (302, 403)
    assert not ProgressReportPage.objects.get(pk=page.pk).live


class CountBlock(LiveBlock):
    """A live block as the metric blocks will be written: collect data, present it."""

    def collect(self, value, report):
        return {"count": Decision.objects.count()}

    def present(self, data, *, block_id=""):
        return {**data, "drawn": f"<svg>{data['count']}</svg>"}


def test_a_new_live_block_needs_only_collect_and_present(board):
    block = CountBlock()
    report_context = ReportContext(D(2012, 3, 2), D(2011, 4, 1), D(2012, 3, 31), board.pk)
    frozen = block.normalize({"title": "", "snapshot": {"revision": 1, "data": {"count": 7}}})
    make_decision(board, title="One decision", decided_on=D(2011, 5, 18))

    published = block.get_context(frozen, {"report": report_context})
    preview = block.get_context(frozen, {"report": report_context, "report_live": True})

    assert published["data"] == {"count": 7, "drawn": "<svg>7</svg>"} and published["frozen"]
    assert preview["data"] == {"count": 1, "drawn": "<svg>1</svg>"} and not preview["frozen"]
    assert block.get_prep_value(frozen)["snapshot"]["data"] == {"count": 7}
