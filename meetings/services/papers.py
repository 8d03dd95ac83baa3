"""A paper's own details. Its files arrive only through the checked upload in
meetings.papers.services (paper_create, paper_upload)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from meetings.models import Paper

from ._common import _save


@transaction.atomic
def paper_save(*, actor: User | None, paper: Paper, reason: str = "") -> Paper:
    return _save(paper, actor=actor, reason=reason)
