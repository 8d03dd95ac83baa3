"""The papers pack: one PDF with a cover, the agenda, and every paper the reader may see.

The cover and agenda are HTML rendered by WeasyPrint; the papers are merged after them with
pikepdf, which copies their pages without re-rendering them. Then every page gets "Page N of
M" drawn straight into its content stream (fast: no second rendering pass), and the outline
gets an entry per agenda item with its papers under it.

A built pack is kept on the private storage under a fingerprint of everything in it, so it
is rebuilt only when something in it changes.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import posixpath
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Dictionary, Name, OutlineItem
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from core.dates import long_date
from core.limits import render_in_child
from meetings import paper_selectors
from meetings.models import AgendaItem, Meeting, Paper
from meetings.paper_access import PackView, Published, item_is_restricted, paper_is_public
from meetings.storage import PrivateStorage
from membership.models import Role
from membership.selectors import membership_list_current

# Bump when the layout changes, so packs built with the old layout are rebuilt.
PACK_FORMAT = 1
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
# What goes in a pack
# ---------------------------------------------------------------------------
@dataclass
class PackPaper:
    paper_id: int
    title: str
    restricted: bool
    version_id: int
    version_number: int
    sha256: str
    file_name: str


@dataclass
class PackItem:
    item_id: int
    number: str
    title: str
    purpose: str
    presenter: str
    minutes: int | None
    start_time: str
    is_sub_item: bool
    restricted: bool
    # A restricted item in the public pack: its number is shown, nothing else.
    hidden: bool = False
    papers: list[PackPaper] = field(default_factory=list)


@dataclass
class PackMember:
    name: str
    role: str
    organisation: str
    job_title: str


@dataclass
class PackContents:
    meeting_id: int
    view: str
    body_name: str
    meeting_title: str
    date_text: str
    time_text: str
    venue: str
    online: bool
    cancelled: bool
    agenda_version: int | None
    meeting_updated: str
    members: list[PackMember]
    items: list[PackItem]

    @property
    def papers(self) -> list[PackPaper]:
        return [paper for item in self.items for paper in item.papers]

    def fingerprint(self) -> str:
        """A digest of everything the pack shows, with the meeting's last change, the agenda
        version and each paper's version id among it: equal digests, equal packs."""
        data = {"format": PACK_FORMAT, **asdict(self)}
        encoded = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()[:32]


def _time_text(meeting: Meeting) -> str:
    return f"{meeting.local_start:%H:%M} to {meeting.local_end:%H:%M}"


def _item_number(item: AgendaItem, fallback: str) -> str:
    # Numbers are stored when the agenda is saved; an item saved some other way still gets
    # its place in the order.
    return item.number or fallback


def _numbered(items: list[AgendaItem]) -> list[tuple[AgendaItem, str]]:
    numbered, top, sub = [], 0, 0
    ids = {item.pk for item in items}
    for item in items:
        if item.parent_id not in ids:
            top, sub = top + 1, 0
            numbered.append((item, _item_number(item, str(top))))
        else:
            sub += 1
            numbered.append((item, _item_number(item, f"{top}.{sub}")))
    return numbered


def _start_times(meeting: Meeting, items: list[AgendaItem]) -> dict[int, str]:
    """Each item's start time, worked out from the meeting's start and the minutes allowed,
    while every earlier item has its minutes; after the first gap the clock is unknown."""
    times: dict[int, str] = {}
    clock: datetime.datetime | None = meeting.local_start
    subs: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            subs.setdefault(item.parent_id, []).append(item)
    for item in items:
        if item.parent_id is not None:
            continue
        if clock is not None:
            times[item.pk] = f"{clock:%H:%M}"
        sub_clock = clock
        for sub in subs.get(item.pk, []):
            if sub_clock is not None:
                times[sub.pk] = f"{sub_clock:%H:%M}"
                sub_clock = (
                    sub_clock + datetime.timedelta(minutes=sub.minutes_allocated)
                    if sub.minutes_allocated
                    else None
                )
        if clock is None:
            continue
        if item.minutes_allocated:
            clock += datetime.timedelta(minutes=item.minutes_allocated)
        elif subs.get(item.pk) and sub_clock is not None:
            clock = sub_clock
        else:
            clock = None
    return times


def _pack_paper(paper: Paper, restricted: bool) -> PackPaper | None:
    versions = getattr(paper, "latest_versions", [])
    if not versions:
        return None
    latest = versions[0]
    return PackPaper(
        paper_id=paper.pk,
        title=paper.title,
        restricted=restricted,
        version_id=latest.pk,
        version_number=latest.number,
        sha256=latest.sha256,
        file_name=latest.file.name,
    )


def _members(meeting: Meeting) -> list[PackMember]:
    memberships = list(membership_list_current(meeting.body, meeting.date))
    # Chairs first, then the vice-chair, then everyone else in the selector's order.
    rank = {Role.INDEPENDENT_CHAIR: 0, Role.CHAIR: 0, Role.VICE_CHAIR: 1}
    memberships.sort(key=lambda m: rank.get(m.role, 2))
    return [
        PackMember(
            name=m.person.name,
            role=m.get_role_display(),
            organisation=m.organisation.name if m.organisation else "",
            job_title=m.job_title,
        )
        for m in memberships
    ]


def pack_contents(meeting: Meeting, view: PackView, published: Published) -> PackContents:
    """What the pack for this view holds. Once the agenda is published, items not on it
    (added since) are left out of both views: they belong to the draft, which is the
    business unit's alone (meetings.published_items), and the full pack is shared with
    members. In the public view restricted items keep only their number, and restricted
    papers are left out."""
    items = paper_selectors.agenda_items_for_pack(meeting)
    times = _start_times(meeting, items)
    public = view == PackView.PUBLIC
    pack_items = []
    for item, number in _numbered(items):
        if (public or published.is_published) and not published.lists(item):
            continue
        restricted = item_is_restricted(item)
        hidden = public and restricted
        papers = []
        if not hidden:
            for paper in item.paper_list:
                paper.agenda_item = item
                is_public = paper_is_public(paper, published)
                if public and not is_public:
                    continue
                entry = _pack_paper(paper, restricted=restricted or paper.is_restricted)
                if entry:
                    papers.append(entry)
        pack_items.append(
            PackItem(
                item_id=item.pk,
                number=number,
                title="" if hidden else item.title,
                purpose="" if hidden else item.get_purpose_display(),
                presenter="" if hidden or not item.presenter_id else item.presenter.name,
                minutes=item.minutes_allocated,
                start_time=times.get(item.pk, ""),
                is_sub_item=item.parent_id is not None,
                restricted=restricted,
                hidden=hidden,
                papers=papers,
            )
        )
    return PackContents(
        meeting_id=meeting.pk,
        view=str(view),
        body_name=meeting.body.name,
        meeting_title=meeting.title,
        date_text=f"{meeting.local_start:%A} {long_date(meeting.date)}",
        time_text=_time_text(meeting),
        venue=meeting.venue,
        online=bool(meeting.online_link),
        cancelled=meeting.is_cancelled,
        agenda_version=published.version.number if published.version else None,
        meeting_updated=meeting.updated.isoformat(),
        members=_members(meeting),
        items=pack_items,
    )


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
    html = render_to_string("meetings/pack/front_matter.html", {"pack": contents})

    def render() -> bytes:
        document = HTML(
            string=html, base_url=PACK_BASE_URL, url_fetcher=StaticOnlyFetcher(timeout=1)
        ).render()
        # The template marks the agenda heading and each item row as bookmarks ("agenda",
        # "item-<id>"); WeasyPrint reports the page each landed on. They travel back ahead
        # of the PDF as one line of JSON.
        pages = {
            label: page
            for label, (page, _x, _y), _children, _state in _walk(document.make_bookmark_tree())
        }
        return json.dumps(pages).encode() + b"\n" + document.write_pdf()

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


# Helvetica's advance widths (its AFM, in 1/1000 em) for the characters of "Page 12 of 345".
HELVETICA_WIDTHS = {" ": 278, "P": 667, "a": 556, "g": 556, "e": 556, "o": 556, "f": 278}
STAMP_SIZE = 8
STAMP_MARGIN = 14
STAMP_FONT = Name("/TabledPageNumber")


def _text_width(text: str, size: float) -> float:
    return sum(HELVETICA_WIDTHS.get(char, 556) for char in text) * size / 1000


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
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )
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
        stamp = (
            "Q q "
            + " ".join(f"{value:g}" for value in matrix)
            + " cm 1 g "
            + f"{x - 3:.2f} {y - 3:.2f} {width + 6:.2f} {STAMP_SIZE + 5:.2f} re f "
            + f"0 g BT {STAMP_FONT} {STAMP_SIZE} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n"
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
            pack.pages.extend(front_pdf.pages)
            paper_starts: dict[int, int] = {}
            for paper in contents.papers:
                # Each source stays open until the save: pikepdf copies pages lazily.
                source = pikepdf.open(storage.path(paper.file_name))
                sources.append(source)
                paper_starts[paper.version_id] = len(pack.pages)
                pack.pages.extend(source.pages)
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
