"""Reads for notes, each with what the access rule and the page need loaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from meetings.models import Paper, PaperNote, PaperVersion
from meetings.papers import selectors as paper_selectors
from meetings.papers.access import may_open_paper, published_state
from meetings.published_items import published_agendas
from membership.access import AnyUser
from membership.models import Partnership
from membership.partnerships import body_ids_in


class NotReadable(Exception):
    """The paper, version or note does not exist for this reader: the views answer 404."""


@dataclass(frozen=True)
class Readable:
    paper: Paper
    version: PaperVersion


def version_get_readable(
    user: AnyUser, partnership: Partnership, paper_id: int, number: int
) -> Readable:
    """A version of a paper of the partnership that the user may open and keep notes on.
    Only a signed-in reader keeps notes; raises NotReadable for anyone else."""
    if not user.is_authenticated:
        raise NotReadable
    try:
        paper = paper_selectors.paper_get_for_file(paper_id, partnership)
        published = published_state(
            paper_selectors.agenda_version_latest(paper.agenda_item.meeting)
        )
        if not may_open_paper(user, paper, published):
            raise NotReadable
        version = paper_selectors.paper_version_get(paper, number)
    except (Paper.DoesNotExist, PaperVersion.DoesNotExist) as missing:
        raise NotReadable from missing
    return Readable(paper=paper, version=version)


def note_list_for_version(user: AnyUser, version: PaperVersion) -> QuerySet[PaperNote]:
    """The user's own notes on this version, by page. The caller has checked the paper."""
    return PaperNote.objects.filter(author=user, paper_version=version).order_by(
        "page", "created", "pk"
    )


def note_get_for_author(user: AnyUser, partnership: Partnership, note_id: int) -> PaperNote:
    """One of the user's own notes, on a paper they may still open. Raises NotReadable."""
    if not user.is_authenticated:
        raise NotReadable
    try:
        note = PaperNote.objects.select_related(
            "paper_version__paper__agenda_item__parent",
            "paper_version__paper__agenda_item__meeting__body",
        ).get(
            pk=note_id,
            author=user,
            paper_version__paper__agenda_item__meeting__body__in=body_ids_in(partnership),
        )
    except PaperNote.DoesNotExist as missing:
        raise NotReadable from missing
    paper = note.paper_version.paper
    published = published_state(paper_selectors.agenda_version_latest(paper.agenda_item.meeting))
    if not may_open_paper(user, paper, published):
        raise NotReadable
    return note


def note_list_for_author(user: AnyUser, partnership: Partnership) -> list[PaperNote]:
    """All the user's notes on papers of the partnership that they may open today, newest
    meeting first, then by paper, version and page. Two queries however many notes: the
    notes with their paper, item and meeting, and the meetings' published agendas (the
    reader's seats are read once per request by the access rule)."""
    if not user.is_authenticated:
        return []
    notes = list(
        PaperNote.objects.filter(
            author=user,
            paper_version__paper__agenda_item__meeting__body__in=body_ids_in(partnership),
        )
        .select_related(
            "paper_version__paper__agenda_item__parent",
            "paper_version__paper__agenda_item__meeting__body",
        )
        .defer("paper_version__text")
        .order_by(
            "-paper_version__paper__agenda_item__meeting__start",
            "paper_version__paper__agenda_item__meeting_id",
            "paper_version__paper__sort_order",
            "paper_version__paper_id",
            "paper_version__number",
            "page",
            "created",
            "pk",
        )
    )
    agendas = published_agendas({note.paper_version.paper.agenda_item.meeting_id for note in notes})
    unpublished = published_state(None)
    return [
        note
        for note in notes
        if may_open_paper(
            user,
            note.paper_version.paper,
            agendas.get(note.paper_version.paper.agenda_item.meeting_id, unpublished),
        )
    ]
