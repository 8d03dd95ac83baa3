"""The minutes as a PDF: it opens, is titled and tagged in British English, has the page's
headings as its outline and page numbers on every page, and holds what the reader may see."""

import io

import pikepdf
import pytest
from pypdf import PdfReader

from django.test import Client

from .minutes_factories import PUBLIC_MINUTE, PUBLIC_TITLE, approved, drafted, minutes_scene

pytestmark = pytest.mark.django_db


def _outline(pdf: pikepdf.Pdf) -> list[str]:
    titles = []

    def walk(items):
        for entry in items:
            titles.append(str(entry.title))
            walk(entry.children)

    with pdf.open_outline() as outline:
        walk(outline.root)
    return titles


def test_the_approved_minutes_pdf_opens_with_its_headings_for_the_public():
    scene = minutes_scene()
    approved(scene)

    response = Client().get(f"/meetings/{scene.meeting.pk}/minutes.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="kscb-2011-07-15-minutes.pdf"'
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        outline = _outline(pdf)
        assert (
            str(pdf.docinfo["/Title"]) == "Minutes: Kent Safeguarding Children Board, 15 July 2011"
        )
        assert str(pdf.Root.Lang) == "en-GB"
        assert "/StructTreeRoot" in pdf.Root  # tagged, for screen readers
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert outline[:3] == ["Minutes", "Attendance", "Present"]
    assert "Items" in outline and f"3 {PUBLIC_TITLE}" in outline
    assert "4 Restricted item" in outline
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert PUBLIC_MINUTE in " ".join(" ".join(pages).split())
    assert all(f"Page {n} of {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert "Child K" not in " ".join(pages)


def test_draft_minutes_print_for_the_chair_marked_not_for_publication():
    scene = minutes_scene()
    drafted(scene)
    client = Client()
    client.force_login(scene.chair)

    response = client.get(f"/meetings/{scene.meeting.pk}/minutes.pdf")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].endswith('-draft-minutes.pdf"')
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "not yet approved. Not for publication." in " ".join(text.split())
    assert "Child K" in text
    assert Client().get(f"/meetings/{scene.meeting.pk}/minutes.pdf").status_code == 404
