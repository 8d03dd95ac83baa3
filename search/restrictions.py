"""The index's `restricted` flags follow a change of restriction in the transaction that
makes it.

The text of a document is written again by the task queued after the commit
(search.signals); the flags cannot wait for it, or a search in between would show a title
that the pages already withhold. So a save that restricts or opens up an item, a paper, a
minute or a record, or moves one under another item, and the deletion of an item or paper,
set the flags of every document it affects here and now, by the same rules as the indexing
(search.index_rows): today's flags, an item or paper that no longer exists restricted.
"""

from __future__ import annotations

from django.db.models import Q

from governance.models import Action, Challenge, Decision, MinutesItem
from meetings.models import Meeting
from meetings.papers.access import published_state
from meetings.selectors import restrictions_of, with_latest_version

from .models import Kind, SearchDocument

# The records on a meeting's items, whose restriction follows their item's.
ITEM_RECORDS = {Kind.DECISION: Decision, Kind.ACTION: Action, Kind.CHALLENGE: Challenge}


def _set(documents, public_ids) -> None:
    """Two statements: the public documents open, every other one restricted."""
    public_ids = list(public_ids)
    documents.filter(object_id__in=public_ids).exclude(restricted=False).update(restricted=False)
    documents.exclude(object_id__in=public_ids).exclude(restricted=True).update(restricted=True)


def flags_follow_meeting(meeting_id: int) -> None:
    """Set the flags of the meeting's items, papers and minutes, and of the records on its
    items, from today's restrictions: a fixed number of statements, however long the
    agenda."""
    meetings = with_latest_version(Meeting.objects.filter(pk=meeting_id))
    on_meeting = SearchDocument.objects.filter(meeting_id=meeting_id)
    if not meetings:
        # The meeting itself is going: nothing of it may be found meanwhile.
        on_meeting.update(restricted=True)
        return
    meeting = meetings[0]
    now = restrictions_of(meeting)
    published = published_state(meeting.latest_version)
    _set(on_meeting.filter(kind=Kind.ITEM), now.public_item_ids)
    # Papers of an agenda not yet published are the business unit's (their audience says so)
    # and carry no restriction of their own; once published, one of an item added since is
    # restricted, as the file views decide (meetings.papers.access).
    papers = on_meeting.filter(kind=Kind.PAPER)
    if published.is_published:
        public_papers = {
            paper_id
            for item in meeting.restriction_items
            if published.item_ids is None or item.pk in published.item_ids
            for paper_id in (paper.pk for paper in item.restriction_papers)
            if paper_id in now.public_paper_ids
        }
        _set(papers, public_papers)
    else:
        papers.exclude(restricted=False).update(restricted=False)
    public_on_item = Q(is_restricted=False) & (
        Q(agenda_item_id__isnull=True) | Q(agenda_item_id__in=now.public_item_ids)
    )
    minutes_public = MinutesItem.objects.filter(minutes__meeting_id=meeting_id).filter(
        public_on_item
    )
    _set(on_meeting.filter(kind=Kind.MINUTES), minutes_public.values_list("pk", flat=True))
    for kind, model in ITEM_RECORDS.items():
        records = model.objects.filter(agenda_item__meeting_id=meeting_id)
        documents = SearchDocument.objects.filter(kind=kind, object_id__in=records.values("pk"))
        _set(documents, records.filter(public_on_item).values_list("pk", flat=True))


def flags_follow_record(kind: str, record) -> None:
    """One record's flag, by its own `restricted` rule."""
    SearchDocument.objects.filter(kind=kind, object_id=record.pk).update(
        restricted=record.restricted
    )
