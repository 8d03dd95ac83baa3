"""The reader (PDF.js with the member's notes beside it), the notes' JSON endpoints, the
export, and the member's list of their notes. Every refusal is a 404 (meetings.notes);
nothing here may be kept by a cache."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.models import PaperNote
from meetings.notes import selectors
from meetings.notes.export import paper_with_notes
from meetings.notes.forms import NoteForm, NoteTextForm
from meetings.notes.services import note_create, note_delete, note_update
from meetings.papers.views import safe_filename
from membership.partnerships import for_request

PRIVATE_CACHE = "private, no-store"


def _private(response):
    response["Cache-Control"] = PRIVATE_CACHE
    return response


def _readable(request, paper_id: int, number: int) -> selectors.Readable:
    try:
        return selectors.version_get_readable(request.user, for_request(request), paper_id, number)
    except selectors.NotReadable as missing:
        raise Http404("No such paper") from missing


def _own_note(request, note_id: int) -> PaperNote:
    try:
        return selectors.note_get_for_author(request.user, for_request(request), note_id)
    except selectors.NotReadable as missing:
        raise Http404("No such note") from missing


def _wants_json(request) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def _data(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return {}
        if not isinstance(data, dict):
            return {}
        # The form's JSON field reads a string, as a hidden input would send it.
        if "rects" in data and not isinstance(data["rects"], str):
            data["rects"] = json.dumps(data["rects"])
        return data
    return request.POST


def note_json(note: PaperNote) -> dict:
    return {
        "id": note.pk,
        "page": note.page,
        "text": note.text,
        "quote": note.quote,
        "rects": note.rects,
        "updated": note.updated.isoformat(),
        "url": reverse("paper_notes:note", args=[note.pk]),
        "delete_url": reverse("paper_notes:note_delete", args=[note.pk]),
    }


def _errors(form_or_error) -> JsonResponse:
    if isinstance(form_or_error, ValidationError):
        errors = (
            form_or_error.message_dict
            if hasattr(form_or_error, "error_dict")
            else {"__all__": form_or_error.messages}
        )
    else:
        errors = {field: list(messages_) for field, messages_ in form_or_error.errors.items()}
    return _private(JsonResponse({"errors": errors}, status=400))


def _reader_url(note_or_readable) -> str:
    version = (
        note_or_readable.paper_version
        if isinstance(note_or_readable, PaperNote)
        else note_or_readable.version
    )
    return reverse("paper_notes:reader", args=[version.paper_id, version.number])


@login_required
@require_safe
def reader(request, paper_id: int, number: int):
    readable = _readable(request, paper_id, number)
    paper, version = readable.paper, readable.version
    notes = list(selectors.note_list_for_version(request.user, version))
    latest = paper.versions.order_by("-number").values_list("number", flat=True).first()
    context = {
        "paper": paper,
        "version": version,
        "meeting": paper.agenda_item.meeting,
        "notes": notes,
        "latest_number": latest,
        "form": NoteForm(page_count=version.page_count, initial={"page": 1}),
        "page_numbers": range(1, (version.page_count or 0) + 1),
    }
    return _private(render(request, "meetings/notes/reader.html", context))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_notes(request, paper_id: int, number: int):
    """GET: the reader's notes on the version, as JSON. POST: a new note, from the viewer
    (JSON, answered with JSON) or from the "note on this page" form (redirected back)."""
    readable = _readable(request, paper_id, number)
    if request.method != "POST":
        notes = selectors.note_list_for_version(request.user, readable.version)
        return _private(JsonResponse({"notes": [note_json(note) for note in notes]}))
    form = NoteForm(_data(request), page_count=readable.version.page_count)
    json_wanted = _wants_json(request)
    if form.is_valid():
        try:
            note = note_create(
                actor=request.user, paper_version=readable.version, **form.cleaned_data
            )
        except ValidationError as error:
            if json_wanted:
                return _errors(error)
            for message in error.messages:
                messages.error(request, message)
            return redirect(_reader_url(readable))
        if json_wanted:
            return _private(JsonResponse(note_json(note), status=201))
        messages.success(request, f"Your note on page {note.page} is saved.")
        return redirect(f"{_reader_url(readable)}#note-{note.pk}")
    if json_wanted:
        return _errors(form)
    for field, errors in form.errors.items():
        for message in errors:
            messages.error(
                request,
                f"{form.fields[field].label if field in form.fields else 'Note'}: {message}",
            )
    return redirect(f"{_reader_url(readable)}#page-note-heading")


@login_required
@require_POST
def note_edit(request, note_id: int):
    note = _own_note(request, note_id)
    form = NoteTextForm(_data(request))
    json_wanted = _wants_json(request)
    if form.is_valid():
        try:
            note = note_update(actor=request.user, note=note, text=form.cleaned_data["text"])
        except ValidationError as error:
            if json_wanted:
                return _errors(error)
            messages.error(request, " ".join(error.messages))
            return redirect(_reader_url(note))
        if json_wanted:
            return _private(JsonResponse(note_json(note)))
        messages.success(request, f"Your note on page {note.page} is saved.")
        return redirect(f"{_reader_url(note)}#note-{note.pk}")
    if json_wanted:
        return _errors(form)
    messages.error(request, "Note: " + " ".join(form.errors["text"]))
    return redirect(f"{_reader_url(note)}#note-{note.pk}")


@login_required
@require_POST
def note_remove(request, note_id: int):
    note = _own_note(request, note_id)
    back = _reader_url(note)
    note_delete(actor=request.user, note=note)
    if _wants_json(request):
        return _private(JsonResponse({"deleted": note_id}))
    messages.success(request, "Your note is deleted.")
    return redirect(back)


@login_required
@require_safe
def export(request, paper_id: int, number: int):
    """The version with the reader's notes as PDF annotations."""
    readable = _readable(request, paper_id, number)
    notes = selectors.note_list_for_version(request.user, readable.version)
    author = request.user.get_full_name() or request.user.get_username()
    data = paper_with_notes(readable.version, notes, author=author)
    meeting = readable.paper.agenda_item.meeting
    filename = safe_filename(
        f"{meeting.date:%Y-%m-%d}",
        readable.paper.title,
        f"v{readable.version.number}",
        "my notes",
        fallback=f"paper-{readable.paper.pk}-v{readable.version.number}-my-notes",
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@login_required
@require_safe
def my_notes(request):
    notes = selectors.note_list_for_author(request.user, for_request(request))
    groups: list[dict] = []
    for note in notes:
        version = note.paper_version
        meeting = version.paper.agenda_item.meeting
        if not groups or groups[-1]["meeting"].pk != meeting.pk:
            groups.append({"meeting": meeting, "versions": []})
        versions = groups[-1]["versions"]
        if not versions or versions[-1]["version"].pk != version.pk:
            versions.append({"version": version, "paper": version.paper, "notes": []})
        versions[-1]["notes"].append(note)
    return _private(
        render(request, "meetings/notes/my_notes.html", {"groups": groups, "count": len(notes)})
    )
