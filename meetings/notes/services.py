"""Writing notes: each is its author's, so a service refuses a note of someone else's, and
checks the note's rules (a page the version has, a bounded text, well-formed highlights)
before anything is saved.

Notes keep no history: their author edits and deletes them, and a historical copy would
keep text its author deleted (tests/security/test_history_census.py lists them).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from meetings.models import PaperNote, PaperVersion


def _refuse_unless_author(actor: User, note: PaperNote) -> None:
    if note.author_id != actor.pk:
        raise PermissionDenied("A note is changed by its author alone.")


@transaction.atomic
def note_create(
    *,
    actor: User,
    paper_version: PaperVersion,
    page: int,
    text: str = "",
    rects: list | None = None,
    quote: str = "",
) -> PaperNote:
    note = PaperNote(
        paper_version=paper_version,
        author=actor,
        page=page,
        text=text.strip(),
        rects=rects or [],
        quote=quote.strip(),
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(*, actor: User, note: PaperNote, text: str) -> PaperNote:
    _refuse_unless_author(actor, note)
    note = PaperNote.objects.select_for_update().select_related("paper_version").get(pk=note.pk)
    note.text = text.strip()
    note.full_clean()
    note.save(update_fields=["text", "updated"])
    return note


@transaction.atomic
def note_delete(*, actor: User, note: PaperNote) -> None:
    _refuse_unless_author(actor, note)
    note.delete()
