"""The report editor reads the same queries whether a report holds 4 blocks or 40, live
blocks choosing bodies, plans and metrics among them."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.factories import board_body, report

pytestmark = pytest.mark.django_db

FEW, MANY = 1, 10
SECTION = [
    ("heading", {"text": "Workstream", "level": "h2"}),
    ("prose", "<p>Progress in the year.</p>"),
    ("decisions", {"body": "", "title": ""}),
    ("membership", {"body": "", "title": "", "layout": "members"}),
]


def editor(client, page) -> tuple[int, str]:
    url = f"/admin/pages/{page.pk}/edit/"
    client.get(url)  # warm what is kept per process (content types, sites, permissions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_report_editor_reads_the_same_queries_for_4_or_40_blocks(admin_client):
    board = board_body()
    few, html = editor(admin_client, report(board, SECTION * FEW))
    many, html_many = editor(admin_client, report(board, SECTION * MANY))

    assert many == few
    assert html_many.count("<option") == html.count("<option")
