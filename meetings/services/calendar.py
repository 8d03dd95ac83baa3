"""The secret address of a member's personal calendar feed."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from core.history import stamp
from meetings.models import CalendarFeedToken
from meetings.models.calendar import new_feed_token
from membership.models import Person


@transaction.atomic
def calendar_token_reset(*, actor: User | None, person: Person) -> CalendarFeedToken:
    """Give the person a new feed address (the first, or a replacement): any calendar still
    using the old address stops receiving meetings."""
    token = CalendarFeedToken.objects.select_for_update().filter(person=person).first()
    if token is None:
        token = CalendarFeedToken(person=person)
        reason = "Calendar feed address created"
    else:
        token.token = new_feed_token()
        reason = "Calendar feed address reset"
    token.full_clean()
    stamp(token, actor, reason)
    token.save()
    return token
