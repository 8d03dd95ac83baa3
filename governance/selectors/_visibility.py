from __future__ import annotations

from django.db.models import Q, QuerySet

from governance.models import unrestricted_q
from membership.access import AnyUser, body_ids_with_restricted_access


def visible_to(
    queryset: QuerySet, user: AnyUser, *, item_field: str | None = "agenda_item"
) -> QuerySet:
    """The rows the user may see: everything unrestricted, and the restricted rows of the
    bodies whose restricted material they see. Applied in the query, so restricted rows never
    reach a page, an export or a count."""
    allowed = body_ids_with_restricted_access(user)
    return queryset.filter(unrestricted_q(item_field) | Q(body_id__in=allowed))
