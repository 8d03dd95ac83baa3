"""One small, real PDF that every generated paper version points at: made once with
pikepdf (a page of Helvetica text a reader and a text extractor both understand) and
stored once, so twenty years of papers cost one file on disk."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

import pikepdf

from django.core.files.base import ContentFile

from meetings.storage import private_storage

SAMPLE_NAME = "papers/scale/sample.pdf"
LINES = (
    "Generated paper",
    "This file stands in for every paper of the generated twenty-year history.",
    "Each version's searchable text is kept with the version, as extraction would leave it.",
)


@dataclass(frozen=True)
class SamplePdf:
    name: str
    size: int
    sha256: str
    page_count: int


def sample_pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    text = " ".join(
        f"BT /F1 {14 if n == 0 else 11} Tf 72 {760 - 24 * n} Td ({line}) Tj ET"
        for n, line in enumerate(LINES)
    )
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(text.encode("ascii")),
        )
    )
    pdf.pages.append(page)
    buffer = BytesIO()
    # A fixed document id, so the file (and its checksum) is the same on every run.
    pdf.save(buffer, static_id=True, deterministic_id=False)
    return buffer.getvalue()


def store_sample_pdf() -> SamplePdf:
    """Store the sample once in private storage (reused when already there)."""
    data = sample_pdf_bytes()
    storage = private_storage()
    if not storage.exists(SAMPLE_NAME):
        storage.save(SAMPLE_NAME, ContentFile(data))
    return SamplePdf(
        name=SAMPLE_NAME,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=1,
    )
