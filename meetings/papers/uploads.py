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

import codecs
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Name, Stream
from pypdf import PdfReader, apply_configuration
from pypdf import filters as pypdf_filters
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from meetings.papers.active_content import FOREIGN, strip_active_content

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
# And no one stream expands past this many times its stored size once it is past
# INFLATION_FLOOR: text and drawing commands compress perhaps ten to one, a bomb a thousand
# to one, and this stops a bomb after megabytes rather than at the total.
MAX_INFLATION_RATIO = 100
INFLATION_FLOOR = 16 * 1024 * 1024
INFLATE_CHUNK = 4 * 1024 * 1024

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
        (b"MZ", "a Windows program"),
        (b"\x7fELF", "a program"),
        (b"\xca\xfe\xba\xbe", "a program"),
        (b"\xcf\xfa\xed\xfe", "a program"),
        (b"#!", "a script"),
        (b"\x1f\x8b", "a compressed (gzip) file"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
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
    if text.startswith(b"<svg") or (
        text.startswith((b"<?xml", b"<!doctype svg")) and b"<svg" in text
    ):
        return "an SVG image"
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


# ---------------------------------------------------------------------------
# Decompression bombs: every stream Tabled decodes is decoded here first, within a budget.
# ---------------------------------------------------------------------------
FLATE = {"/FlateDecode", "/Fl"}
# Filters whose output can be far larger than their input.
EXPANDING = FLATE | {"/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"}
OTHER_GENERAL = {
    "/LZWDecode": pypdf_filters.LZWDecode,
    "/LZW": pypdf_filters.LZWDecode,
    "/RunLengthDecode": pypdf_filters.RunLengthDecode,
    "/RL": pypdf_filters.RunLengthDecode,
    "/ASCII85Decode": pypdf_filters.ASCII85Decode,
    "/A85": pypdf_filters.ASCII85Decode,
    "/ASCIIHexDecode": pypdf_filters.ASCIIHexDecode,
    "/AHx": pypdf_filters.ASCIIHexDecode,
}


def _inflate(data: bytes, budget: int, *, keep: bool) -> tuple[int, bytes]:
    """Inflate zlib data a chunk at a time, stopping past `budget` bytes of output. Returns
    the size and, when `keep`, the data. A damaged stream counts as what inflated before the
    damage: readers show no more than that either."""
    inflater = zlib.decompressobj()
    size, kept, pending = 0, [], data
    try:
        while pending and not inflater.eof:
            chunk = inflater.decompress(pending, INFLATE_CHUNK)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if size > budget:
                raise LimitReachedError(f"Inflates past {budget} bytes")
            if keep:
                kept.append(chunk)
            if not chunk and pending:
                break
    except zlib.error:
        pass
    return size, b"".join(kept)


def _filter_names(value) -> list[str]:
    if isinstance(value, Array):
        return [str(item) for item in value if isinstance(item, Name)]
    if isinstance(value, Name):
        return [str(value)]
    return []


def _decoded_size(data: bytes, filters: list[str], budget: int) -> int:
    """What `data` decodes to through `filters`, raising LimitReachedError past `budget` or
    past MAX_INFLATION_RATIO times its size. Image codecs (DCT, JPX, CCITT, JBIG2) end the
    chain: Tabled never decodes images."""
    size = len(data)
    budget = min(budget, max(INFLATION_FLOOR, MAX_INFLATION_RATIO * size))
    for position, name in enumerate(filters):
        last = position == len(filters) - 1
        if name in FLATE:
            size, data = _inflate(data, budget, keep=not last)
        elif name in OTHER_GENERAL:
            with apply_configuration(
                lzw_maximum_output_length=budget + 1,
                run_length_maximum_output_length=budget + 1,
            ):
                try:
                    data = OTHER_GENERAL[name].decode(data)
                except LimitReachedError:
                    raise
                except (PyPdfError, ValueError, TypeError, IndexError):
                    return size
            size = len(data)
        else:
            return size
        if size > budget:
            raise LimitReachedError(f"Decodes past {budget} bytes")
    return size


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
            total = 0
            for number in sorted({stream for stream, _index in reader.xref_objStm.values()}):
                stream = reader.get_object(number)
                filters = stream.get("/Filter")
                if isinstance(filters, list):
                    names = [str(name) for name in filters]
                else:
                    names = [str(filters)] if filters else []
                total += _decoded_size(getattr(stream, "_data", b""), names, limit - total)
    except LimitReachedError as bomb:
        raise _bomb() from bomb
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as damaged:
        # What pypdf cannot read, Tabled cannot search, and qpdf must not be trusted to
        # read unchecked.
        raise refuse(DAMAGED) from damaged
    return reader


def _check_streams(pdf: pikepdf.Pdf) -> None:
    """Decode, within the budget, every stream something in Tabled decodes: text extraction
    reads page contents, forms, fonts and their maps; the pack copies each stream as it is,
    except that qpdf re-encodes a stream compressed twice. Images compressed once are left
    alone (nothing decodes them), and embedded files are removed before the paper is stored."""
    limit = max_inflated_bytes()
    total = 0
    try:
        for obj in pdf.objects:
            if not isinstance(obj, Stream):
                continue
            if obj.get("/Type") in (Name.EmbeddedFile, Name.ObjStm, Name.XRef):
                continue
            filters = _filter_names(obj.get("/Filter"))
            if not any(name in EXPANDING for name in filters):
                continue
            if obj.get("/Subtype") == Name.Image and sum(f in EXPANDING for f in filters) < 2:
                continue
            total += _decoded_size(obj.read_raw_bytes(), filters, limit - total)
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
