"""Paper files as the members' pages link them: on the meeting page each paper the reader
may open gets its latest version and the earlier ones, and /my/ lists the papers of a
member's next meetings whose latest version they have not opened yet.

The pages show the agenda as data (meetings.snapshots) filtered by meetings.access; this adds
the live files to it by the files' own rule (meetings.papers.access), so a page never links
a file that would answer 404. Each page's papers come from one selector call, in a fixed
number of queries however many papers and versions there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.urls import reverse
from django.utils import timezone

from meetings import access, selectors
from meetings.models import Meeting, Paper
from meetings.papers import selectors as paper_selectors
from meetings.papers.access import Published, may_open_paper, published_state
from membership.access import AnyUser
from membership.models import Person

# How far ahead /my/ looks for papers to read.
UNOPENED_DAYS_AHEAD = 60


@dataclass(frozen=True)
class VersionLink:
    number: int
    url: str
    page_count: int | None
    uploaded_at: datetime.datetime


@dataclass(frozen=True)
class PaperFile:
    """A paper's latest version, where to open it, and its earlier versions, newest first."""

    version_id: int
    number: int
    page_count: int | None
    url: str
    earlier: tuple[VersionLink, ...] = ()
    # The reader, where a signed-in member keeps private notes on this version.
    read_url: str = ""


def paper_file(paper: Paper) -> PaperFile | None:
    """Expects `version_list`, newest first (paper_selectors.paper_map_for_meetings)."""
    if not paper.version_list:
        return None
    latest, *earlier = paper.version_list
    return PaperFile(
        version_id=latest.pk,
        number=latest.number,
        page_count=latest.page_count,
        url=reverse("meeting_files:paper_file", args=(paper.pk,)),
        read_url=reverse("paper_notes:reader", args=(paper.pk, latest.number)),
        earlier=tuple(
            VersionLink(
                number=version.number,
                url=reverse("meeting_files:paper_version", args=(paper.pk, version.number)),
                page_count=version.page_count,
                uploaded_at=version.uploaded_at,
            )
            for version in earlier
        ),
    )


def _may_open(
    user: AnyUser, published: Published, sees_restricted: bool, sees_draft: bool, paper: Paper
) -> bool:
    return may_open_paper(
        user, paper, published, sees_restricted=sees_restricted, sees_draft=sees_draft
    )


def with_files(
    items: list[dict[str, Any]],
    papers: dict[int, Paper],
    *,
    user: AnyUser,
    published: Published,
    sees_restricted: bool,
    sees_draft: bool = False,
) -> list[dict[str, Any]]:
    """The agenda items (already filtered for the reader) with a `file` on each paper: a
    PaperFile when the reader may open it and it has a version, else None. New dicts: the
    published snapshot is left as it was. `sees_draft`: the reader runs the body
    (meetings.access.may_see_draft), asked once by the caller rather than per paper."""
    may_open = partial(_may_open, user, published, sees_restricted, sees_draft)
    shown = []
    for item in items:
        if item.get("hidden") or not item.get("papers"):
            shown.append(item)
            continue
        item_papers = []
        for data in item["papers"]:
            paper = papers.get(data["id"])
            file = paper_file(paper) if paper is not None and may_open(paper) else None
            item_papers.append({**data, "file": file})
        shown.append({**item, "papers": item_papers})
    return shown


def agenda_with_files(
    user: AnyUser,
    meeting: Meeting,
    items: list[dict[str, Any]],
    *,
    sees_restricted: bool,
    sees_draft: bool,
) -> list[dict[str, Any]]:
    """The meeting page's agenda with every version of each paper the reader may open: two
    queries however long the agenda."""
    papers = paper_selectors.paper_map_for_meetings([meeting.pk], all_versions=True)
    return with_files(
        items,
        papers,
        user=user,
        published=published_state(meeting.latest_version),
        sees_restricted=sees_restricted,
        sees_draft=sees_draft,
    )


@dataclass
class UnopenedPapers:
    meeting: Meeting
    papers: list[dict[str, Any]] = field(default_factory=list)


def papers_to_read(
    user: AnyUser, person: Person, *, now: datetime.datetime | None = None
) -> list[UnopenedPapers]:
    """For each of the person's meetings in the next UNOPENED_DAYS_AHEAD days with a
    published agenda, the papers on it that the user may open (the published agenda, as
    members see it: the business unit too, since /my/ is about what was sent out). /my/
    leaves out what the reader has opened (`without_opened`)."""
    now = now or timezone.now()
    meetings = [
        meeting
        for meeting in selectors.meeting_list_soon_for_person(
            person, days=UNOPENED_DAYS_AHEAD, now=now
        )
        if meeting.latest_version is not None
    ]
    papers = paper_selectors.paper_map_for_meetings(
        [meeting.pk for meeting in meetings], all_versions=False
    )
    restricted_bodies = access.restricted_body_ids(user)
    found = []
    for meeting in meetings:
        sees_restricted = meeting.body_id in restricted_bodies
        items = with_files(
            access.visible_items(
                meeting.latest_version.items,
                see_restricted=sees_restricted,
                now=selectors.restrictions_of(meeting),
                placeholders=False,
            ),
            papers,
            user=user,
            published=published_state(meeting.latest_version),
            sees_restricted=sees_restricted,
        )
        found.append(
            UnopenedPapers(
                meeting=meeting,
                papers=[
                    {**paper, "item_number": item["number"]}
                    for item in items
                    for paper in item.get("papers", [])
                    if paper["file"] is not None
                ],
            )
        )
    return found


def without_opened(user: AnyUser, found: list[UnopenedPapers]) -> list[UnopenedPapers]:
    """`papers_to_read` without the paper versions the user has opened (one query)."""
    version_ids = [paper["file"].version_id for entry in found for paper in entry.papers]
    opened = paper_selectors.paper_versions_opened_by(user, version_ids) if version_ids else set()
    unopened = [
        UnopenedPapers(
            meeting=entry.meeting,
            papers=[paper for paper in entry.papers if paper["file"].version_id not in opened],
        )
        for entry in found
    ]
    return [entry for entry in unopened if entry.papers]
