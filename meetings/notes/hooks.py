"""The member's notes on /my/ (core.personal): the latest few and a link to them all."""

from __future__ import annotations

from wagtail import hooks

from core.personal import HOOK, MyPageSection
from meetings.notes.selectors import note_list_for_author
from membership.partnerships import for_request

MY_PAGE_NOTES = 5


@hooks.register(HOOK)
def my_notes_section(request, person):
    if not request.user.is_authenticated:
        return None
    notes = note_list_for_author(request.user, for_request(request))
    latest = sorted(notes, key=lambda note: note.updated, reverse=True)[:MY_PAGE_NOTES]
    return MyPageSection(
        heading="My notes on papers",
        anchor="my-notes",
        template="meetings/notes/my_page_section.html",
        order=60,
        context={"notes": latest, "count": len(notes)},
    )
