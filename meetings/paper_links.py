"""Paper files as the members' pages link them: on the meeting page each paper the reader
may open gets its latest version and the earlier ones.

The pages show the agenda as data (meetings.snapshots) filtered by meetings.access; this adds
the live files to it by the files' own rule (meetings.paper_access), so a page never links
a file that would answer 404. Each page's papers come from one selector call, in a fixed
number of queries however many papers and versions there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.urls import reverse

from meetings import paper_selectors
from meetings.models import Meeting, Paper
from meetings.paper_access import Published, may_open_paper, published_state
from membership.access import AnyUser


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


def _may_open(user: AnyUser, published: Published, sees_restricted: bool, paper: Paper) -> bool:
    return may_open_paper(user, paper, published, sees_restricted=sees_restricted)


def with_files(
    items: list[dict[str, Any]],
    papers: dict[int, Paper],
    *,
    user: AnyUser,
    published: Published,
    sees_restricted: bool,
) -> list[dict[str, Any]]:
    """The agenda items (already filtered for the reader) with a `file` on each paper: a
    PaperFile when the reader may open it and it has a version, else None. New dicts: the
    published snapshot is left as it was."""
    may_open = partial(_may_open, user, published, sees_restricted)
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
    user: AnyUser, meeting: Meeting, items: list[dict[str, Any]], *, sees_restricted: bool
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
    )
