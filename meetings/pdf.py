"""The papers pack: one PDF with a cover, the agenda, and every paper the reader may see.

The cover and agenda are HTML rendered by WeasyPrint, tagged as the reports are (PDF/UA-1);
the papers are merged after them with pikepdf, which copies their pages without re-rendering
them, and each tagged paper's structure joins the pack's (meetings.pack_structure). Then
every page gets "Page N of M" drawn straight into its content stream as an artifact (fast:
no second rendering pass), and the outline gets an entry per agenda item with its papers
under it.

A built pack is kept on the private storage under a fingerprint of everything in it, so it
is rebuilt only when something in it changes.
"""

from __future__ import annotations

import functools
import io
import json
import os
import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Dictionary, Name, OutlineItem
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from core.limits import render_in_child
from meetings.models import Meeting
from meetings.pack_structure import PackStructure
from meetings.papers.access import PackView, Published
from meetings.papers.pack import PackContents, PackItem, number_paper_pages, pack_contents
from meetings.storage import PrivateStorage

PACK_FOLDER = "packs"

# Resources in the pack HTML resolve against this made-up origin; the fetcher maps its
# /static/ paths to our own static files and refuses everything else.
PACK_BASE_URL = "https://pack.tabled.invalid/"
STATIC_PREFIX = PACK_BASE_URL + "static/"
# The cover and agenda of the longest agenda render in a second or two; this stops one that
# would hold a web or worker process (the pack may be built while a member waits).
FRONT_MATTER_TIME_LIMIT = 60


class StaticOnlyFetcher(URLFetcher):
    """Fetches our own static files and nothing else: no network, no file:// URLs, no data
    from elsewhere on the disk. Anything refused raises, which WeasyPrint logs and skips."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_PREFIX):
            raise ValueError(f"The papers pack may use only Tabled's static files, not {url}")
        relative = posixpath.normpath(url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0])
        if relative.startswith(("/", "..")) or "/../" in f"/{relative}/":
            raise ValueError(f"Not a static file: {url}")
        path = finders.find(relative)
        if not path:
            raise ValueError(f"No such static file: {relative}")
        with open(path, "rb") as static_file:
            body = static_file.read()
        content_type = "text/css" if relative.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


# ---------------------------------------------------------------------------
# Rendering, merging, stamping
# ---------------------------------------------------------------------------
@dataclass
class FrontMatter:
    pdf: bytes
    agenda_page: int
    # The agenda page each item's row is on (0-based, within the front matter).
    item_pages: dict[int, int]


def render_front_matter(contents: PackContents) -> FrontMatter:
    """The cover and the agenda, as one PDF, with where the agenda and each item start.
    Rendered in a child process with a time and a memory limit (core.limits), as a
    pack may be built while a member waits."""

    def layout():
        html = render_to_string("meetings/pack/front_matter.html", {"pack": contents})
        return HTML(
            string=html, base_url=PACK_BASE_URL, url_fetcher=StaticOnlyFetcher(timeout=1)
        ).render()

    def render() -> bytes:
        # The agenda gives each paper's page in the pack, which depends on how many pages
        # the cover and agenda take: laid out once to count them, then again with the
        # numbers (whose few digits never change the agenda's length).
        document = layout()
        if contents.papers:
            number_paper_pages(contents, len(document.pages))
            document = layout()
        # The template marks the agenda heading and each item row as bookmarks ("agenda",
        # "item-<id>"); WeasyPrint reports the page each landed on. They travel back ahead
        # of the PDF as one line of JSON.
        pages = {
            label: page
            for label, (page, _x, _y), _children, _state in _walk(document.make_bookmark_tree())
        }
        # Tagged as the reports are (PDF/UA-1: structure, language, title, embedded fonts);
        # the merge keeps these tags and adds each tagged paper's after them.
        return json.dumps(pages).encode() + b"\n" + document.write_pdf(pdf_variant="pdf/ua-1")

    pages, _, pdf = render_in_child(
        render, seconds=FRONT_MATTER_TIME_LIMIT, what="The papers pack"
    ).partition(b"\n")
    agenda_page = 0
    item_pages: dict[int, int] = {}
    for label, page in json.loads(pages).items():
        if label == "agenda":
            agenda_page = page
        elif label.startswith("item-"):
            item_pages[int(label.removeprefix("item-"))] = page
    return FrontMatter(pdf=pdf, agenda_page=agenda_page, item_pages=item_pages)


def _walk(tree):
    for entry in tree:
        yield entry
        yield from _walk(entry[2])


# The stamp's font is embedded, so every reader draws it alike: Liberation Sans 1.07 (GPL 2
# with the font exception, so documents may embed it), cut to the characters of "Page 12 of
# 345" by fontTools' subsetter.
STAMP_FONT_FILE = Path(__file__).resolve().parent / "fonts" / "LiberationSans-PageNumbers.ttf"
STAMP_CHARS = "Page 0123456789of"
STAMP_SIZE = 8
STAMP_MARGIN = 14
STAMP_FONT = Name("/TabledPageNumber")


@functools.cache
def _stamp_font_metrics() -> tuple[bytes, dict[str, int], dict]:
    """The font file, each stamp character's advance (in 1/1000 em) and the descriptor's
    figures, read once."""
    data = STAMP_FONT_FILE.read_bytes()
    font = TTFont(io.BytesIO(data))
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = {char: round(font["hmtx"][cmap[ord(char)]][0] * scale) for char in STAMP_CHARS}
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    descriptor = {
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(hhea.ascent * scale),
        "descent": round(hhea.descent * scale),
        "cap_height": round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
    }
    return data, widths, descriptor


def _stamp_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    data, widths, metrics = _stamp_font_metrics()
    first, last = 32, 122
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/LiberationSans"),
        Flags=32,
        FontBBox=metrics["bbox"],
        ItalicAngle=0,
        Ascent=metrics["ascent"],
        Descent=metrics["descent"],
        CapHeight=metrics["cap_height"],
        StemV=80,
        FontFile2=pdf.make_stream(data),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/LiberationSans"),
            Encoding=Name.WinAnsiEncoding,
            FirstChar=first,
            LastChar=last,
            Widths=[widths.get(chr(code), 0) for code in range(first, last + 1)],
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def _text_width(text: str, size: float) -> float:
    widths = _stamp_font_metrics()[1]
    return sum(widths.get(char, 556) for char in text) * size / 1000


def _visual_matrix(page: pikepdf.Page) -> tuple[list[float], float]:
    """A matrix from "as the reader sees the page" (origin bottom left, whatever the page's
    /Rotate) to the page's own coordinates, and the width the reader sees."""
    box = page.cropbox if "/CropBox" in page.obj else page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    if rotate == 90:
        return [0, 1, -1, 0, x1, y0], y1 - y0
    if rotate == 180:
        return [-1, 0, 0, -1, x1, y1], x1 - x0
    if rotate == 270:
        return [0, -1, 1, 0, x0, y1], y1 - y0
    return [1, 0, 0, 1, x0, y0], x1 - x0


def stamp_page_numbers(pdf: pikepdf.Pdf) -> None:
    """Draw "Page N of M" at the bottom right of every page, on a small white ground so it
    reads over anything beneath. The page's own content is wrapped in q … Q first, so
    whatever graphics state it leaves behind cannot move or recolour the stamp."""
    font = _stamp_font(pdf)
    total = len(pdf.pages)
    save_state = pdf.make_stream(b"q\n")
    for index, page in enumerate(pdf.pages, start=1):
        text = f"Page {index} of {total}"
        width = _text_width(text, STAMP_SIZE)
        matrix, visual_width = _visual_matrix(page)
        x = visual_width - STAMP_MARGIN - width
        y = STAMP_MARGIN
        page.add_resource(font, Name.Font, STAMP_FONT)
        page.contents_add(save_state, prepend=True)
        # Marked as an artifact: assistive technology skips it, as it skips the running
        # footers of a tagged paper.
        stamp = (
            "Q /Artifact << /Type /Pagination /Subtype /Footer >> BDC q "
            + " ".join(f"{value:g}" for value in matrix)
            + " cm 1 g "
            + f"{x - 3:.2f} {y - 3:.2f} {width + 6:.2f} {STAMP_SIZE + 5:.2f} re f "
            + f"0 g BT {STAMP_FONT} {STAMP_SIZE} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q EMC\n"
        )
        page.contents_add(pdf.make_stream(stamp.encode("ascii")))


def _outline_title(item: PackItem) -> str:
    return f"{item.number} {item.title}".strip()


def build_pack(contents: PackContents, storage: PrivateStorage, target: Path) -> Path:
    """Render, merge, stamp and outline the pack into `target`."""
    return assemble_pack(contents, render_front_matter(contents), storage, target)


def assemble_pack(
    contents: PackContents, front: FrontMatter, storage: PrivateStorage, target: Path
) -> Path:
    """Merge the front matter and the papers, number every page, add the outline, save."""
    sources: list[pikepdf.Pdf] = []
    try:
        with pikepdf.open(io.BytesIO(front.pdf)) as front_pdf, pikepdf.new() as pack:
            structure = PackStructure(pack)
            pack.pages.extend(front_pdf.pages)
            structure.add(front_pdf, pack.pages[:])
            paper_starts: dict[int, int] = {}
            for paper in contents.papers:
                # Each source stays open until the save: pikepdf copies pages lazily.
                source = pikepdf.open(storage.path(paper.file_name))
                sources.append(source)
                start = paper_starts[paper.version_id] = len(pack.pages)
                pack.pages.extend(source.pages)
                structure.add(source, pack.pages[start:], title=paper.title)
            structure.finish()
            stamp_page_numbers(pack)
            _outline(pack, contents, front, paper_starts)
            title = f"Papers: {contents.meeting_title}, {contents.date_text}"
            with pack.open_metadata(set_pikepdf_as_editor=False) as metadata:
                metadata["dc:title"] = title
            pack.docinfo[Name.Title] = title
            pack.Root.Lang = pikepdf.String("en-GB")
            pack.Root.PageMode = Name.UseOutlines
            pack.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
            pack.save(target)
    finally:
        for source in sources:
            source.close()
    return target


def _outline(
    pack: pikepdf.Pdf, contents: PackContents, front: FrontMatter, paper_starts: dict[int, int]
) -> None:
    with pack.open_outline() as outline:
        outline.root.append(OutlineItem("Cover", 0))
        outline.root.append(OutlineItem("Agenda", front.agenda_page))
        parent_entry: OutlineItem | None = None
        for item in contents.items:
            if item.hidden:
                # Not even its number: the outline lists what the reader may open.
                continue
            first = item.papers[0].version_id if item.papers else None
            page = paper_starts[first] if first else front.item_pages.get(item.item_id, 0)
            entry = OutlineItem(_outline_title(item), page)
            for paper in item.papers:
                entry.children.append(OutlineItem(paper.title, paper_starts[paper.version_id]))
            if item.is_sub_item and parent_entry is not None:
                parent_entry.children.append(entry)
            else:
                outline.root.append(entry)
                parent_entry = entry


# ---------------------------------------------------------------------------
# The stored pack
# ---------------------------------------------------------------------------
@dataclass
class StoredPack:
    file: BinaryIO
    built: bool
    contents: PackContents


def pack_name(contents: PackContents) -> str:
    return f"{PACK_FOLDER}/{contents.meeting_id}/{contents.view}-{contents.fingerprint()}.pdf"


def pack_open(meeting: Meeting, view: PackView, published: Published) -> StoredPack:
    """The stored pack for this view, open for reading; built first if anything in it changed
    since the last one. The caller closes the file.

    A build goes to a temporary file that is opened and then renamed into place, so a reader
    never sees half a pack, two builds at once both end with the same complete file, and a
    build that removes a superseded pack cannot pull it from under someone reading it.
    """
    storage = PrivateStorage()
    contents = pack_contents(meeting, view, published)
    path = Path(storage.path(pack_name(contents)))
    try:
        return StoredPack(file=open(path, "rb"), built=False, contents=contents)  # noqa: SIM115
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=".pdf")
    os.close(handle)
    try:
        build_pack(contents, storage, Path(temporary))
        built = open(temporary, "rb")  # noqa: SIM115 - handed to the caller
        try:
            os.replace(temporary, path)
        except OSError:
            built.close()
            raise
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    _remove_superseded(path)
    return StoredPack(file=built, built=True, contents=contents)


def _remove_superseded(current: Path) -> None:
    """Older packs of the same meeting and view are derived files nobody can ask for again."""
    view = current.name.split("-", 1)[0]
    for other in current.parent.glob(f"{view}-*.pdf"):
        if other != current:
            other.unlink(missing_ok=True)
