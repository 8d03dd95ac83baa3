"""Papers and their versions. Only numbering and storing here; the upload checks (a real
PDF by its content, the size limit, that it opens), text extraction and page counts come
with the papers work and belong in paper_version_add."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from meetings.models import Paper, PaperVersion

from ._common import _save, _stamp


@transaction.atomic
def paper_save(*, actor: User | None, paper: Paper, reason: str = "") -> Paper:
    return _save(paper, actor=actor, reason=reason)


@transaction.atomic
def paper_version_add(
    *, actor: User | None, paper: Paper, file: File, note: str = ""
) -> PaperVersion:
    """Store a new version of a paper as number n + 1. The paper row is locked so two
    uploads at once become versions n + 1 and n + 2; earlier versions are never touched."""
    Paper.objects.select_for_update().get(pk=paper.pk)
    last = PaperVersion.objects.filter(paper=paper).aggregate(last=Max("number"))["last"] or 0
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    version = PaperVersion(
        paper=paper,
        number=last + 1,
        original_filename=(file.name or "paper.pdf").rsplit("/", 1)[-1][:255],
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        note=note,
    )
    version.file.save("upload", file, save=False)
    version.full_clean()
    _stamp(version, actor, note or f"Version {version.number} uploaded")
    version.save()
    return version
