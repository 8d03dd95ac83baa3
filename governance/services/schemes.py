from __future__ import annotations

from django.db import transaction

from governance.models import BodyGovernanceSettings, RagScheme

from ._common import Actor, _save


@transaction.atomic
def rag_scheme_save(*, actor: Actor, scheme: RagScheme, reason: str = "") -> RagScheme:
    return _save(scheme, actor=actor, reason=reason)


@transaction.atomic
def body_settings_save(
    *, actor: Actor, settings: BodyGovernanceSettings, reason: str = ""
) -> BodyGovernanceSettings:
    return _save(settings, actor=actor, reason=reason)
