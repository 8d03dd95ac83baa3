"""The chair's electronic signature of approved minutes, and the public page that checks
a signature (and an uploaded copy of the signed PDF) against what Tabled stored. The check
page tells anyone whether the minutes are as signed, and nothing more: the body, the
meeting's date, who signed and when, never what a restricted item says."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from governance.models import MinutesSignature
from governance.selectors import minutes_get_for_meeting
from governance.services.signatures import may_sign
from governance.services.signatures import minutes_sign as sign
from governance.signatures import approved_version, canonical_digest
from meetings.papers.uploads import FIELD, _check_bytes
from meetings.selectors import meetings_in
from membership.partnerships import for_request

from ._common import signed_in


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm, as chair, that these minutes are a correct record of the meeting.",
        error_messages={"required": "Tick the box to sign the minutes."},
    )


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label="A copy of the signed minutes (PDF)")


@signed_in
@require_http_methods(["GET", "POST"])
def minutes_sign(request, pk: int):
    meeting = meetings_in(for_request(request)).select_related("body").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    minutes = minutes_get_for_meeting(meeting.pk)
    if minutes is None or not minutes.is_locked:
        raise Http404("No approved minutes")
    signature = getattr(minutes, "signature", None)
    if signature is not None:
        return redirect(signature.get_absolute_url())
    if not may_sign(request.user, minutes):
        raise PermissionDenied(f"Only the chair of the {meeting.body.name} signs its minutes.")
    version = approved_version(minutes)
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            signature = sign(actor=request.user, minutes=minutes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "You have signed the minutes.")
            return redirect(minutes.get_absolute_url())
    return render(
        request,
        "governance/minutes_sign.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "digest": canonical_digest(version.snapshot) if version else "",
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def minutes_verify_lookup(request):
    digest = (request.GET.get("digest") or "").strip().lower()
    if digest:
        return redirect("governance:minutes_verify", digest=digest)
    return render(request, "governance/minutes_verify.html", {})


@require_http_methods(["GET", "POST"])
def minutes_verify(request, digest: str):
    signature = (
        MinutesSignature.objects.select_related("minutes__meeting__body", "version")
        .filter(
            digest=digest.lower(),
            minutes__meeting__in=meetings_in(for_request(request)),
        )
        .first()
    )
    if signature is None:
        return render(
            request, "governance/minutes_verify.html", {"unknown": digest[:64]}, status=404
        )
    context = {
        "signature": signature,
        "meeting": signature.minutes.meeting,
        "content_matches": canonical_digest(signature.version.snapshot) == signature.digest,
        "form": VerifyUploadForm(),
    }
    status = 200
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                _size, sha256 = _check_bytes(form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error.message_dict.get(FIELD, error.messages))
            else:
                context["file_checked"] = True
                context["file_matches"] = sha256 in signature.pdf_digests
        if form.errors:
            status = 400
    return render(request, "governance/minutes_verify.html", context, status=status)
