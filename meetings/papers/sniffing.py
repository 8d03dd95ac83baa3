"""What a file that is not a PDF most likely is, judged by its first bytes, so that the
refusal of an upload can say ("it looks like a Word document")."""

from __future__ import annotations

import codecs
import zipfile

from django.core.files import File


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
