"""Queue a reindex when something searchable changes, once the change commits.

Signals rather than calls from each service: the services of meetings, governance and cms
sit below search in the import order, and a change made from the admin, a service, an
import or the demo loader must all reach the index. Nothing here decides anything; the task
reads the records and the rules afresh (search.indexing). A change of restriction also sets
the index's flags at once, in its own transaction (search.restrictions).

A transaction that saves forty agenda items queues one task naming the meeting once.

Documents also copy a few fields of rows they only point at: a body's name (its meetings,
records and reports show it, and the meeting's own text holds it so the name finds it), a
person's name (as the presenter of an item on an agenda not yet published), and the slugs
of the pages above a report (its address). A change to one of those queues the whole body,
the person's meetings or the reports under the page as one target, which the task
reindexes by queryset (search.indexing.index_bodies).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.models import ReportPage
from core import outbox
from governance.models import (
    Action,
    Amendment,
    Challenge,
    Decision,
    Minutes,
    MinutesItem,
    Risk,
)
from meetings.models import (
    AgendaItem,
    AgendaVersion,
    Attendance,
    Meeting,
    Paper,
    PaperVersion,
)
from membership.models import Body, Person
from search import restrictions
from search.models import Kind, SearchDocument

logger = logging.getLogger(__name__)

INDEX_TASK = "search.tasks.search_index_update"

# Each model, and the (what, id) it asks search.indexing.index_targets to reindex.
WATCHED = {
    Meeting: lambda o: ("meeting", o.pk),
    AgendaItem: lambda o: ("meeting", o.meeting_id),
    AgendaVersion: lambda o: ("meeting", o.meeting_id),
    Paper: lambda o: ("paper", o.pk),
    PaperVersion: lambda o: ("paper", o.paper_id),
    Minutes: lambda o: ("meeting", o.meeting_id),
    MinutesItem: lambda o: ("minutes", o.minutes_id),
    Amendment: lambda o: ("minutes", o.minutes_id),
    Decision: lambda o: ("decision", o.pk),
    Action: lambda o: ("action", o.pk),
    Challenge: lambda o: ("challenge", o.pk),
    Risk: lambda o: ("risk", o.pk),
    # Who was at the meeting may find its circulated minutes (search.models.SearchReader).
    Attendance: lambda o: ("meeting", o.meeting_id),
}

# Rows whose fields documents copy (search.index_rows): the fields, and the target to
# reindex when a save changes one of them. Bodies and people are saved far more often for
# other reasons (memberships, seats, contact details), and a body's reindex is large.
COPIED = {
    Body: (("name",), lambda o: ("body", o.pk)),
    Person: (("honorific", "given_name", "family_name"), lambda o: ("person", o.pk)),
}


# Fields that decide whether a row, or what hangs on it, is restricted: a save that changes
# one sets the index's flags at once (search.restrictions), before the reindex is queued.
RESTRICTING = {
    AgendaItem: ("is_restricted", "parent_id"),
    Paper: ("is_restricted", "agenda_item_id"),
    MinutesItem: ("is_restricted", "agenda_item_id"),
    Decision: ("is_restricted", "agenda_item_id"),
    Action: ("is_restricted", "agenda_item_id"),
    Challenge: ("is_restricted", "agenda_item_id"),
    Risk: ("is_restricted",),
}
RECORD_KINDS = {
    Decision: Kind.DECISION,
    Action: Kind.ACTION,
    Challenge: Kind.CHALLENGE,
    Risk: Kind.RISK,
}
DOCUMENT_KINDS = {AgendaItem: Kind.ITEM, Paper: Kind.PAPER, MinutesItem: Kind.MINUTES}


class _Batch:
    """What one transaction changed, queued as one task when it commits."""

    def __init__(self):
        self.targets: set[tuple[str, int]] = set()
        self.done = False

    def __call__(self):
        self.done = True
        if not self.targets:
            return
        try:
            # Committed by now: the one task is sent at once, or kept in the outbox while
            # the broker is down.
            outbox.send(outbox.task_named(INDEX_TASK), sorted(self.targets))
        except Exception:
            # Run eagerly (the demo, tests), the task's own failure arrives here; the change
            # is saved, and rebuild_search_index puts the index right.
            logger.exception("Could not update the search index for %s", sorted(self.targets))


def _current_batch() -> _Batch:
    """The open transaction's batch: a new one when the last was sent, or was dropped with a
    rolled-back transaction (its callback is then no longer waiting for the commit)."""
    connection = transaction.get_connection()
    batch = getattr(connection, "_search_batch", None)
    waiting = batch is not None and any(
        callback is batch for _sids, callback, _robust in connection.run_on_commit
    )
    if batch is None or batch.done or not waiting:
        batch = _Batch()
        connection._search_batch = batch
        # robust: the change is saved by then; a failing index update must not undo the page.
        transaction.on_commit(batch, robust=True)
    return batch


def queue(target: tuple[str, int]) -> None:
    if target[1] is None:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        batch = _Batch()
        batch.targets.add(target)
        batch()
        return
    _current_batch().targets.add(target)


def pending_targets_discard() -> None:
    """For a rebuild of the whole index inside the transaction that changed things."""
    batch = getattr(transaction.get_connection(), "_search_batch", None)
    if batch is not None:
        batch.targets.clear()


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    queue(WATCHED[sender](instance))


def _remember_copied(sender, instance, raw=False, **kwargs):
    """Before the save, whether it changes what documents copy: one read of the row by its
    key, for the models in COPIED only."""
    if raw or instance.pk is None:
        return
    fields, _target = COPIED[sender]
    stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    instance._search_copied_changed = stored is not None and any(
        stored[name] != getattr(instance, name) for name in fields
    )


def _copied_saved(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "_search_copied_changed", False):
        return
    instance._search_copied_changed = False
    queue(COPIED[sender][1](instance))


def _remember_restricting(sender, instance, raw=False, **kwargs):
    """Before the save, the fields that decide restriction as stored: one read of the row by
    its key. After it, the meetings whose documents they moved from."""
    if raw or instance.pk is None:
        instance._search_restricting = None
        return
    fields = RESTRICTING[sender]
    instance._search_restricting = (
        sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    )


def _meeting_of(sender, instance) -> int | None:
    if sender is AgendaItem:
        return instance.meeting_id
    if sender is Paper:
        return (
            AgendaItem.objects.filter(pk=instance.agenda_item_id)
            .values_list("meeting_id", flat=True)
            .first()
        )
    return (
        Minutes.objects.filter(pk=instance.minutes_id).values_list("meeting_id", flat=True).first()
    )


def _follow_meetings_indexed_with(sender, instance, *also: int | None) -> None:
    """Set the flags of every meeting whose documents hold this row (a paper moved to another
    meeting's item is still indexed under its old one until the reindex), and of `also`."""
    meeting_ids = set(also) | set(
        SearchDocument.objects.filter(
            kind=DOCUMENT_KINDS[sender], object_id=instance.pk
        ).values_list("meeting_id", flat=True)
    )
    for meeting_id in meeting_ids - {None}:
        restrictions.flags_follow_meeting(meeting_id)


def _restriction_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return  # a new row has no document yet: the queued reindex writes it
    stored = getattr(instance, "_search_restricting", None)
    now = tuple(getattr(instance, name) for name in RESTRICTING[sender])
    if stored == now:
        return
    if sender in RECORD_KINDS:
        restrictions.flags_follow_record(RECORD_KINDS[sender], instance)
        return
    _follow_meetings_indexed_with(sender, instance, _meeting_of(sender, instance))


def _restriction_deleted(sender, instance, **kwargs):
    """An item or paper deleted from the agenda withdraws what a published version shows of
    it: its documents are restricted until the reindex removes them."""
    _follow_meetings_indexed_with(sender, instance)


def _report_changed(sender, instance, **kwargs):
    if isinstance(instance, ReportPage):
        queue(("report", instance.pk))


def _pages_moved(sender, instance, **kwargs):
    """A page's new slug or place changes the address of every report under it."""
    queue(("pages_under", instance.pk))


def connect() -> None:
    for model in WATCHED:
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_saved, sender=model, dispatch_uid=f"{uid}-delete")
    for model in RESTRICTING:
        uid = f"search-restricting-{model._meta.label_lower}"
        pre_save.connect(_remember_restricting, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(_restriction_saved, sender=model, dispatch_uid=f"{uid}-after")
    for model in (AgendaItem, Paper):
        uid = f"search-restricting-{model._meta.label_lower}-deleted"
        post_delete.connect(_restriction_deleted, sender=model, dispatch_uid=uid)
    for model in COPIED:
        uid = f"search-copied-{model._meta.label_lower}"
        pre_save.connect(_remember_copied, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(_copied_saved, sender=model, dispatch_uid=f"{uid}-after")
    page_published.connect(_report_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_report_changed, dispatch_uid="search-page-unpublished")
    post_delete.connect(_report_changed, dispatch_uid="search-page-deleted")
    page_slug_changed.connect(_pages_moved, dispatch_uid="search-page-slug-changed")
    post_page_move.connect(_pages_moved, dispatch_uid="search-page-moved")


def is_index_callback(callback) -> bool:
    """For tests that count what a change queues on commit."""
    return isinstance(callback, _Batch)
