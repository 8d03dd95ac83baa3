"""The text of a PDF, for search.

pypdf rather than pdfminer.six: it is pure Python with no further dependencies, keeps up with
odd real-world PDFs, and its plain layout is all search needs. pikepdf (qpdf) reads and writes
PDF structure but does not extract text.

Every upload was checked for decompression bombs (meetings.papers.uploads), but files stored before
that check, or a check that missed something, must not hold a worker or its memory: pypdf
stops decoding any stream at a limit, and extraction stops at a deadline, keeping the text
read so far and saying why it stopped.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

logger = logging.getLogger(__name__)

# Comfortably inside the task's soft time limit (meetings.tasks), so extraction ends on its
# own terms and records why rather than being killed.
EXTRACTION_DEADLINE = 120
# No page's content stream in a real paper comes near this.
MAX_STREAM_BYTES = 64 * 1024 * 1024

READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError)


@dataclass(frozen=True)
class Extraction:
    text: str
    page_count: int | None
    # Empty when every page was read; else what went wrong, for the business unit.
    error: str = ""


def clean(text: str) -> str:
    # PostgreSQL text columns refuse NUL, which some PDFs' fonts map characters to.
    return text.replace("\x00", "").strip()


def extract_text(stream: BinaryIO, *, deadline: float = EXTRACTION_DEADLINE) -> Extraction:
    """The text of every page, pages separated by a form feed, and the page count.

    A page whose text cannot be read contributes nothing rather than failing the whole
    paper: the file was already accepted, and a search index with a gap beats none.
    """
    started = time.monotonic()
    with apply_configuration(
        zlib_maximum_output_length=MAX_STREAM_BYTES,
        lzw_maximum_output_length=MAX_STREAM_BYTES,
        run_length_maximum_output_length=MAX_STREAM_BYTES,
    ):
        try:
            reader = PdfReader(stream)
            page_count = len(reader.pages)
        except READ_ERRORS as error:
            logger.warning("No text from a paper: it could not be read (%s)", error)
            return Extraction(text="", page_count=None, error=f"The PDF could not be read: {error}")
        pages, skipped = [], []
        for number, page in enumerate(reader.pages, start=1):
            if time.monotonic() - started > deadline:
                return Extraction(
                    text="\f".join(pages).strip("\f"),
                    page_count=page_count,
                    error=f"Text extraction stopped after page {number - 1} of {page_count}: "
                    f"it took longer than {deadline:g} seconds.",
                )
            try:
                pages.append(clean(page.extract_text() or ""))
            except LimitReachedError:
                # A decompression bomb: pypdf stopped decoding it at MAX_STREAM_BYTES.
                logger.warning("No text from page %s of a paper: its content is too large", number)
                skipped.append(number)
                pages.append("")
            except READ_ERRORS:
                logger.warning("No text from page %s of a paper: it could not be read", number)
                skipped.append(number)
                pages.append("")
    error = ""
    if skipped:
        shown = ", ".join(str(n) for n in skipped[:10]) + (" …" if len(skipped) > 10 else "")
        error = f"The text of {len(skipped)} page(s) could not be read (pages {shown})."
    return Extraction(text="\f".join(pages).strip("\f"), page_count=page_count, error=error)
