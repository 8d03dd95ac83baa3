"""Decompression bombs: every stream Tabled decodes is decoded here first, within a budget,
and LimitReachedError is raised past it. meetings.papers.uploads turns that into the refusal
a clerk reads."""

from __future__ import annotations

import zlib

import pikepdf
from pikepdf import Array, Name, Stream
from pypdf import PdfReader, apply_configuration
from pypdf import filters as pypdf_filters
from pypdf.errors import LimitReachedError, PyPdfError

# No one stream expands past this many times its stored size once it is past
# INFLATION_FLOOR: text and drawing commands compress perhaps ten to one, a bomb a thousand
# to one, and this stops a bomb after megabytes rather than at the total.
MAX_INFLATION_RATIO = 100
INFLATION_FLOOR = 16 * 1024 * 1024
INFLATE_CHUNK = 4 * 1024 * 1024

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


def decoded_size(data: bytes, filters: list[str], budget: int) -> int:
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


def object_streams_size(reader: PdfReader, limit: int) -> int:
    """What the object streams pypdf has found decode to, in all: these hold the objects a
    PDF keeps compressed (its catalogue and page tree, typically), which qpdf reads first."""
    total = 0
    for number in sorted({stream for stream, _index in reader.xref_objStm.values()}):
        stream = reader.get_object(number)
        filters = stream.get("/Filter")
        if isinstance(filters, list):
            names = [str(name) for name in filters]
        else:
            names = [str(filters)] if filters else []
        total += decoded_size(getattr(stream, "_data", b""), names, limit - total)
    return total


def streams_size(pdf: pikepdf.Pdf, limit: int) -> int:
    """What every stream something in Tabled decodes comes to, in all: text extraction
    reads page contents, forms, fonts and their maps; the pack copies each stream as it is,
    except that qpdf re-encodes a stream compressed twice. Images compressed once are left
    alone (nothing decodes them), and embedded files are removed before the paper is stored."""
    total = 0
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
        total += decoded_size(obj.read_raw_bytes(), filters, limit - total)
    return total
