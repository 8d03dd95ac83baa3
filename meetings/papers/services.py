"""Tabling papers: creating a paper, uploading its versions, and extracting their text.

Each upload is checked (meetings.papers.uploads) before anything is written; an accepted upload
becomes a new PaperVersion numbered last + 1, and no earlier version is ever touched.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import outbox
from core.history import stamp
from meetings.models import AgendaItem, Meeting, Paper, PaperVersion
from meetings.papers import selectors as paper_selectors
from meetings.papers.access import PackView, published_state
from meetings.papers.text import extract_text
from meetings.papers.uploads import CheckedPdf, check_pdf
from meetings.pdf import pack_open


def _store_version(
    *, actor: User | None, paper: Paper, file: File, checked: CheckedPdf, note: str
) -> PaperVersion:
    # The paper row is the lock: two uploads at once queue here and become n + 1 and n + 2.
    Paper.objects.select_for_update().get(pk=paper.pk)
    last = PaperVersion.objects.filter(paper=paper).aggregate(last=Max("number"))["last"] or 0
    version = PaperVersion(
        paper=paper,
        number=last + 1,
        original_filename=checked.original_filename,
        size=checked.size,
        sha256=checked.sha256,
        page_count=checked.page_count,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        note=note,
    )
    # An upload that carried active content is stored as rewritten without it.
    stored = ContentFile(checked.content) if checked.content is not None else file
    stored.seek(0)
    version.file.save(f"v{version.number}.pdf", stored, save=False)
    reason = note or f"Version {version.number} uploaded"
    if checked.removed:
        reason = f"{reason}; removed from the PDF: {', '.join(checked.removed)}"
    try:
        version.full_clean()
        stamp(version, actor, reason)
        version.save()
    except BaseException:
        # The row will not exist, so neither may its file.
        version.file.storage.delete(version.file.name)
        raise
    # Text extraction reads the whole file, and the meeting's packs now need rebuilding:
    # both are a worker's jobs, once the row is committed.
    meeting_id = paper.agenda_item.meeting_id
    outbox.enqueue("meetings.tasks.paper_version_extract_text", version.pk)
    pack_build_queue(meeting_id)
    # For the page that confirms the upload: what was taken out of the file, if anything.
    version.removed_content = checked.removed
    return version


def pack_build_queue(meeting_id: int) -> None:
    """Have a worker build a meeting's packs ahead of the first reader, once the change is
    committed. With tasks run eagerly (the demo) that would only slow the request, and the
    pack view builds a pack when it is first asked for (settings.PAPERS_PACK_PREBUILD)."""
    if settings.PAPERS_PACK_PREBUILD:
        outbox.enqueue("meetings.tasks.meeting_pack_build", meeting_id)


@transaction.atomic
def paper_upload(*, actor: User | None, paper: Paper, file: File, note: str = "") -> PaperVersion:
    """Add a new version of a paper. The file is checked before anything is stored: a
    refusal raises ValidationError({"file": …}) and leaves no row and no file."""
    checked = check_pdf(file)
    return _store_version(actor=actor, paper=paper, file=file, checked=checked, note=note)


@transaction.atomic
def paper_create(
    *,
    actor: User | None,
    agenda_item: AgendaItem,
    title: str,
    file: File,
    is_restricted: bool = False,
    note: str = "",
) -> Paper:
    """Table a new paper under an agenda item with its first version. The file is checked
    first, so a refused upload creates no paper either."""
    checked = check_pdf(file)
    last = agenda_item.papers.aggregate(last=Max("sort_order"))["last"]
    paper = Paper(
        agenda_item=agenda_item,
        title=title,
        is_restricted=is_restricted,
        sort_order=(last + 1) if last is not None else 0,
    )
    paper.full_clean()
    stamp(paper, actor, "Paper tabled")
    paper.save()
    version = _store_version(actor=actor, paper=paper, file=file, checked=checked, note=note)
    paper.removed_content = version.removed_content
    return paper


def paper_version_extract_text(*, version_id: int) -> PaperVersion | None:
    """Fill in a version's text (and its page count, if the upload path did not). Safe to
    run twice: a version that already has its text is left alone. A PDF that cannot be read,
    or only in part, is not an error for the worker: what could be read is kept and the
    reason recorded on the version."""
    version = PaperVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    if version.text and version.page_count is not None:
        return version
    with version.file.open("rb") as stream:
        extraction = extract_text(stream)
    with transaction.atomic():
        locked = PaperVersion.objects.select_for_update().get(pk=version_id)
        locked.text = extraction.text
        if extraction.page_count is not None:
            locked.page_count = extraction.page_count
        locked.text_error = extraction.error[:300]
        stamp(locked, None, "Text extracted for search")
        locked.save(update_fields=["text", "page_count", "text_error"])
    return locked


def meeting_pack_build(*, meeting_id: int) -> None:
    """Build a published meeting's two packs ahead of the first reader, so that a request
    usually finds them stored. A pack that is already up to date is left as it is. An
    unpublished agenda's pack is for the business unit alone and is built when they ask."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return
    published = published_state(paper_selectors.agenda_version_latest(meeting))
    if not published.is_published:
        return
    for view in PackView:
        pack_open(meeting, view, published).file.close()
