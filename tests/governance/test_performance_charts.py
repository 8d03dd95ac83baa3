"""The server-drawn SVG charts: well-formed, labelled for assistive technology, readable
without colour, with a table of the same figures, and drawn by WeasyPrint as in a browser."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from governance.models import MetricUnit, PeriodKind, Polarity
from governance.performance.charts import metric_chart, metric_table, rag_counts_chart
from governance.performance.selectors import metric_latest_many, metric_rag_counts, metric_series
from governance.performance.svg import STYLES, Bar, Series, bar_chart, line_chart, table_rows

from .performance_factories import D, MetricFactory, monthly, record, revise

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["Jan 2012", "Feb 2012", "Mar 2012"]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own markup


def _chart(series, **kw):
    return line_chart(
        chart_id="chart-test",
        title="Children subject to a plan",
        description="Falling since January.",
        x_labels=kw.pop("x_labels", LABELS),
        series=series,
        **kw,
    )


def test_a_line_chart_is_well_formed_svg_with_title_desc_and_role():
    root = _parse(_chart([Series("Local figure", [3, 2, 1])]))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Children subject to a plan"
    assert desc.text == "Falling since January."
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert root.get("viewBox") and root.get("width") and root.get("height")


def test_each_series_is_one_path_with_its_own_dash_pattern_and_marker():
    series = [
        Series("Local figure", [40, 38, 36], "figure"),
        Series("England", [37, 37, 37.5], "england"),
        Series("Statistical neighbours", [31, 31.5, 31.5], "statistical_neighbours"),
        Series("Region", [33, 33, 33], "region"),
        Series("Target", [35, 35, 35], "target"),
    ]

    root = _parse(_chart(series))

    paths = root.findall(f".//{SVG}path")
    groups = root.findall(f".//{SVG}g[@class='series']")
    assert len(paths) == len(series) == len(groups)
    assert [g.get("data-series") for g in groups] == [s.name for s in series]
    dashes = [g.find(f"{SVG}path").get("stroke-dasharray") or "" for g in groups]
    assert len(set(dashes)) == len(series)
    markers = {STYLES[s.style].marker for s in series} - {""}
    assert len(markers) == 4
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for line in series:
        assert line.name in texts  # named in the legend
    assert "England" in texts and "Target" in texts  # and where each line ends


def test_a_missing_value_breaks_the_line():
    root = _parse(_chart([Series("Local figure", [3, None, 1, 2])], x_labels=[*LABELS, "Apr"]))

    path = root.find(f".//{SVG}path").get("d")
    assert path.count("M") == 2


def test_text_is_escaped():
    svg = _chart([Series("Police & <health>", [1, 2, 3])])

    root = _parse(svg)
    assert "Police & <health>" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_single_period_still_draws():
    root = _parse(_chart([Series("Local figure", [5])], x_labels=["Q3 2011/12"]))

    assert root.find(f".//{SVG}path").get("d").startswith("M")


def test_the_table_alternative_gives_every_value():
    header, rows = table_rows(LABELS, [Series("Local", [3, None, 1]), Series("England", [2, 2, 2])])

    assert header == ["Period", "Local", "England"]
    assert rows == [["Jan 2012", "3", "2"], ["Feb 2012", "–", "2"], ["Mar 2012", "1", "2"]]


def test_a_bar_chart_is_labelled_in_words():
    root = _parse(
        bar_chart(
            chart_id="bars",
            title="Findings",
            description="Four findings.",
            bars=[Bar("Inappropriate", 25, "25%"), Bar("Re-referrals", 46, "46%")],
            maximum=100,
        )
    )

    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Inappropriate", "25%", "Re-referrals", "46%"]
    assert root.find(f"{SVG}title").text == "Findings"


@pytest.mark.django_db
def test_a_metric_chart_and_table_show_comparators_target_and_revisions():
    metric = MetricFactory(
        name="CP plans per 10,000",
        unit=MetricUnit.RATE_PER_10000,
        polarity=Polarity.LOWER_IS_BETTER,
        period_kind=PeriodKind.MONTH,
        target=Decimal("35"),
    )
    record(metric, D(2012, 1, 1), "36.2", england=Decimal("37.8"))
    feb = record(metric, D(2012, 2, 1), "35.6", england=Decimal("37.8"))
    record(metric, D(2012, 3, 1), "35.0", england=Decimal("37.8"))
    revise(feb, "35.9", on=D(2012, 4, 10))
    points = metric_series(metric, as_of=D(2012, 4, 30))

    root = _parse(metric_chart(metric, points))
    header, rows = metric_table(metric, points)

    names = [g.get("data-series") for g in root.findall(f".//{SVG}g[@class='series']")]
    assert names == ["Local figure", "England", "Target"]
    assert "fell from 36.2 to 35.0" in root.find(f"{SVG}desc").text
    assert header == [
        "Period",
        "Local figure",
        "England",
        "Target",
        "RAG",
        "Direction of travel",
    ]
    assert rows[1].cells[:3] == ["February 2012", "35.9 (revised)", "37.8"]
    assert rows[1].revised and rows[1].original_display == "35.6"
    assert rows[2].cells[4:] == ["Green: on target", "Improving (down)"]
    assert metric_chart(metric, []) == ""


@pytest.mark.django_db
def test_rag_counts_as_a_bar_chart():
    for target in ("10", "50", None):
        metric = MetricFactory(
            target=None if target is None else Decimal(target),
            amber_within=None,
            polarity=Polarity.LOWER_IS_BETTER,
        )
        monthly(metric, D(2012, 1, 1), [20])

    counts = metric_rag_counts(metric_latest_many(list(metric.__class__.objects.all())))
    root = _parse(rag_counts_chart(counts))

    assert [(rag.label, count) for rag, count in counts] == [
        ("Red: off target", 1),
        ("Amber: near target", 0),
        ("Green: on target", 1),
        ("Not rated: no target", 1),
    ]
    assert "3 rated figures" in root.find(f"{SVG}desc").text


def test_weasyprint_draws_the_chart_in_a_pdf():
    svg = _chart(
        [
            Series("Local figure", [40, 38, 36]),
            Series("England", [37, 37, 37], "england"),
            Series("Target", [35, 35, 35], "target"),
        ]
    )
    html = f"<html><body><h1>Performance</h1><figure>{svg}</figure></body></html>"

    pdf = HTML(string=html).write_pdf()

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert pdf.startswith(b"%PDF")
    for words in ("Local figure", "England", "Target", "Mar 2012"):
        assert words in text
