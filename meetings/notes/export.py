"""A paper with its reader's notes, as a PDF of their own: each note becomes a real PDF
annotation on its page, so any PDF reader shows it where it was made. A highlight becomes a
Highlight annotation over the highlighted lines, with the note's text in its pop-up; a note
on a page with nothing highlighted becomes a Text annotation (a sticky note) in the page's
top left corner. The paper's own pages are untouched."""

from __future__ import annotations

import io
from collections.abc import Iterable

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Highlight, Popup, Text
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from meetings.models import PaperNote, PaperVersion

HIGHLIGHT_COLOUR = "ffe066"
STICKY_SIZE = 20
POPUP_WIDTH, POPUP_HEIGHT = 220, 120


def _bounds(rects: list[list[float]]) -> tuple[float, float, float, float]:
    xs = [x for rect in rects for x in (rect[0], rect[2])]
    ys = [y for rect in rects for y in (rect[1], rect[3])]
    return min(xs), min(ys), max(xs), max(ys)


def _quad_points(rects: list[list[float]]) -> ArrayObject:
    """Four corners per rectangle, in the order the PDF specification gives (12.5.6.10):
    top left, top right, bottom left, bottom right."""
    points = ArrayObject()
    for x1, y1, x2, y2 in rects:
        left, right, bottom, top = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        points.extend(FloatObject(n) for n in (left, top, right, top, left, bottom, right, bottom))
    return points


def _describe(note: PaperNote) -> str:
    if note.quote and note.text:
        return f"“{note.quote}”\n\n{note.text}"
    return note.text or f"“{note.quote}”"


def _annotate(writer: PdfWriter, note: PaperNote, author: str) -> None:
    page = writer.pages[note.page - 1]
    box = page.cropbox
    if note.rects:
        left, bottom, right, top = _bounds(note.rects)
        annotation = Highlight(
            rect=(left, bottom, right, top),
            quad_points=_quad_points(note.rects),
            highlight_color=HIGHLIGHT_COLOUR,
            printing=True,
        )
    else:
        left, top = float(box.left) + 8, float(box.top) - 8
        annotation = Text(rect=(left, top - STICKY_SIZE, left + STICKY_SIZE, top), text="")
        bottom, right = top - STICKY_SIZE, left + STICKY_SIZE
    annotation[NameObject("/Contents")] = TextStringObject(_describe(note))
    annotation[NameObject("/T")] = TextStringObject(author)
    added = writer.add_annotation(page_number=note.page - 1, annotation=annotation)
    popup_left = min(right + 4, float(box.right) - POPUP_WIDTH)
    popup = Popup(
        rect=(popup_left, top - POPUP_HEIGHT, popup_left + POPUP_WIDTH, top),
        parent=added,
    )
    writer.add_annotation(page_number=note.page - 1, annotation=popup)


def paper_with_notes(version: PaperVersion, notes: Iterable[PaperNote], *, author: str) -> bytes:
    """The version's PDF with the notes as annotations. Notes on pages the file does not
    have (none can be saved, but a file is only trusted so far) are left out."""
    with version.file.storage.open(version.file.name, "rb") as file:
        writer = PdfWriter(clone_from=PdfReader(file))
    for note in notes:
        if 1 <= note.page <= len(writer.pages):
            _annotate(writer, note, author)
    writer.add_metadata(
        {"/Subject": f"{version.paper.title}, version {version.number}, with the notes of {author}"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
