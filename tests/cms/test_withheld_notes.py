"""A live block that leaves restricted records out says how many it left out, and nothing
else about them ("1 restricted decision is not shown"), on the published page and in its PDF;
its queries do not grow with the records it reads."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.blocks import ActionsBlock, ChallengesBlock, DecisionsBlock, RisksBlock
from cms.selectors import ReportContext
from governance import services
from governance.models import ActionStatus, RiskStatus
from tests.cms.factories import AS_OF, PERIOD, board_body, chair_login, publish, report
from tests.governance.factories import AgendaItemFactory, MeetingFactory, at
from tests.governance.factories import action as make_action
from tests.governance.factories import challenge as make_challenge
from tests.governance.factories import decision as make_decision
from tests.governance.factories import risk as make_risk
from tests.membership.factories import BodyFactory, PersonFactory

D = datetime.date
pytestmark = pytest.mark.django_db

BLOCKS = [
    ("decisions", {"body": ""}),
    ("actions", {"body": "", "list_overdue": True}),
    ("challenges", {"body": ""}),
    ("risks", {"body": ""}),
]
NOTES = [
    "3 restricted decisions are not shown.",
    "1 restricted action is not shown.",
    "1 restricted challenge is not shown.",
    "2 restricted risks are not shown.",
]
PUBLIC = [
    "Eligibility criteria agreed",
    "Circulate the eligibility criteria",
    "Quality assurance risk",
]
SECRETS = [
    "Child K placement decision",
    "Child K item decision",
    "Child K chronology decision",
    "Serious case review",
    "Suspend the named social worker",
    "Allegation against a foster carer",
    "Child K placement risk",
    "Foster carer capacity risk",
]
NOTE = re.compile(r'<p class="table-note withheld-note">([^<]*)</p>')


def restricted_risk_closed_on(board, day: datetime.date):
    """A restricted risk whose history says it was closed on `day`."""
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
    ):
        risk = make_risk(
            board, title="Closed before the day", opened_on=D(2011, 6, 1), is_restricted=True
        )
        risk.status = RiskStatus.CLOSED
        services.risk_save(actor=None, risk=risk)


@pytest.fixture
def board():
    """A board with public and restricted records of each kind, and restricted records each
    block must not count: outside its period, its body or its as-of date."""
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    other = BodyFactory(name="Kent Safeguarding Adults Board")
    owner = PersonFactory()
    meeting = MeetingFactory(body=board, start=at(D(2011, 9, 16)))
    item = AgendaItemFactory(meeting=meeting, title="Serious case review", is_restricted=True)
    sub_item = AgendaItemFactory(meeting=meeting, parent=item, title="Child K: chronology")

    # Decisions: restricted itself, on a restricted item, on a sub-item of one.
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    make_decision(
        board, title="Child K placement decision", decided_on=D(2011, 9, 1), is_restricted=True
    )
    for title, on_item in [
        ("Child K item decision", item),
        ("Child K chronology decision", sub_item),
    ]:
        make_decision(
            board, title=title, decided_on=D(2011, 9, 16), meeting=meeting, agenda_item=on_item
        )
    make_decision(board, title="Before the period", decided_on=D(2011, 3, 1), is_restricted=True)
    make_decision(other, title="Another body's", decided_on=D(2011, 9, 1), is_restricted=True)

    make_action(
        board,
        owner,
        description="Circulate the eligibility criteria",
        raised_on=D(2011, 6, 1),
        due_date=D(2011, 9, 30),
    )
    make_action(
        board,
        owner,
        description="Suspend the named social worker",
        raised_on=D(2011, 9, 16),
        due_date=D(2011, 10, 1),
        is_restricted=True,
    )
    closed = make_action(
        board, owner, raised_on=D(2010, 6, 1), due_date=D(2010, 9, 1), is_restricted=True
    )
    services.action_update(
        actor=None,
        action=closed,
        text="Done.",
        update_date=D(2010, 8, 1),
        new_status=ActionStatus.DONE,
    )
    make_action(board, owner, raised_on=D(2012, 3, 10), due_date=D(2012, 6, 1), is_restricted=True)

    make_challenge(board, issue="QEF data incomplete", raised_on=D(2012, 1, 25))
    make_challenge(
        board,
        issue="Allegation against a foster carer",
        raised_on=D(2011, 10, 1),
        is_restricted=True,
    )
    make_challenge(board, raised_on=D(2012, 3, 20), response_due=None, is_restricted=True)

    make_risk(board, title="Quality assurance risk", opened_on=D(2012, 2, 15))
    make_risk(board, title="Child K placement risk", opened_on=D(2012, 1, 1), is_restricted=True)
    # Closed today, long after the as-of date: it was on that day's register.
    still_open = make_risk(
        board, title="Foster carer capacity risk", opened_on=D(2011, 6, 1), is_restricted=True
    )
    still_open.status = RiskStatus.CLOSED
    services.risk_save(actor=None, risk=still_open)
    restricted_risk_closed_on(board, D(2011, 12, 1))
    make_risk(board, title="Opened later", opened_on=D(2012, 4, 1), is_restricted=True)
    return board


def flat(text: str) -> str:
    return " ".join(text.split())


def test_each_block_says_how_many_restricted_records_it_left_out_and_nothing_more(client, board):
    page = publish(report(board, BLOCKS), by=chair_login(board))

    html = client.get(page.url).content.decode()

    assert NOTE.findall(html) == NOTES
    assert [child.value.snapshot["data"]["withheld"] for child in page.body] == [3, 1, 1, 2]
    stored = str(page.live_revision.content["body"])
    for text in PUBLIC:
        assert text in html
    for text in SECRETS:
        assert text not in html
        assert text not in stored


def test_the_pdf_carries_the_same_notes(client, board):
    page = publish(report(board, BLOCKS), by=chair_login(board))

    response = client.get(f"{page.url}pdf/")

    assert response.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = flat(" ".join(p.extract_text() for p in pdf.pages))
    positions = [text.find(note) for note in NOTES]
    assert -1 not in positions, text
    assert positions == sorted(positions), "each note sits with its own block"
    for secret in SECRETS:
        assert secret not in text


def test_a_block_that_withheld_nothing_has_no_note(client):
    board = board_body()
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    make_action(board, raised_on=D(2011, 6, 1), due_date=D(2011, 9, 30))
    make_challenge(board, raised_on=D(2012, 1, 25))
    make_risk(board, opened_on=D(2012, 2, 15))
    page = publish(report(board, BLOCKS), by=chair_login(board))

    html = client.get(page.url).content.decode()

    assert "Eligibility criteria agreed" in html
    assert NOTE.findall(html) == []
    assert "restricted" not in html


def add_rows(board, n: int) -> None:
    """`n` more records of each kind, public and restricted, on a restricted item or not."""
    owner = PersonFactory()
    meeting = MeetingFactory(body=board, start=at(D(2011, 11, 16)))
    item = AgendaItemFactory(meeting=meeting, is_restricted=True)
    for i in range(n):
        restricted = i % 2 == 0
        make_decision(board, decided_on=D(2011, 11, 16), is_restricted=restricted)
        make_decision(board, decided_on=D(2011, 11, 16), meeting=meeting, agenda_item=item)
        action = make_action(
            board, owner, raised_on=D(2011, 7, 1), due_date=D(2012, 2, 1), is_restricted=restricted
        )
        services.action_update(
            actor=None, action=action, text="Under way.", update_date=D(2011, 8, 1)
        )
        make_challenge(board, raised_on=D(2011, 12, 1), is_restricted=restricted)
        risk = make_risk(board, opened_on=D(2011, 10, 1), is_restricted=restricted)
        services.risk_review(
            actor=None, risk=risk, likelihood=3, impact=3, reviewed_on=D(2011, 12, 1)
        )


@pytest.mark.parametrize(
    "block",
    [DecisionsBlock(), ActionsBlock(), ChallengesBlock(), RisksBlock()],
    ids=lambda block: type(block).__name__,
)
def test_the_count_costs_the_same_queries_however_many_records(block, board):
    context = ReportContext(
        as_of=AS_OF, period_start=PERIOD[0], period_end=PERIOD[1], board_id=board.pk
    )
    value = block.normalize({"body": ""})

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            data = block.collect(value, context)
        return len(captured), data["withheld"]

    few, withheld = queries()
    add_rows(board, 20)
    many, more_withheld = queries()

    assert many == few
    assert more_withheld > withheld
