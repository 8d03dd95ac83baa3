"""What each indexed thing says and who may find it, as SearchDocument rows (unsaved).

Visibility is decided here by the pages' own rules, once, at indexing time, and written on the
row as an audience and a restricted flag; search.selectors filters on those in SQL. The rules
are not copied: papers ask meetings.papers.access, items follow the published snapshot as the
meeting page does (meetings.access), records use their `restricted` property (governance).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.html import strip_tags

from cms.models import ReportPage
from governance.access import MinutesAccess
from governance.minutes_snapshots import attendee_ids
from governance.models import (
    Action,
    Amendment,
    Challenge,
    Decision,
    MinutesItem,
    Risk,
)
from meetings.models import Meeting
from meetings.papers.access import paper_is_public, published_state
from meetings.selectors import (
    agenda_items_prefetch,
    restrictions_of,
    with_latest_version,
)

from .models import Audience, Kind, SearchDocument, SearchReader

# Highlighting marks matches with these two private-use characters, then escapes the text and
# turns them into <mark>: so they are taken out of everything indexed, and a reader's text can
# never open or close a highlight itself.
MARK_START = "\ue000"
MARK_END = "\ue001"
_UNMARK = str.maketrans("", "", MARK_START + MARK_END)

TITLE_LENGTH = 400


def clean(text: str | None) -> str:
    return (text or "").translate(_UNMARK)


def _doc(
    kind: str,
    object_id: int,
    *,
    meeting_id: int | None = None,
    body_id: int,
    date: datetime.date,
    title: str,
    url: str,
    text: str = "",
    context: str = "",
    audience: str = Audience.PUBLIC,
    restricted: bool = False,
) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        object_id=object_id,
        meeting_id=meeting_id,
        body_id=body_id,
        date=date,
        year=date.year,
        audience=audience,
        restricted=restricted,
        title=clean(title)[:TITLE_LENGTH],
        url=url[:400],
        context=clean(context)[:400],
        text=clean(text),
    )


# ---------------------------------------------------------------------------
# Meetings: the meeting, its agenda items, its papers and its minutes
# ---------------------------------------------------------------------------
def _minutes_items() -> Prefetch:
    amendments = Amendment.objects.order_by("made_at", "pk")
    items = MinutesItem.objects.select_related("agenda_item__parent").prefetch_related(
        Prefetch("amendments", queryset=amendments, to_attr="amendment_list")
    )
    return Prefetch("minutes__items", queryset=items.order_by("sort_order"), to_attr="minute_list")


def meetings_for_indexing(meetings: QuerySet[Meeting]) -> list[Meeting]:
    """Meetings with all that their documents and readers need, in a fixed number of
    queries."""
    loaded = with_latest_version(
        meetings.select_related("minutes").prefetch_related(
            agenda_items_prefetch(),
            _minutes_items(),
            Prefetch("attendances", to_attr="attendance_list"),
        )
    )
    return loaded


def minutes_audience(status: str) -> str:
    """Who may read minutes in this state, asked of the minutes pages' own rule
    (governance.access.MinutesAccess) for a reader with no role, one who was at the
    meeting, and an editor."""

    def may_read(*, editor: bool = False, attended: bool = False) -> bool:
        access = MinutesAccess(
            status=status, editor=editor, attended=attended, see_restricted=False
        )
        return access.may_read

    if may_read():
        return Audience.PUBLIC
    if may_read(attended=True):
        return Audience.ATTENDEES
    if may_read(editor=True):
        return Audience.EDITORS
    raise ValueError(f"Nobody may read minutes that are {status!r}")


def _minutes_audience(meeting: Meeting) -> str | None:
    # No minutes yet: the reverse one-to-one raises DoesNotExist, an AttributeError.
    minutes = getattr(meeting, "minutes", None)
    return None if minutes is None else minutes_audience(minutes.status)


def meeting_readers(meeting: Meeting) -> list[SearchReader]:
    """Those who were at the meeting, when its documents include some only they (and the
    editors) may find. Expects meetings_for_indexing's prefetches."""
    if _minutes_audience(meeting) != Audience.ATTENDEES:
        return []
    return [
        SearchReader(meeting_id=meeting.pk, person_id=person_id)
        for person_id in sorted(attendee_ids(meeting.attendance_list))
    ]


def _item_documents(
    meeting: Meeting, version, *, url: str, name: str, common: dict
) -> Iterator[SearchDocument]:
    if version is not None:
        # What the meeting page shows everyone but the business unit: the agenda as
        # published, restricted items (by today's flags, as the page decides) for those who
        # see the body's restricted material.
        now = restrictions_of(meeting)
        for item in version.items:
            if not isinstance(item, dict) or "id" not in item:
                continue
            yield _doc(
                Kind.ITEM,
                item["id"],
                title=f"{item.get('number', '')} {item.get('title', '')}".strip(),
                url=f"{url}#item-{item['id']}",
                text="\n".join(filter(None, [item.get("description"), item.get("presenter")])),
                context=name,
                restricted=not now.item_is_public(item),
                **common,
            )
    else:
        # An agenda not yet published is the business unit's draft.
        for item in meeting.item_list:
            yield _doc(
                Kind.ITEM,
                item.pk,
                title=f"{item.number} {item.title}".strip(),
                url=f"{url}#item-{item.pk}",
                text="\n".join(
                    filter(None, [item.description, item.presenter.name if item.presenter else ""])
                ),
                context=name,
                audience=Audience.BUSINESS_UNIT,
                restricted=item.restricted,
                **common,
            )


def _paper_documents(
    meeting: Meeting, published, *, name: str, common: dict
) -> Iterator[SearchDocument]:
    for item in meeting.item_list:
        for paper in item.paper_list:
            latest = paper.latest_version
            if latest is None:
                continue  # nothing to open yet
            yield _doc(
                Kind.PAPER,
                paper.pk,
                title=paper.title,
                url=reverse("meeting_files:paper_file", args=(paper.pk,)),
                text=latest.text,
                context=f"Item {item.number}, {name}",
                # meetings.papers.access: before publication the business unit's; after,
                # public or for those who see the body's restricted material.
                audience=Audience.PUBLIC if published.is_published else Audience.BUSINESS_UNIT,
                restricted=published.is_published and not paper_is_public(paper, published),
                **common,
            )


def _minute_documents(meeting: Meeting, *, name: str, common: dict) -> Iterator[SearchDocument]:
    audience = _minutes_audience(meeting)
    if audience is not None:
        minutes_url = reverse("governance:minutes_detail", kwargs={"pk": meeting.pk})
        for minute in meeting.minutes.minute_list:
            yield _doc(
                Kind.MINUTES,
                minute.pk,
                title=f"Minute {minute.number} {minute.title}".strip(),
                url=f"{minutes_url}#item-{minute.pk}",
                text=minute.current_text,
                context=f"Minutes of {name}",
                audience=audience,
                restricted=minute.restricted,
                **common,
            )


def meeting_documents(meeting: Meeting) -> Iterator[SearchDocument]:
    """Expects meetings_for_indexing's prefetches."""
    url = reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})
    day = meeting.date
    common = {"body_id": meeting.body_id, "date": day, "meeting_id": meeting.pk}
    name = str(meeting)
    yield _doc(
        Kind.MEETING,
        meeting.pk,
        title=name,
        url=url,
        text=" ".join(filter(None, [meeting.title, meeting.venue, meeting.body.name])),
        context=meeting.body.name,
        **common,
    )
    version = meeting.latest_version
    published = published_state(version)
    yield from _item_documents(meeting, version, url=url, name=name, common=common)
    yield from _paper_documents(meeting, published, name=name, common=common)
    yield from _minute_documents(meeting, name=name, common=common)


# ---------------------------------------------------------------------------
# The logs: decisions (public register), actions, challenges and risks (members' logs)
# ---------------------------------------------------------------------------
RECORD_MODELS = {
    Kind.DECISION: Decision,
    Kind.ACTION: Action,
    Kind.CHALLENGE: Challenge,
    Kind.RISK: Risk,
}


def records_for_indexing(kind: str) -> QuerySet:
    model = RECORD_MODELS[kind]
    if kind == Kind.RISK:  # a risk sits on no agenda item
        return model.objects.select_related("body")
    return model.objects.select_related("body", "agenda_item__parent")


def record_documents(kind: str, records: Iterable) -> Iterator[SearchDocument]:
    for record in records:
        yield record_document(kind, record)


def record_document(kind: str, record) -> SearchDocument:
    common = {
        "body_id": record.body_id,
        "url": record.get_absolute_url(),
        "context": record.body.name,
        "restricted": record.restricted,
        "audience": Audience.PUBLIC if kind == Kind.DECISION else Audience.MEMBERS,
    }
    if kind == Kind.DECISION:
        return _doc(
            kind,
            record.pk,
            title=f"{record.reference} {record.title}",
            text=record.text,
            date=record.decided_on,
            # Found by the public once its meeting has been held (search.selectors).
            meeting_id=record.meeting_id,
            **common,
        )
    if kind == Kind.ACTION:
        return _doc(
            kind,
            record.pk,
            title=f"{record.reference} {record.description[:200]}",
            text="\n".join(filter(None, [record.description, record.source_note])),
            date=record.raised_on,
            **common,
        )
    if kind == Kind.CHALLENGE:
        return _doc(
            kind,
            record.pk,
            title=f"{record.reference} {record.issue[:200]}",
            text="\n".join(filter(None, [record.issue, record.ask, record.outcome, record.impact])),
            date=record.raised_on,
            **common,
        )
    return _doc(
        kind,
        record.pk,
        title=f"{record.reference} {record.title}",
        text="\n".join(filter(None, [record.cause, record.consequence, record.controls])),
        date=record.opened_on,
        **common,
    )


# ---------------------------------------------------------------------------
# Reports: published report pages, their prose (live blocks show records indexed above)
# ---------------------------------------------------------------------------
def reports_for_indexing() -> QuerySet[ReportPage]:
    return ReportPage.objects.live().select_related("board")


def report_document(page: ReportPage) -> SearchDocument:
    prose = page.body.stream_block.get_searchable_content(page.body)
    return _doc(
        Kind.REPORT,
        page.pk,
        body_id=page.board_id,
        date=page.period_end,
        title=page.title,
        url=page.url or "",
        text="\n".join(
            filter(None, [page.summary, strip_tags(page.foreword or ""), *map(str, prose)])
        ),
        context=f"{page.kind_label}, {page.board.name}",
    )
