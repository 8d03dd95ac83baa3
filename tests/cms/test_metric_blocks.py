"""The performance blocks: a metric's latest figure, a metric's chart with its table, and an
audit's findings; frozen on publish like every live block, drawn again at render time from
the frozen data, on the page and in the PDF."""

from __future__ import annotations

import datetime
import html as html_lib
import io
import re

import pytest
from pypdf import PdfReader

from cms.blocks import AuditFindingsBlock, MetricChartBlock, MetricFigureBlock
from cms.blocks.base import audit_choices, metric_choices
from cms.pdf import report_html
from governance.models import Metric
from tests.cms.factories import board_body, chair_login, edit, publish, report
from tests.governance.performance_factories import MetricFactory, audit, monthly, revise

D = datetime.date
pytestmark = pytest.mark.django_db


def text_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


@pytest.fixture
def board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


@pytest.fixture
def metric():
    """Re-referrals, monthly: 31.0% in October 2011 falling to 27.4% in January 2012 (each
    reported on the 6th of the month after), against a target of 25% with amber to 28%."""
    metric = MetricFactory(name="Re-referrals within 12 months", slug="re-referrals")
    monthly(metric, D(2011, 10, 1), ["31.0", "29.8", "28.6", "27.4"])
    return metric


def figure_block(metric):
    return [("metric_figure", {"metric": str(metric.pk), "title": ""})]


def chart_block(metric):
    start, end = D(2011, 10, 1), D(2012, 3, 31)
    return [
        (
            "metric_chart",
            {"metric": str(metric.pk), "start": start, "end": end, "comparators": True},
        )
    ]


def test_a_metric_figure_shows_the_latest_figure_with_target_rag_and_direction(
    client, board, metric
):
    page = publish(report(board, figure_block(metric)), by=chair_login(board))
    html = text_of(client, page)

    assert "27.4%" in html and "January 2012" in html
    assert "25.0%" in html  # the target
    assert "Amber: near target" in html
    assert "Improving (down)" in html
    assert "revised" not in html


def test_a_published_figure_stays_as_published_and_a_new_revision_shows_the_revision(
    client, board, metric
):
    chair = chair_login(board)
    page = publish(report(board, figure_block(metric)), by=chair)
    assert "27.4%" in text_of(client, page)

    january = metric.values.get(period_start=D(2012, 1, 1), is_current=True)
    revise(january, "26.1", on=D(2012, 3, 1))

    html = text_of(client, page)
    assert "27.4%" in html and "26.1%" not in html and "revised" not in html

    edit(page, figure_block(metric))
    html = text_of(client, publish(page, by=chair))
    assert "26.1%" in html and "revised" in html
    assert "First reported" in html and "27.4%" in html


def test_a_metric_chart_draws_the_series_with_its_table_on_the_page_and_in_the_pdf(
    client, board, metric
):
    page = publish(report(board, chart_block(metric)), by=chair_login(board))
    html = text_of(client, page)

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert 'id="chart-re-referrals-201110-201201-' in html
    assert "Re-referrals within 12 months, October 2011 to January 2012" in html
    for figure in ("31.0%", "29.8%", "28.6%", "27.4%"):
        assert f"<td>{figure}" in html  # the table beside the chart
    assert "February 2012" not in html  # reported after the as-of date

    assert "<svg" in report_html(page, live=False)
    response = client.get(f"{page.url}pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Re-referrals within 12 months" in text and "27.4%" in text


def test_two_charts_of_the_same_figures_keep_their_ids_apart(client, board, metric):
    """Every element id in the page and its PDF's HTML is unique, so each caption and table
    names its own chart."""
    chosen = audit(board, findings=[("Referrals considered inappropriate", 25, 5, 20)])
    twice = [("audit_findings", {"audit": str(chosen.pk), "recommendations": False})] * 2
    page = publish(report(board, chart_block(metric) * 2 + twice), by=chair_login(board))
    for html in (text_of(client, page), report_html(page, live=False)):
        ids = re.findall(r'\sid="([^"]+)"', html)
        charts = [i for i in ids if i.startswith("chart-")]
        assert len(charts) >= 4
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_chart_is_drawn_from_the_frozen_data_after_a_revision(client, board, metric):
    page = publish(report(board, chart_block(metric)), by=chair_login(board))
    revise(
        metric.values.get(period_start=D(2011, 12, 1), is_current=True), "30.5", on=D(2012, 2, 1)
    )

    html = text_of(client, page)
    assert "30.5%" not in html and "28.6%" in html
    block = page.body[0]
    assert block.value.snapshot["data"]["points"][2]["value"] == "28.60"


def test_audit_findings_show_the_percentages_the_bars_and_the_recommendations(client, board):
    chosen = audit(
        board,
        findings=[
            ("Referrals considered inappropriate", 25, 5, 20),
            ("Cases that were re-referrals", 46, None, None),
            ("Cases in which the child was consulted", 10, 2, 20),
            ("Cases in which the parents were consulted", 50, 10, 20),
        ],
        recommendations=[("1", "Reinforce a common understanding of thresholds.", None, None)],
    )
    body = [("audit_findings", {"audit": str(chosen.pk), "recommendations": True})]
    html = text_of(client, publish(report(board, body), by=chair_login(board)))

    assert f'id="chart-audit-{chosen.pk}-' in html
    for shown in ("25%", "46%", "10%", "50%"):
        assert shown in html
    assert "5 of 20" in html
    assert "Reinforce a common understanding of thresholds." in html


def test_restricted_metrics_and_audits_are_not_offered_and_are_refused(board, metric):
    hidden = MetricFactory(name="Restricted measure", is_restricted=True)
    secret = audit(board, topic="Restricted audit", is_restricted=True)
    assert str(metric.pk) in dict(metric_choices())
    assert str(hidden.pk) not in dict(metric_choices())
    assert str(secret.pk) not in dict(audit_choices())

    for block, value in [
        (MetricFigureBlock(), {"metric": str(hidden.pk)}),
        (MetricChartBlock(), {"metric": str(hidden.pk), "comparators": True}),
        (AuditFindingsBlock(), {"audit": str(secret.pk), "recommendations": True}),
    ]:
        with pytest.raises(Exception, match="Validation"):
            block.clean(block.to_python(value))


def test_a_metric_restricted_after_choosing_it_does_not_show(client, board, metric):
    page = report(board, figure_block(metric))
    Metric.objects.filter(pk=metric.pk).update(is_restricted=True)
    html = text_of(client, publish(page, by=chair_login(board)))
    assert "27.4%" not in html and "restricted" in html
