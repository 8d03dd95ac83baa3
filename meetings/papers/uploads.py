"""Checking an uploaded paper before anything is stored.

A paper must be a real PDF (judged by its content, never its name), within the size limit,
not encrypted, complete, within the page limit, and free of compressed data that expands
out of all proportion (a decompression bomb). Each refusal is a ValidationError on the
`file` field that says what is wrong and what to do about it, in words a clerk can act on.

An acceptable PDF that carries active content (JavaScript, actions run on opening or on
other events, launch and form-submission actions, embedded files, XFA forms) or bytes of
another format around it (a polyglot) is rewritten without them: members open papers on
their own machines, and a board paper needs none of these. A clean PDF is stored byte for
byte as uploaded.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import pikepdf
from pypdf import PdfReader, apply_configuration
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from meetings.papers import bombs
from meetings.papers.active_content import FOREIGN, strip_active_content
from meetings.papers.sniffing import describe_content

# The PDF header may sit anywhere in the first 1024 bytes (ISO 32000-1, annex H.3, note 13),
# and readers accept it there, so we do too.
HEADER_WINDOW = 1024
# A complete PDF ends with %%EOF; writers may add a line ending or a little padding after it.
TRAILER_WINDOW = 1024
CHUNK = 1024 * 1024

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 2000
# What the compressed streams that Tabled itself decodes (page contents, forms, fonts,
# object and cross-reference streams) may expand to, in all. A long text-heavy paper
# comes to a few megabytes; a bomb expands to gigabytes from a few kilobytes.
DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024

FIELD = "file"
SAVE_AS_PDF = "Save it as PDF and upload it again."


@dataclass(frozen=True)
class CheckedPdf:
    """What we learnt about an acceptable upload while checking it. When the upload carried
    active content, `content` is the PDF rewritten without it (store that, not the upload),
    `removed` says what went, and size and sha256 are those of the rewritten file."""

    size: int
    sha256: str
    page_count: int
    original_filename: str
    content: bytes | None = None
    removed: tuple[str, ...] = field(default=())


def max_upload_bytes() -> int:
    return getattr(settings, "PAPER_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pages() -> int:
    return getattr(settings, "PAPER_MAX_PAGES", DEFAULT_MAX_PAGES)


def max_inflated_bytes() -> int:
    return getattr(settings, "PAPER_MAX_INFLATED_BYTES", DEFAULT_MAX_INFLATED_BYTES)


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


ENCRYPTED = (
    "This PDF is encrypted (it has security settings that restrict printing, copying or "
    "editing), so it cannot go into the papers pack. Save a copy with no security settings "
    "(“Remove security” in your PDF program) and upload that."
)
DAMAGED = (
    "This PDF is damaged and cannot be opened. Open it on your computer, save or export it as "
    "PDF again, and upload the new file."
)


def _bomb() -> ValidationError:
    return refuse(
        "This PDF contains compressed data that expands out of all proportion to its size, "
        "as files made to overload servers do, so it cannot be stored. Open it on your "
        "computer, print or export it to a new PDF, and upload that."
    )


def _prescan(file: File) -> PdfReader | None:
    """Read the cross-reference data and every object stream through pypdf, whose decoders
    stop at a limit, before qpdf reads them: qpdf inflates a stream whole, in memory, and
    the objects a PDF keeps in object streams (its catalogue and page tree, typically) are
    read before anything else. Returns None for an encrypted PDF, which is refused next."""
    limit = max_inflated_bytes()
    try:
        with apply_configuration(
            zlib_maximum_output_length=limit,
            lzw_maximum_output_length=limit,
            run_length_maximum_output_length=limit,
        ):
            try:
                reader = PdfReader(_source(file))
            except DependencyError:
                # pypdf tried the empty password on an AES-encrypted PDF: it has read the
                # cross-reference data, and the file is refused as encrypted next.
                return None
            if reader.is_encrypted:
                return None
            bombs.object_streams_size(reader, limit)
    except LimitReachedError as bomb:
        raise _bomb() from bomb
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as damaged:
        # What pypdf cannot read, Tabled cannot search, and qpdf must not be trusted to
        # read unchecked.
        raise refuse(DAMAGED) from damaged
    return reader


def _check_streams(pdf: pikepdf.Pdf) -> None:
    """Decode, within the budget, every stream something in Tabled decodes."""
    try:
        bombs.streams_size(pdf, max_inflated_bytes())
    except LimitReachedError as bomb:
        raise _bomb() from bomb


def _foreign_bytes(file: File, size: int) -> bool:
    """Whether the file holds more than the PDF: something before its header (readers skip
    up to a kilobyte) or after its last %%EOF. Such a file can be a PDF and, say, a web page
    or a zip at once, and be opened as the other by whatever trusts its bytes."""
    file.seek(0)
    if not file.read(HEADER_WINDOW).startswith(b"%PDF-"):
        return True
    tail = _tail(file, size)
    return bool(tail[tail.rfind(b"%%EOF") + len(b"%%EOF") :].strip(b"\r\n\t\x00 "))


@dataclass
class Inspection:
    pages: int
    removed: list[str]
    content: bytes | None


def _inspect(file: File, *, foreign: bool) -> Inspection:
    if _prescan(file) is None:
        _refuse_encrypted(file)
    try:
        with pikepdf.open(_source(file)) as pdf:
            if pdf.is_encrypted:
                raise refuse(ENCRYPTED)
            pages = len(pdf.pages)
            # Reading every page's size resolves each page object: a damaged page tree fails
            # here, now, rather than when someone builds the pack.
            for page in pdf.pages:
                page.mediabox  # noqa: B018 - accessed for its check, not its value
            if pages > max_pages():
                return Inspection(pages=pages, removed=[], content=None)
            _check_streams(pdf)
            removed = strip_active_content(pdf)
            if foreign:
                removed.append(FOREIGN)
            if not removed:
                return Inspection(pages=pages, removed=[], content=None)
            out = io.BytesIO()
            # Streams are copied as they are: nothing is decoded or re-encoded.
            pdf.save(
                out,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                deterministic_id=True,
            )
            return Inspection(pages=pages, removed=removed, content=out.getvalue())
    except pikepdf.PasswordError as protected:
        raise refuse(
            "This PDF is protected by a password. Save a copy without the password and upload that."
        ) from protected
    except (pikepdf.PdfError, ValueError, KeyError, TypeError) as damaged:
        raise refuse(DAMAGED) from damaged


def _refuse_encrypted(file: File) -> None:
    """An encrypted PDF is refused before qpdf reads any of its objects: opening it checks
    only the password."""
    try:
        with pikepdf.open(_source(file)):
            pass
    except pikepdf.PasswordError as protected:
        raise refuse(
            "This PDF is protected by a password. Save a copy without the password and upload that."
        ) from protected
    except pikepdf.PdfError as damaged:
        raise refuse(DAMAGED) from damaged
    raise refuse(ENCRYPTED)


def _check_bytes(file: File) -> tuple[int, str]:
    """The upload's size and SHA-256, once it is known to be a complete PDF within the size
    limit; refused otherwise."""
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
    return size, sha256


def check_pdf(file: File) -> CheckedPdf:
    """Check an upload and return its facts, or raise ValidationError({"file": …}).

    Reads the file but stores nothing, so a refusal leaves no trace.
    """
    size, sha256 = _check_bytes(file)
    inspection = _inspect(file, foreign=_foreign_bytes(file, size))
    pages = inspection.pages
    if pages == 0:
        raise refuse("This PDF has no pages. Check you chose the right file and upload it again.")
    if pages > max_pages():
        raise refuse(
            f"This PDF has {pages:,} pages; the most Tabled accepts in one paper is "
            f"{max_pages():,}. Split it into smaller papers and upload them separately."
        )
    file.seek(0)
    if inspection.content is not None:
        content = inspection.content
        return CheckedPdf(
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            page_count=pages,
            original_filename=original_name(file),
            content=content,
            removed=tuple(inspection.removed),
        )
    return CheckedPdf(
        size=size, sha256=sha256, page_count=pages, original_filename=original_name(file)
    )
