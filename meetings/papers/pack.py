"""What a papers pack holds for each view: the meeting's details, the members, and the
agenda's items with the papers the view may show (meetings.papers.access decides). Its
fingerprint names the built file, so a pack is rebuilt only when something in it changes;
meetings.pdf builds it."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field

from core.dates import long_date
from meetings.models import AgendaItem, Meeting, Paper
from meetings.papers import selectors as paper_selectors
from meetings.papers.access import PackView, Published, item_is_restricted, paper_is_public
from membership.models import Role
from membership.selectors import membership_list_current

# Bump when the layout changes, so packs built with the old layout are rebuilt.
PACK_FORMAT = 4


@dataclass
class PackPaper:
    paper_id: int
    title: str
    restricted: bool
    version_id: int
    version_number: int
    sha256: str
    file_name: str
    page_count: int | None = None
    # The page of the pack it starts on, once the front matter's length is known.
    first_page: int | None = None


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
        page_count=latest.page_count,
    )


def _members(meeting: Meeting) -> list[PackMember]:
    memberships = list(membership_list_current(meeting.body, meeting.date))
    # Chairs first, then the vice-chair, then everyone else in the selector's order.
    memberships.sort(
        key=lambda m: 0 if m.role.may_chair else 1 if m.role_id == Role.VICE_CHAIR else 2
    )
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


def number_paper_pages(contents: PackContents, front_pages: int) -> None:
    """Each paper's first page in the pack, after `front_pages` of cover and agenda. A paper
    whose length was never counted leaves the pages after it unknown, so none is guessed."""
    page = front_pages + 1
    for paper in contents.papers:
        if page is None:
            paper.first_page = None
            continue
        paper.first_page = page
        page = page + paper.page_count if paper.page_count else None
