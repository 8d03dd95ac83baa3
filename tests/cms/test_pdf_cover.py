"""The report PDF's cover (logo, title, period, publication date, approval) and its charts:
each chart on the same page as its caption, every figure and table tagged."""

from __future__ import annotations

import datetime
import io

import pikepdf
import pytest
from pypdf import PdfReader

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.selectors.context import partnership_for_page
from tests.cms.factories import board_body, chair_login, publish, report
from tests.governance.performance_factories import MetricFactory, monthly

D = datetime.date
pytestmark = pytest.mark.django_db
PROSE = "<p>" + "The Board scrutinised the partnership's work in detail. " * 25 + "</p>"


def chart(metric, heading):
    return (
        "metric_chart",
        {
            "metric": str(metric.pk),
            "title": heading,
            "start": D(2011, 10, 1),
            "end": D(2012, 3, 31),
            "comparators": True,
        },
    )


def structure(root, role: str) -> list:
    """The structure elements of a role under `root`, in document order."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == pikepdf.Name(role):
                found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(root.K)
    return found


def test_the_cover_names_logo_period_publication_and_approval_and_charts_keep_captions(
    client,
):
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    metrics = []
    for n in range(4):
        metric = MetricFactory(name=f"Measure {n}", slug=f"measure-{n}")
        monthly(metric, D(2011, 10, 1), ["31.0", "29.8", "28.6", "27.4"])
        metrics.append(metric)
    body = []
    for n, metric in enumerate(metrics):
        body += [
            ("heading", {"text": f"Section {n}", "level": "h2"}),
            ("prose", PROSE),
            chart(metric, f"Chart heading {n}"),
        ]
    page = report(board, body)
    partnership = partnership_for_page(page)
    partnership.logo = get_image_model().objects.create(
        title="Logo", file=get_test_image_file(filename="logo.png")
    )
    partnership.save()
    chair = chair_login(board)
    name = chair.person.name
    page = publish(page, by=chair)

    response = client.get(f"{page.url}pdf/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    cover = pages[0]
    assert page.title in cover and "Kent Safeguarding Children Board" in cover
    assert page.period_label in cover.replace("\n", " ")
    assert "Published" in cover
    assert f"Approved by {name}, Chair, Kent Safeguarding Children Board, on" in cover.replace(
        "\n", " "
    )

    pdf = pikepdf.open(io.BytesIO(data))
    assert any(
        xobject.get("/Subtype") == "/Image"
        for xobject in pdf.pages[0].resources.get("/XObject", {}).values()
    ), "the logo is on the cover"
    # Each chart's caption is on the page its chart is drawn on.
    captions = []
    for n in range(len(metrics)):
        on = [i for i, text in enumerate(pages) if f"Chart heading {n}" in text and i > 1]
        assert len(on) == 1, n
        captions.append(on[0])
    # Every figure (the logo and each chart) has its text alternative; every table (each
    # chart's figures) its caption and header cells.
    figures = structure(pdf.Root.StructTreeRoot, "/Figure")
    assert len(figures) == len(metrics) + 1
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
    page_of = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    drawn_on = [page_of[figure.Pg.objgen] for figure in figures[1:]]
    assert drawn_on == captions
    tables = structure(pdf.Root.StructTreeRoot, "/Table")
    assert len(tables) == len(metrics)
    for table in tables:
        assert structure(table, "/Caption") and structure(table, "/TH")
