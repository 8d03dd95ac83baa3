"""The text of a PDF, for search.

pypdf rather than pdfminer.six: it is pure Python with no further dependencies, keeps up with
odd real-world PDFs, and its plain layout is all search needs. pikepdf (qpdf) reads and writes
PDF structure but does not extract text.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)


def clean(text: str) -> str:
    # PostgreSQL text columns refuse NUL, which some PDFs' fonts map characters to.
    return text.replace("\x00", "").strip()


def extract_text(stream: BinaryIO) -> tuple[str, int]:
    """The text of every page, pages separated by a form feed, and the page count.

    A page whose text cannot be read contributes nothing rather than failing the whole
    paper: the file was already accepted, and a search index with a gap beats none.
    """
    reader = PdfReader(stream)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(clean(page.extract_text() or ""))
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
            logger.warning("No text from page %s of a paper: it could not be read", number)
            pages.append("")
    return "\f".join(pages).strip("\f"), len(reader.pages)
