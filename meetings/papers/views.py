"""Paper files and papers packs, served only after the access rule says yes.

Files live on the private storage, which has no URL; these views are the only way to them.
Anyone the rule refuses gets a 404, never a 403 or a sign-in redirect, so a guessed or
forwarded address does not even confirm that a restricted paper exists; so does a paper or
pack of a meeting whose body does not serve the partnership answering on the host.

Every GET that serves restricted material (a paper not public, the members' pack) writes
one AccessLogEntry, and so does every GET by someone signed in, public material included:
the members' page lists the papers a member has not opened yet from it. A public paper or
pack downloaded by someone not signed in is not logged: it is public, and the log would fill
with the addresses of the public and of crawlers for no purpose. The entry is written before
the response is returned, so a file served is a file logged. HEAD requests send no file and
are not logged.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from core.sign_in_limits import client_address
from meetings.access_log.services import access_log_record
from meetings.models import Meeting, Paper, PaperVersion
from meetings.papers import selectors as paper_selectors
from meetings.papers.access import (
    PackView,
    may_open_paper,
    pack_view_for,
    paper_is_public,
    published_state,
)
from meetings.pdf import pack_open
from membership.partnerships import for_request

# Private material must not be kept by the browser or any cache on the way. Public material
# may be kept but is checked again each time (no-cache), because a paper published by
# mistake and then restricted must stop being served at once, not when a cache expires.
PRIVATE_CACHE = "private, no-store"
PUBLIC_CACHE = "no-cache"


def safe_filename(*parts: str, fallback: str) -> str:
    """An ASCII file name made of words, digits and hyphens: nothing a browser or a
    Content-Disposition header could misread."""
    stem = "-".join(slug for slug in (slugify(part) for part in parts) if slug)[:120]
    return f"{stem.strip('-') or fallback}.pdf"


def _log_opening(request, *, meeting, restricted: bool, **what) -> None:
    if request.method != "GET" or not (restricted or request.user.is_authenticated):
        return
    access_log_record(
        user=request.user,
        meeting=meeting,
        restricted=restricted,
        # Behind the proxies the settings trust, the reader's own address, as sign-in reads it.
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        **what,
    )


def _pdf_response(file, *, filename: str, public: bool) -> FileResponse:
    response = FileResponse(file, content_type="application/pdf", filename=filename)
    # FileResponse writes `inline; filename="…"` for an ASCII name when as_attachment is off.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    return response


@require_safe
def paper_file(request, paper_id: int, number: int | None = None):
    """The latest version of a paper (/papers/<id>/) or a numbered one (/papers/<id>/v2/)."""
    try:
        paper = paper_selectors.paper_get_for_file(paper_id, for_request(request))
    except Paper.DoesNotExist as missing:
        raise Http404("No such paper") from missing
    meeting = paper.agenda_item.meeting
    published = published_state(paper_selectors.agenda_version_latest(meeting))
    if not may_open_paper(request.user, paper, published):
        raise Http404("No such paper")
    try:
        version = paper_selectors.paper_version_get(paper, number)
    except PaperVersion.DoesNotExist as missing:
        raise Http404("No such version") from missing
    filename = safe_filename(
        f"{meeting.date:%Y-%m-%d}",
        f"item {paper.agenda_item.number}" if paper.agenda_item.number else "",
        paper.title,
        f"v{version.number}",
        fallback=f"paper-{paper.pk}-v{version.number}",
    )
    public = paper_is_public(paper, published)
    file = version.file.storage.open(version.file.name, "rb")
    try:
        _log_opening(request, meeting=meeting, restricted=not public, paper_version=version)
    except BaseException:
        file.close()
        raise
    return _pdf_response(file, filename=filename, public=public)


@require_safe
def meeting_pack(request, meeting_id: int):
    """One PDF of the cover, the agenda and every paper the reader may see."""
    try:
        meeting = paper_selectors.meeting_get_for_pack(meeting_id, for_request(request))
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing
    published = published_state(paper_selectors.agenda_version_latest(meeting))
    view = pack_view_for(request.user, meeting, published)
    if view is None:
        raise Http404("No such meeting")
    stored = pack_open(meeting, view, published)
    filename = safe_filename(
        meeting.body.short_name or meeting.body.name,
        f"{meeting.date:%Y-%m-%d}",
        "papers" if view == PackView.RESTRICTED else "public papers",
        fallback=f"meeting-{meeting.pk}-papers",
    )
    try:
        _log_opening(
            request, meeting=meeting, restricted=view == PackView.RESTRICTED, pack_view=view
        )
    except BaseException:
        stored.file.close()
        raise
    # FileResponse closes the file once it is sent.
    return _pdf_response(
        stored.file,
        filename=filename,
        public=view == PackView.PUBLIC,
    )
