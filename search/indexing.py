"""Writing the search index: a meeting with everything on it, one record, one report, or all
of it. Each call replaces the rows it owns, so running it twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet

from wagtail.models import Page

from cms.models import ReportPage
from governance.models import Amendment, Minutes, MinutesItem
from meetings.models import AgendaItem, Meeting, Paper

from . import index_rows
from .index_rows import RECORD_MODELS
from .models import Kind, SearchDocument, SearchReader

# English stemming: "thresholds" finds "threshold", "referrals" finds "referral". The
# vectors are built with it by the trigger of search/migrations/0001.
SEARCH_CONFIG = "english"
MEETING_KINDS = (Kind.MEETING, Kind.ITEM, Kind.PAPER, Kind.MINUTES)
BATCH = 200


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _write(docs: list[SearchDocument]) -> list[SearchDocument]:
    # On PostgreSQL a trigger fills each row's search_vector (search/migrations/0001).
    return SearchDocument.objects.bulk_create(docs, batch_size=1000)


def _replace_meetings(meeting_ids: list[int]) -> int:
    """Write the documents and readers of these meetings afresh, BATCH meetings at a time."""
    count = 0
    for start in range(0, len(meeting_ids), BATCH):
        chunk = meeting_ids[start : start + BATCH]
        # A decision's row names its meeting too, but is the record's own (index_records).
        SearchDocument.objects.filter(meeting_id__in=chunk).exclude(
            kind__in=list(RECORD_MODELS)
        ).delete()
        SearchReader.objects.filter(meeting_id__in=chunk).delete()
        meetings = index_rows.meetings_for_indexing(Meeting.objects.filter(pk__in=chunk))
        docs = [doc for meeting in meetings for doc in index_rows.meeting_documents(meeting)]
        # A paper moved to another meeting's item leaves its old row behind: replace it too.
        SearchDocument.objects.filter(
            kind=Kind.PAPER, object_id__in=[d.object_id for d in docs if d.kind == Kind.PAPER]
        ).delete()
        _write(docs)
        SearchReader.objects.bulk_create(
            [reader for meeting in meetings for reader in index_rows.meeting_readers(meeting)]
        )
        count += len(docs)
    return count


@transaction.atomic
def index_meetings(meeting_ids: Iterable[int]) -> int:
    """Replace the documents of these meetings, and those of the records on their items
    (a restricted item restricts them)."""
    meeting_ids = sorted(set(meeting_ids))
    if not meeting_ids:
        return 0
    count = _replace_meetings(meeting_ids)
    for kind, model in RECORD_MODELS.items():
        if kind == Kind.RISK:
            continue
        count += _replace_records(
            kind, model.objects.filter(agenda_item__meeting_id__in=meeting_ids)
        )
    return count


def _replace_records(kind: str, records: QuerySet) -> int:
    """Write the documents of these records afresh: a body's thousands in a few queries,
    read in chunks rather than held at once."""
    SearchDocument.objects.filter(kind=kind, object_id__in=records.values("pk")).delete()
    loaded = index_rows.records_for_indexing(kind).filter(pk__in=records.values("pk"))
    count = 0
    batch: list[SearchDocument] = []
    for record in loaded.order_by("pk").iterator(chunk_size=2000):
        batch.append(index_rows.record_document(kind, record))
        if len(batch) >= 2000:
            count += len(_write(batch))
            batch = []
    return count + len(_write(batch))


@transaction.atomic
def index_records(kind: str, ids: Iterable[int]) -> int:
    ids = sorted(set(ids))
    if not ids:
        return 0
    return _replace_records(kind, RECORD_MODELS[kind].objects.filter(pk__in=ids))


@transaction.atomic
def index_reports(ids: Iterable[int]) -> int:
    ids = sorted(set(ids))
    if not ids:
        return 0
    SearchDocument.objects.filter(kind=Kind.REPORT, object_id__in=ids).delete()
    docs = [
        index_rows.report_document(page)
        for page in index_rows.reports_for_indexing().filter(pk__in=ids)
    ]
    _write(docs)
    return len(docs)


@transaction.atomic
def index_bodies(body_ids: Iterable[int]) -> int:
    """Replace every document that shows these bodies' names: their meetings (with all
    on them), their records and their reports. By queryset, in batches: a body with twenty
    years of meetings costs a few queries per BATCH meetings, not one per document."""
    body_ids = sorted(set(body_ids))
    if not body_ids:
        return 0
    meetings = Meeting.objects.filter(body_id__in=body_ids).order_by("pk")
    count = _replace_meetings(list(meetings.values_list("pk", flat=True)))
    for kind, model in RECORD_MODELS.items():
        count += _replace_records(kind, model.objects.filter(body_id__in=body_ids))
    reports = ReportPage.objects.filter(board_id__in=body_ids).values_list("pk", flat=True)
    # A report unpublished since keeps no row: index_reports writes live pages only.
    return count + index_reports(list(reports))


def report_ids_under(page_ids: Iterable[int]) -> set[int]:
    """The reports at or below these pages, whose addresses follow the pages' slugs."""
    ids: set[int] = set()
    for page in Page.objects.filter(pk__in=list(page_ids)):
        reports = ReportPage.objects.descendant_of(page, inclusive=True)
        ids |= set(reports.values_list("pk", flat=True))
    return ids


def presenters_meeting_ids(person_ids: Iterable[int]) -> set[int]:
    """The meetings whose documents show these people's names: those with an agenda not yet
    published that names them as a presenter. A published agenda shows the names as it
    was sent (its snapshot), so renaming someone changes nothing there."""
    return set(
        Meeting.objects.filter(
            agenda_items__presenter_id__in=list(person_ids), agenda_versions__isnull=True
        ).values_list("pk", flat=True)
    )


def meeting_ids_for(targets: Iterable[tuple[str, int]]) -> set[int]:
    """The meetings that the changed meeting parts belong to."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in targets:
        by_kind.setdefault(kind, set()).add(pk)
    meeting_ids = set(by_kind.get("meeting", ()))
    if by_kind.get("person"):
        meeting_ids |= presenters_meeting_ids(by_kind["person"])
    lookups = (
        ("item", AgendaItem, "meeting_id"),
        ("paper", Paper, "agenda_item__meeting_id"),
        ("minutes", Minutes, "meeting_id"),
        ("minutes_item", MinutesItem, "minutes__meeting_id"),
        ("amendment", Amendment, "minutes__meeting_id"),
    )
    for kind, model, field in lookups:
        if by_kind.get(kind):
            meeting_ids |= set(
                model.objects.filter(pk__in=by_kind[kind]).values_list(field, flat=True)
            )
    return meeting_ids


def index_targets(targets: Iterable[tuple[str, int]]) -> int:
    """Reindex what a transaction changed: pairs of (what, id) from search.signals."""
    targets = [(str(kind), int(pk)) for kind, pk in targets]
    bodies = {pk for kind, pk in targets if kind == "body"}
    count = index_bodies(bodies)
    # A renamed body's meetings have just been written with everything on them.
    meetings = meeting_ids_for(targets) - set(
        Meeting.objects.filter(body_id__in=bodies).values_list("pk", flat=True)
    )
    count += index_meetings(meetings)
    for kind in RECORD_MODELS:
        count += index_records(kind, [pk for k, pk in targets if k == kind])
    reports = {pk for k, pk in targets if k == Kind.REPORT}
    reports |= report_ids_under(pk for k, pk in targets if k == "pages_under")
    count += index_reports(reports)
    return count


def rebuild(progress=lambda message: None) -> int:
    """Index everything again from the records."""
    # TRUNCATE refuses a transaction that has already written rows (their constraint checks
    # are pending): load_demo's, a test's. Those delete instead.
    truncate = uses_full_text() and not connection.in_atomic_block
    with transaction.atomic():
        return _rebuild(truncate, progress)


def _rebuild(truncate: bool, progress) -> int:
    if truncate:
        # Emptied at once, leaving no dead rows for the next searches to read past.
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_searchdocument, search_searchreader")
    else:
        SearchDocument.objects.all().delete()
        SearchReader.objects.all().delete()
    count = 0
    meeting_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(meeting_ids), BATCH):
        chunk = meeting_ids[start : start + BATCH]
        meetings = index_rows.meetings_for_indexing(Meeting.objects.filter(pk__in=chunk))
        docs = [doc for meeting in meetings for doc in index_rows.meeting_documents(meeting)]
        _write(docs)
        SearchReader.objects.bulk_create(
            [reader for meeting in meetings for reader in index_rows.meeting_readers(meeting)]
        )
        count += len(docs)
    progress(f"{count:,} meeting documents")
    for kind in RECORD_MODELS:
        records = index_rows.records_for_indexing(kind).order_by("pk")
        batch = []
        for record in records.iterator(chunk_size=2000):
            batch.append(index_rows.record_document(kind, record))
            if len(batch) >= 2000:
                SearchDocument.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        count += len(batch)
    docs = [index_rows.report_document(page) for page in index_rows.reports_for_indexing()]
    SearchDocument.objects.bulk_create(docs)
    count += len(docs)
    return count
