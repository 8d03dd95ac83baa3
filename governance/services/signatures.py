"""The chair signs approved minutes in Tabled, in place of the wet-ink signature."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_tracked
from governance.models import Minutes, MinutesSignature
from governance.signatures import approved_version, canonical_digest
from membership.access import chairs_body, person_for
from membership.models import Membership

from ._common import Actor


def may_sign(actor: Actor, minutes: Minutes) -> bool:
    """The body's chair today, or whoever chaired the body on the day of the meeting that
    approved the minutes."""
    person = person_for(actor)
    if person is None or not minutes.is_locked:
        return False
    body = minutes.meeting.body
    if chairs_body(actor, body):
        return True
    return (
        Membership.objects.filter(body=body, person=person, role__may_chair=True)
        .current_on(minutes.approved_at_meeting.date)
        .exists()
    )


@transaction.atomic
def minutes_sign(
    *, actor: Actor, minutes: Minutes, at: datetime.datetime | None = None
) -> MinutesSignature:
    """Sign approved minutes: the digest of their approved version, who signed and when."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)
    if not minutes.is_locked:
        raise ValidationError("Only approved minutes are signed.")
    if MinutesSignature.objects.filter(minutes=minutes).exists():
        raise ValidationError("These minutes are already signed.")
    if not may_sign(actor, minutes):
        raise PermissionDenied(
            f"Only the chair of the {minutes.meeting.body.name} signs its minutes."
        )
    version = approved_version(minutes)
    if version is None:
        raise ValidationError("These minutes have no approved version to sign.")
    signature = MinutesSignature(
        minutes=minutes,
        version=version,
        signed_by=actor,
        signer_name=person_for(actor).name,
        signed_at=at or timezone.now(),
        digest=canonical_digest(version.snapshot),
    )
    return save_tracked(signature, actor=actor, reason="Minutes signed by the chair")


@transaction.atomic
def signature_keep_pdf_digest(*, signature: MinutesSignature, sha256: str) -> None:
    """Remember the digest of a signed PDF Tabled has made, so that a copy of it verifies."""
    signature = MinutesSignature.objects.select_for_update().get(pk=signature.pk)
    if sha256 in signature.pdf_digests:
        return
    signature.pdf_digests = [*signature.pdf_digests, sha256]
    save_tracked(signature, actor=None, reason="Signed PDF made")
