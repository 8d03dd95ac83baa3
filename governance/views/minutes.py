"""The minutes of a meeting as their readers see them: the page and its PDF, the versions
and their comparison, and the comments of those who attended, posted from the page. The
editor, for the business unit and the body's chair, is in governance.views.minutes_editor.

Every read goes through governance.selectors and the one rule in governance.access
(`minutes_access`); every write through governance.services.minutes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.errors import add_validation_errors
from governance import pdf as documents
from governance import selectors, services
from governance.access import MinutesAccess, minutes_access
from governance.minutes_forms import MinutesCommentForm
from governance.minutes_snapshots import attendee_ids, compare, item_data, visible_items
from governance.models import Minutes, MinutesVersion
from governance.selectors.interests import meeting_declarations
from governance.services.signatures import may_sign, signature_keep_pdf_digest
from meetings.forms import CompareForm
from meetings.models import Meeting
from meetings.papers.views import PRIVATE_CACHE, PUBLIC_CACHE, safe_filename
from meetings.selectors import meetings_in
from membership.partnerships import for_request

from ._common import forbidden, signed_in


# ---------------------------------------------------------------------------
# Loading and the access rule
# ---------------------------------------------------------------------------
def _meeting_or_404(request, pk: int) -> Meeting:
    """The meeting, if its body serves the partnership answering on the request's host."""
    try:
        return meetings_in(for_request(request)).select_related("body").get(pk=pk)
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing


def _load(request, pk: int) -> tuple[Meeting, Minutes | None, MinutesAccess]:
    meeting = _meeting_or_404(request, pk)
    minutes = selectors.minutes_get_for_meeting(pk)
    access = minutes_access(
        request.user,
        meeting.body,
        status=minutes.status if minutes else None,
        attendee_ids=attendee_ids(selectors.meeting_attendance(meeting)),
    )
    return meeting, minutes, access


def _unavailable(request, meeting: Meeting, access: MinutesAccess):
    """The minutes are not there for this reader: not started, or not yet approved. A 404,
    as for a paper the reader may not open, with a word on when minutes appear."""
    return render(
        request,
        "governance/minutes_unavailable.html",
        {"meeting": meeting, "access": access},
        status=404,
    )


def _page_items(user, minutes: Minutes, access: MinutesAccess, comments=()) -> list[dict]:
    """The minutes' items as the reader may see them, each with its decisions and actions
    (those the reader may see), its amendments and, for the editors and attendees, the
    comments on it."""
    decisions, actions = selectors.minutes_records(minutes.meeting, user)
    declarations = meeting_declarations(minutes.meeting)
    by_item = defaultdict(list)
    for comment in comments:
        by_item[comment.item_id].append(comment)
    items = []
    for item in minutes.item_list:
        data = item_data(
            item,
            decisions=decisions.get(item.agenda_item_id, ()),
            actions=actions.get(item.agenda_item_id, ()),
        )
        data["approved_text"] = item.text
        data["amendments"] = item.amendment_list
        data["comments"] = by_item.get(item.pk, [])
        data["declarations"] = [
            {"person": d.person.name, "interest": d.interest, "withdrew": d.withdrew}
            for d in declarations.get(item.agenda_item_id, ())
        ]
        items.append(data)
    return visible_items(items, see_restricted=access.see_restricted)


def _commentable(minutes: Minutes, access: MinutesAccess) -> list:
    """The items a reader may comment on: those they may see."""
    return [item for item in minutes.item_list if access.see_restricted or not item.restricted]


def _visible_versions(minutes: Minutes, access: MinutesAccess) -> list[MinutesVersion]:
    return [
        version
        for version in selectors.minutes_version_list(minutes).order_by("number")
        if access.may_see_stage(version.stage)
    ]


def _detail_context(request, meeting, minutes, access) -> dict:
    comments = selectors.minutes_comments(minutes) if access.may_see_comments else []
    versions = _visible_versions(minutes, access)
    items = _page_items(request.user, minutes, access, comments)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "access": access,
        "items": items,
        "declared": [
            {**declaration, "number": item["number"], "title": item["title"]}
            for item in items
            for declaration in item.get("declarations", ())
        ],
        "signature": getattr(minutes, "signature", None),
        "may_sign": minutes.is_locked
        and not hasattr(minutes, "signature")
        and may_sign(request.user, minutes),
        "verify_url": request.build_absolute_uri("/minutes/verify/"),
        "general_comments": [c for c in comments if c.item_id is None],
        "attendance": minutes.attendance,
        "latest_version": versions[-1] if versions else None,
    }


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def minutes_detail(request, pk: int, comment_form=None, status: int = 200):
    meeting, minutes, access = _load(request, pk)
    if not access.may_read:
        return _unavailable(request, meeting, access)
    context = _detail_context(request, meeting, minutes, access)
    if access.may_comment:
        context["comment_form"] = comment_form or MinutesCommentForm(
            items=_commentable(minutes, access)
        )
    return render(request, "governance/minutes_detail.html", context, status=status)


@require_safe
def minutes_pdf(request, pk: int):
    meeting, minutes, access = _load(request, pk)
    if not access.may_read:
        raise Http404("No such minutes")
    context = _detail_context(request, meeting, minutes, access)
    if minutes.is_locked:
        pdf = documents.kept_minutes_pdf(context)
    else:
        pdf = documents.minutes_pdf(context)
    signature = context["signature"]
    if signature is not None:
        # Each signed PDF given out is remembered, so that a copy of it can be verified.
        sha256 = hashlib.sha256(pdf).hexdigest()
        if sha256 not in signature.pdf_digests:
            signature_keep_pdf_digest(signature=signature, sha256=sha256)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = safe_filename(
        meeting.body.short_name or meeting.body.name,
        f"{meeting.date:%Y-%m-%d}",
        "minutes" if minutes.is_locked else "draft minutes",
        fallback=f"meeting-{meeting.pk}-minutes",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PUBLIC_CACHE if access.is_public_view else PRIVATE_CACHE
    return response


def _readable_minutes(request, pk: int):
    meeting, minutes, access = _load(request, pk)
    if not access.may_read:
        raise Http404("No such minutes")
    return meeting, minutes, access


def _restricted_now(minutes: Minutes, items: list[dict]) -> list[dict]:
    """A version's items with today's restrictions in place of those it was frozen with, as
    for agenda versions (meetings.access.Restrictions): an item, decision or action restricted
    since is hidden in an older version too, one opened up since is shown, and one that no
    longer exists counts as restricted."""
    items_public = {item.pk for item in minutes.item_list if not item.restricted}
    decisions, actions = selectors.minutes_records(minutes.meeting)
    decisions_public = {d.pk for found in decisions.values() for d in found if not d.restricted}
    actions_public = {a.pk for found in actions.values() for a in found if not a.restricted}

    def marked(records, public):
        return [{**r, "restricted": r["id"] not in public} for r in records]

    return [
        {
            **item,
            "restricted": item["id"] not in items_public,
            "decisions": marked(item.get("decisions", []), decisions_public),
            "actions": marked(item.get("actions", []), actions_public),
        }
        for item in items
    ]


def minutes_versions(request, pk: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    versions = _visible_versions(minutes, access)
    rows = []
    previous = None
    for version in versions:
        rows.append({"version": version, "previous": previous})
        previous = version
    rows.reverse()
    return render(
        request,
        "governance/minutes_versions.html",
        {"meeting": meeting, "minutes": minutes, "rows": rows},
    )


def minutes_version_detail(request, pk: int, number: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    version = selectors.minutes_version_list(minutes).filter(number=number).first()
    if version is None or not access.may_see_stage(version.stage):
        raise Http404("No such version")
    items = visible_items(
        _restricted_now(minutes, version.items), see_restricted=access.see_restricted
    )
    return render(
        request,
        "governance/minutes_version_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "version": version,
            "items": items,
            "attendance": version.snapshot.get("attendance", {}),
        },
    )


def minutes_compare(request, pk: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    form = CompareForm(request.GET)
    context = {"meeting": meeting, "minutes": minutes, "form": form}
    if not form.is_valid():
        return render(request, "governance/minutes_compare.html", context, status=400)
    numbers = (form.cleaned_data["a"], form.cleaned_data["b"])
    found = {
        version.number: version
        for version in selectors.minutes_version_list(minutes).filter(number__in=numbers)
        if access.may_see_stage(version.stage)
    }
    unknown = sorted({n for n in numbers if n not in found})
    if unknown:
        context["unknown"] = unknown
        return render(request, "governance/minutes_compare.html", context, status=404)
    old, new = found[numbers[0]], found[numbers[1]]
    before, after = (
        {**version.snapshot, "items": _restricted_now(minutes, version.items)}
        for version in (old, new)
    )
    context.update(
        old=old,
        new=new,
        comparison=compare(before, after, see_restricted=access.see_restricted),
    )
    return render(request, "governance/minutes_compare.html", context)


# ---------------------------------------------------------------------------
# Comments of those who attended
# ---------------------------------------------------------------------------
@signed_in
@require_POST
def minutes_comment(request, pk: int):
    meeting, minutes, access = _readable_minutes(request, pk)
    form = MinutesCommentForm(request.POST, items=_commentable(minutes, access))
    if form.is_valid():
        try:
            services.minutes_comment(
                actor=request.user,
                minutes=minutes,
                item=form.cleaned_data["item"],
                text=form.cleaned_data["text"],
            )
        except PermissionDenied as refusal:
            return forbidden(request, str(refusal))
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Thank you: your comment has been sent with the minutes.")
            return redirect(reverse("governance:minutes_detail", args=[pk]) + "#comments")
    return minutes_detail(request, pk, comment_form=form, status=400)
