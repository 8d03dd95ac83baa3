"""The minutes as a PDF: it opens, is titled and tagged in British English, has the page's
headings as its outline and page numbers on every page, and holds what the reader may see."""

import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from django.conf import settings
from django.test import Client

from governance import services
from meetings.models import AgendaItem

from .minutes_factories import (
    PUBLIC_MINUTE,
    PUBLIC_TITLE,
    RESTRICTED_MINUTE,
    approved,
    drafted,
    minutes_scene,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _kept(meeting) -> list[Path]:
    """The PDFs kept for the meeting's minutes on the private storage."""
    return sorted((Path(settings.PRIVATE_MEDIA_ROOT) / "minutes" / str(meeting.pk)).glob("*.pdf"))


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
    # Drafts change from one request to the next: nothing is kept of them.
    assert _kept(scene.meeting) == []


def test_approved_minutes_are_made_once_for_each_audience_and_kept():
    scene = minutes_scene()
    approved(scene)
    url = f"/meetings/{scene.meeting.pk}/minutes.pdf"

    first = Client().get(url)
    [kept] = _kept(scene.meeting)
    made = kept.stat()
    second = Client().get(url)

    # The second reader is sent the file made for the first: not made again (a new file
    # would have a new inode), nor a second file kept beside it.
    assert second.content == first.content == kept.read_bytes()
    assert _kept(scene.meeting) == [kept]
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert RESTRICTED_MINUTE not in _text(second)
    # Members have their own copy, with the restricted item, kept beside the public one.
    member = Client()
    member.force_login(scene.member)
    assert RESTRICTED_MINUTE in _text(member.get(url))
    assert len(_kept(scene.meeting)) == 2
    assert member.get(url)["Cache-Control"] == "private, no-store"
    assert Client().get(url).content == first.content


def test_restricting_a_decision_in_approved_minutes_makes_a_pdf_without_it():
    scene = minutes_scene()
    item = AgendaItem.objects.get(meeting=scene.meeting, title=PUBLIC_TITLE)
    decision = services.decision_record(
        actor=scene.business_unit,
        body=scene.body,
        agenda_item=item,
        title="Thresholds document adopted",
        text="The Board adopted the revised thresholds document.",
    )
    approved(scene)
    url = f"/meetings/{scene.meeting.pk}/minutes.pdf"
    assert "Thresholds document adopted" in _text(Client().get(url))
    [before] = _kept(scene.meeting)

    decision.is_restricted = True
    services.decision_save(
        actor=scene.business_unit, decision=decision, reason="It names a family."
    )
    restricted = _text(Client().get(url))

    assert "Thresholds document adopted" not in restricted
    assert PUBLIC_MINUTE in restricted
    [after] = _kept(scene.meeting)
    assert after != before and not before.exists()

    decision.is_restricted = False
    services.decision_save(actor=scene.business_unit, decision=decision, reason="Anonymised.")
    assert "Thresholds document adopted" in _text(Client().get(url))
