"""A paper's own details. Its files arrive only through the checked upload in
meetings.papers.services (paper_create, paper_upload)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from core.history import save_tracked
from meetings.models import Paper


@transaction.atomic
def paper_save(*, actor: User | None, paper: Paper, reason: str = "") -> Paper:
    return save_tracked(paper, actor=actor, reason=reason)
