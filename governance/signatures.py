"""The digest a chair signs: SHA-256 of a canonical serialisation of the approved version of
the minutes (its JSON snapshot with sorted keys, no insignificant whitespace, UTF-8), so it
depends on the text and records approved, never on how a PDF happened to be laid out."""

from __future__ import annotations

import hashlib
import json

from governance.models import Minutes, MinutesVersion, VersionStage


def canonical_digest(snapshot: dict) -> str:
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def approved_version(minutes: Minutes) -> MinutesVersion | None:
    return (
        MinutesVersion.objects.filter(minutes=minutes, stage=VersionStage.APPROVED)
        .order_by("-number")
        .first()
    )
