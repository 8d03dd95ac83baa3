"""Every report of a partnership shows its actions and plans in the partnership's RAG words
and colours, whichever of its bodies a block reads; another partnership's reports show its
own."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest

from cms.models import ReportIndexPage
from cms.selectors import EVERY_BODY
from governance import services
from membership import services as membership_services
from tests.cms.factories import board_body, chair_login, publish, report
from tests.governance.factories import (
    BodySettingsFactory,
    RagSchemeFactory,
    action,
    improvement_action,
    improvement_board_scheme,
    plan,
)
from tests.membership.factories import BodyFactory
from tests.partnerships import ADULTS_HOST, second_partnership

D = datetime.date
pytestmark = pytest.mark.django_db
KEY = re.compile(r'<span class="rag rag-(\w+)" aria-hidden="true"></span>([^<]+)</th>')


def published(board, blocks, **fields):
    return publish(report(board, blocks, **fields), by=chair_login(board))


def key_of(client, page, host: str = "testserver") -> list[tuple[str, str]]:
    response = client.get(urlsplit(page.full_url).path, HTTP_HOST=host)
    assert response.status_code == 200
    return KEY.findall(response.content.decode())


def test_two_bodies_of_one_partnership_show_one_key_in_every_report(client):
    board = board_body(name="Kent Safeguarding Children Board")
    improvement = BodyFactory(name="Improvement Board", parent=board)
    # The Improvement Board keeps its own month's warning; its words are the partnership's.
    BodySettingsFactory(body=improvement, at_risk_days=30)
    improvement_board_scheme(board.partnership)
    action(board, due_date=D(2012, 9, 30))
    action(improvement, due_date=D(2012, 3, 20))

    keys = [
        key_of(client, published(board, [("actions", {"body": choice})]))
        for choice in ("", str(improvement.pk), EVERY_BODY)
    ]

    assert keys[0] == keys[1] == keys[2]
    assert ("green", "Completed") in keys[0] and ("blue", "Suspended") in keys[0]
    assert ("grey", "Programmed") in keys[0]


def test_a_plan_block_speaks_its_reports_partnership_words(client):
    board = board_body()
    improvement_board_scheme(board.partnership)
    _plan, (objective,) = plan(BodyFactory(name="Improvement Board", parent=board))
    improvement_action(objective, due_date=D(2012, 6, 30))

    key = key_of(client, published(board, [("plan", {"plan": str(_plan.pk)})]))

    assert ("green", "Completed") in key and ("grey", "Programmed") in key


def test_another_partnerships_reports_show_its_own_scheme(client):
    kent = board_body(name="Kent Safeguarding Children Board")
    improvement_board_scheme(kent.partnership)
    adults = second_partnership()
    adults.board.active_from = D(2000, 1, 1)
    membership_services.body_save(actor=None, body=adults.board)
    RagSchemeFactory(partnership=adults, complete_label="Closed", complete_colour="purple")
    stopped = action(adults.board, due_date=D(2012, 9, 30))
    services.action_update(
        actor=None, action=stopped, text="Done", update_date=D(2012, 2, 1), new_status="done"
    )
    index = ReportIndexPage.objects.descendant_of(adults.site.root_page).get()

    theirs = key_of(
        client, published(adults.board, [("actions", {"body": ""})], index=index), ADULTS_HOST
    )
    ours = key_of(client, published(kent, [("actions", {"body": ""})]))

    assert ("purple", "Closed") in theirs and ("grey", "Not started") in theirs
    assert ("green", "Completed") in ours
    assert "Completed" not in dict(map(reversed, theirs))
