from __future__ import annotations

from django.db import transaction

from core.history import save_tracked
from governance.models import BodyGovernanceSettings, RagScheme

from ._common import Actor


@transaction.atomic
def rag_scheme_save(*, actor: Actor, scheme: RagScheme, reason: str = "") -> RagScheme:
    return save_tracked(scheme, actor=actor, reason=reason)


@transaction.atomic
def body_settings_save(
    *, actor: Actor, settings: BodyGovernanceSettings, reason: str = ""
) -> BodyGovernanceSettings:
    return save_tracked(settings, actor=actor, reason=reason)
