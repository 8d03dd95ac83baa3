"""Freezing a report's live blocks into the revision that is published.

A published report must not change when the records change later: a decision restricted,
an attendance record corrected, an action closed. So, as a revision is published, each live
block's data is collected once and written into the block's value in that revision, as
`snapshot` ({"revision": id, "taken_at": when, "data": …}). Publishing copies the
revision's content onto the page, so the page, its PDF, the revision history, comparisons
and reverts all carry the same frozen data.

Where it runs (every publishing path, read from Wagtail 8.0's source):
- `ReportPage.publish()`, which `Revision.publish()` calls: workflow approval
  (`wagtail.workflows.publish_workflow_state`), scheduled publishing, the create view,
  bulk publishing, `load_demo`;
- the `before_publish_page` hook: the edit view's publish button builds its own
  `PublishPageRevisionAction` and never calls `publish()`, but runs the hook right after
  saving the revision, on the page whose `latest_revision` is that very object;
- `report_published` (page_published), as a last resort for any path that does neither
  (the admin API's publish action): it freezes the revision and then the live page.

A revision is frozen once: its snapshots name it, and a snapshot that names another
revision (carried over by copying a page, say) is taken again. A revision scheduled to go
live later is frozen when it goes live, not when it is scheduled.
"""

from __future__ import annotations

from django.utils import timezone

from cms.blocks import live_children


def _is_scheduled(page) -> bool:
    return bool(page.go_live_at and page.go_live_at > timezone.now())


def freeze_revision(revision) -> bool:
    """Fill the snapshot of each live block of the revision that does not have this
    revision's yet, and save the revision. Returns whether anything was frozen."""
    page = revision.as_object()
    if not hasattr(page, "report_context") or _is_scheduled(page):
        return False
    report = page.report_context
    taken_at = timezone.now().isoformat()
    frozen = False
    for child, block in live_children(page.body):
        snapshot = child.value.snapshot
        if snapshot and snapshot.get("revision") == revision.pk:
            continue
        child.value.snapshot = {
            "revision": revision.pk,
            "taken_at": taken_at,
            "data": block.collect(child.value, report),
        }
        frozen = True
    if frozen:
        revision.content["body"] = page.serializable_data()["body"]
        revision.save(update_fields=["content"])
    return frozen


def is_frozen(revision) -> bool:
    """Whether every live block of the revision carries this revision's snapshot."""
    page = revision.as_object()
    return all(
        (child.value.snapshot or {}).get("revision") == revision.pk
        for child, _block in live_children(page.body)
    )


def empty_blocks(page) -> list[str]:
    """The headings of the page's live blocks that have nothing to show, as published
    (frozen) or as a draft would read the records now: the editor is told before the public
    reads "No meetings … were held"."""
    if not hasattr(page, "report_context"):
        return []
    context = {"report": page.report_context}
    return [
        child.value.heading
        for child, block in live_children(page.body)
        if block.is_empty(block.data_for(child.value, context)[0])
    ]
