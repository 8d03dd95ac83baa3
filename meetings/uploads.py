"""Checking an uploaded paper before anything is stored.

A paper must be a real PDF (judged by its content, never its name), within the size limit,
not encrypted, complete, and within the page limit. Each refusal is a ValidationError on the
`file` field that says what is wrong and what to do about it, in words a clerk can act on.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from dataclasses import dataclass

import pikepdf

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

# The PDF header may sit anywhere in the first 1024 bytes (ISO 32000-1, annex H.3, note 13),
# and readers accept it there, so we do too.
HEADER_WINDOW = 1024
# A complete PDF ends with %%EOF; writers may add a line ending or a little padding after it.
TRAILER_WINDOW = 1024
CHUNK = 1024 * 1024

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 2000

FIELD = "file"
SAVE_AS_PDF = "Save it as PDF and upload it again."


@dataclass(frozen=True)
class CheckedPdf:
    """What we learnt about an acceptable upload while checking it."""

    size: int
    sha256: str
    page_count: int
    original_filename: str


def max_upload_bytes() -> int:
    return getattr(settings, "PAPER_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pages() -> int:
    return getattr(settings, "PAPER_MAX_PAGES", DEFAULT_MAX_PAGES)


def refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: message}, code="invalid_pdf")


def human_size(size: int) -> str:
    """A size as people say it: "512 KB", "4.2 MB", "25 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def original_name(file: File) -> str:
    """The name the file had on the uploader's computer, without any folder; kept to show
    people what they uploaded, never used to store or serve it."""
    name = (getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:255] or "paper.pdf"


def _ole_kind(head: bytes) -> str:
    # Old Office files are OLE2 compound files; the stream names are in UTF-16 near the start.
    for marker, kind in (
        ("WordDocument", "a Word document"),
        ("Workbook", "an Excel spreadsheet"),
        ("Book", "an Excel spreadsheet"),
        ("PowerPoint Document", "a PowerPoint presentation"),
        ("__substg1.0_", "an Outlook email"),
    ):
        if marker.encode("utf-16-le") in head:
            return kind
    return "an older Microsoft Office file"


def _zip_kind(file: File) -> str:
    file.seek(0)
    try:
        names = zipfile.ZipFile(file).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a zip archive"
    for prefix, kind in (
        ("word/", "a Word document"),
        ("xl/", "an Excel spreadsheet"),
        ("ppt/", "a PowerPoint presentation"),
    ):
        if any(name.startswith(prefix) for name in names):
            return kind
    if "mimetype" in names or "content.xml" in names:
        return "an OpenDocument file (LibreOffice)"
    return "a zip archive"


def describe_content(head: bytes, file: File) -> str | None:
    """What a non-PDF file most likely is, judged by its first bytes, for the refusal."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(head)
    signatures = (
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"{\\rtf", "a Rich Text (RTF) document"),
    )
    for signature, kind in signatures:
        if head.startswith(signature):
            return kind
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    if text.startswith(b"<?xml"):
        return "an XML file"
    if b"\x00" in head:
        return None
    try:
        # Incremental, so a character cut in two by the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return "a plain text file"


def _digest(file: File) -> tuple[int, str]:
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _tail(file: File, size: int) -> bytes:
    file.seek(max(size - TRAILER_WINDOW, 0))
    return file.read(TRAILER_WINDOW)


def _source(file: File):
    """Something pikepdf can open without a second copy in memory: the temporary file of a
    large upload, else the underlying binary stream."""
    if hasattr(file, "temporary_file_path"):
        return file.temporary_file_path()
    file.seek(0)
    inner = getattr(file, "file", None)
    if inner is not None and hasattr(inner, "seek"):
        inner.seek(0)
        return inner
    return io.BytesIO(file.read())


def _count_pages(file: File) -> int:
    try:
        with pikepdf.open(_source(file)) as pdf:
            if pdf.is_encrypted:
                raise refuse(
                    "This PDF is encrypted (it has security settings that restrict printing, "
                    "copying or editing), so it cannot go into the papers pack. Save a copy with "
                    "no security settings (“Remove security” in your PDF program) and upload "
                    "that."
                )
            pages = len(pdf.pages)
            # Reading every page's size resolves each page object: a damaged page tree fails
            # here, now, rather than when someone builds the pack.
            for page in pdf.pages:
                page.mediabox  # noqa: B018 - accessed for its check, not its value
    except pikepdf.PasswordError as protected:
        raise refuse(
            "This PDF is protected by a password. Save a copy without the password and upload that."
        ) from protected
    except (pikepdf.PdfError, ValueError, KeyError, TypeError) as damaged:
        raise refuse(
            "This PDF is damaged and cannot be opened. Open it on your computer, save or export "
            "it as PDF again, and upload the new file."
        ) from damaged
    return pages


def check_pdf(file: File) -> CheckedPdf:
    """Check an upload and return its facts, or raise ValidationError({"file": …}).

    Reads the file but stores nothing, so a refusal leaves no trace.
    """
    limit = max_upload_bytes()
    size = file.size
    if size is None:
        size, _ = _digest(file)
    if size == 0:
        raise refuse("This file is empty. Choose the PDF again and upload it.")
    # Checked first and by the declared size, so an oversized file is never read through.
    if size > limit:
        raise refuse(
            f"This file is {human_size(size)}; the largest paper Tabled accepts is "
            f"{human_size(limit)}. Make it smaller (for example, save it again with smaller "
            "images) or split it into two papers, and upload it again."
        )
    file.seek(0)
    head = file.read(HEADER_WINDOW)
    if b"%PDF-" not in head:
        kind = describe_content(head, file)
        if kind:
            raise refuse(f"This file is not a PDF: it looks like {kind}. {SAVE_AS_PDF}")
        raise refuse(f"This file is not a PDF, whatever its name says. {SAVE_AS_PDF}")
    size, sha256 = _digest(file)
    if size > limit:
        raise refuse(
            f"This file is {human_size(size)}; the largest paper Tabled accepts is "
            f"{human_size(limit)}. Make it smaller or split it, and upload it again."
        )
    if b"%%EOF" not in _tail(file, size):
        # Readers can often rebuild a PDF whose end is missing, but the pages after the cut
        # are lost: an upload that stopped half way must not become the paper of record.
        raise refuse(
            "This PDF is incomplete: its end is missing, perhaps because it did not finish "
            "saving or downloading. Save or export it as PDF again and upload the new file."
        )
    pages = _count_pages(file)
    if pages == 0:
        raise refuse("This PDF has no pages. Check you chose the right file and upload it again.")
    if pages > max_pages():
        raise refuse(
            f"This PDF has {pages:,} pages; the most Tabled accepts in one paper is "
            f"{max_pages():,}. Split it into smaller papers and upload them separately."
        )
    file.seek(0)
    return CheckedPdf(
        size=size, sha256=sha256, page_count=pages, original_filename=original_name(file)
    )
