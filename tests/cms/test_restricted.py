"""Restricted records never reach a report: not the published page, not its PDF, not the
snapshot in its revision, not even the business unit's preview."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from django.contrib.auth.models import User

from cms.selectors import EVERY_BODY
from governance import services
from tests.cms.factories import board_body, chair_login, publish, report
from tests.governance.factories import AgendaItemFactory, MeetingFactory, at
from tests.governance.factories import action as make_action
from tests.governance.factories import challenge as make_challenge
from tests.governance.factories import decision as make_decision
from tests.governance.factories import risk as make_risk
from tests.membership.factories import PersonFactory

D = datetime.date
pytestmark = pytest.mark.django_db

SECRETS = [
    "Child K placement decision",
    "Child K item decision",
    "Suspend the named social worker",
    "Allegation against a foster carer",
    "Disclosure of the Child K chronology",
]
PUBLIC = [
    "Eligibility criteria agreed",
    "Circulate the eligibility criteria",
    "Quality assurance risk",
]

EVERYTHING = [
    ("decisions", {"body": EVERY_BODY}),
    ("actions", {"body": EVERY_BODY, "list_overdue": True}),
    ("challenges", {"body": EVERY_BODY}),
    ("risks", {"body": EVERY_BODY}),
]


@pytest.fixture
def board_with_secrets():
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    owner = PersonFactory()
    item = AgendaItemFactory(
        meeting=MeetingFactory(body=board, start=at(D(2011, 9, 16))),
        title="Serious case review: Child K",
        is_restricted=True,
    )
    public_item = AgendaItemFactory(meeting=item.meeting, title="Thresholds")
    sub_item = AgendaItemFactory(meeting=item.meeting, parent=item, title="Child K: chronology")
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    make_decision(
        board, title="Child K placement decision", decided_on=D(2011, 9, 1), is_restricted=True
    )
    make_decision(
        board,
        title="Child K item decision",
        decided_on=D(2011, 9, 16),
        meeting=item.meeting,
        agenda_item=sub_item,
    )
    make_action(
        board,
        owner,
        description="Circulate the eligibility criteria",
        raised_on=D(2011, 6, 1),
        due_date=D(2011, 9, 30),
        meeting=item.meeting,
        agenda_item=public_item,
    )
    make_action(
        board,
        owner,
        description="Suspend the named social worker",
        raised_on=D(2011, 9, 16),
        due_date=D(2011, 10, 1),
        meeting=item.meeting,
        agenda_item=item,
    )
    make_challenge(board, issue="QEF data incomplete", raised_on=D(2012, 1, 25))
    secret = make_challenge(
        board,
        issue="Allegation against a foster carer",
        raised_on=D(2011, 10, 1),
        response_due=None,
        is_restricted=True,
    )
    services.challenge_record_response(
        actor=None, challenge=secret, text="Handled.", received_on=D(2011, 10, 10)
    )
    services.challenge_close(
        actor=None,
        challenge=secret,
        outcome="Disclosure of the Child K chronology",
        impact="Placement moved.",
        closed_on=D(2011, 11, 1),
    )
    make_risk(board, title="Quality assurance risk", opened_on=D(2012, 2, 15))
    make_risk(board, title="Child K placement risk", opened_on=D(2012, 2, 15), is_restricted=True)
    return board


def test_a_published_report_shows_public_records_and_never_restricted_ones(
    client, board_with_secrets
):
    page = publish(report(board_with_secrets, EVERYTHING), by=chair_login(board_with_secrets))

    html = client.get(page.url).content.decode()
    stored = page.live_revision.content["body"]

    for text in PUBLIC:
        assert text in html
    for text in [*SECRETS, "Child K placement risk"]:
        assert text not in html
        assert text not in stored
    # Counts leave them out too: one public challenge, one public action overdue.
    challenges = page.body[2].value.snapshot["data"]
    actions = page.body[1].value.snapshot["data"]
    assert (challenges["total"], challenges["closed"]) == (1, [])
    # ...but the reader is told something was withheld, without a word of what.
    assert challenges["withheld"] == 1
    assert "1 restricted challenge is not shown." in html
    assert (actions["total"], actions["overdue_count"]) == (1, 1)


def test_even_the_business_units_preview_leaves_restricted_records_out(
    client, business_unit_user, board_with_secrets
):
    page = report(board_with_secrets, EVERYTHING)
    admin = User.objects.create_superuser("admin", "admin@example.org", "demo")
    client.force_login(admin)

    preview = page.make_preview_request().content.decode()

    assert "Eligibility criteria agreed" in preview
    for text in SECRETS:
        assert text not in preview


def test_the_pdf_of_a_report_leaves_restricted_records_out(client, board_with_secrets):
    page = publish(report(board_with_secrets, EVERYTHING), by=chair_login(board_with_secrets))

    response = client.get(f"{page.url}pdf/")

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert "Eligibility criteria agreed" in text
    for secret in SECRETS:
        assert secret not in text
