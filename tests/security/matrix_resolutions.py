"""The access matrix's written resolution: a restricted one of the body, open for votes,
with a paper, both naming the secret word."""

from __future__ import annotations

import datetime

from django.utils import timezone

from governance.models import Resolution, Threshold
from governance.services.resolutions import resolution_circulate, voter_token
from membership.models import Body, Person
from tests.meetings.paper_factories import make_pdf, upload


def restricted_resolution(body: Body, secret: str) -> Resolution:
    resolution, _tokens = resolution_circulate(
        actor=None,
        body=body,
        title=f"{secret} resolution",
        text=f"The Executive approves the {secret} placement.",
        deadline=timezone.now() + datetime.timedelta(days=30),
        threshold=Threshold.MAJORITY,
        is_restricted=True,
        papers=[("Placement options", upload(make_pdf(pages=1, text=f"{secret} options")))],
    )
    return resolution


def voting_link(resolution: Resolution, person: Person) -> str:
    return f"/resolutions/vote/{voter_token(resolution.pk, person.pk)}/"
