"""Signing in with a username and password, as Django's ModelBackend does.

Every signed-in request loads its user from the session, and nearly every page then asks two
things of them: which person they are, and whether they are in the business unit. Loading
the user reads all three, in one query. membership.signed_in keeps what it read between
requests, until something about the user changes, so a person unlinked or a user taken out
of the business unit still counts from the next request.

The reads are written as SQL through `Manager.raw()` (which still gives model instances,
with the database's values converted as the ORM converts them): built through the ORM, the
same two queries cost a signed-in request about a millisecond of CPU, more than any page's
own reads once its parts are kept (docs/performance.md).
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

from membership.access import BUSINESS_UNIT_GROUP
from membership.models import Person

# Django's own tables for users and groups, and Tabled's for people; the person's columns
# come from its model (`_person_columns`), each under a "person__" alias.
USER_SQL = """
SELECT auth_user.*, EXISTS (
    SELECT 1 FROM auth_user_groups
    INNER JOIN auth_group ON auth_group.id = auth_user_groups.group_id
    WHERE auth_user_groups.user_id = auth_user.id AND auth_group.name = %s
) AS in_business_unit, {person_columns}
FROM auth_user LEFT OUTER JOIN membership_person ON membership_person.user_id = auth_user.id
WHERE auth_user.id = %s
"""


@cache
def _person_fields() -> tuple:
    return tuple(Person._meta.concrete_fields)


@cache
def _user_sql() -> str:
    columns = ", ".join(
        f'membership_person."{field.column}" AS "person__{field.attname}"'
        for field in _person_fields()
    )
    return USER_SQL.format(person_columns=columns)


class PersonModelBackend(ModelBackend):
    def get_user(self, user_id):
        found = list(User._default_manager.raw(_user_sql(), [BUSINESS_UNIT_GROUP, user_id]))
        if not found:
            return None
        user = found[0]
        if not self.user_can_authenticate(user):
            return None
        person = None
        if user.person__id is not None:
            # Columns beside a raw query's model arrive as the database gave them: each is
            # made a Python value as the field's own form cleaning would.
            fields = _person_fields()
            person = Person.from_db(
                user._state.db,
                [field.attname for field in fields],
                [field.to_python(getattr(user, f"person__{field.attname}")) for field in fields],
            )
        # As select_related would leave them: user.person answers without a query (raising
        # Person.DoesNotExist when there is none), and person.user is this user.
        User.person.related.set_cached_value(user, person)
        if person is not None:
            Person.user.field.set_cached_value(person, user)
        # membership.access.is_business_unit reads this before asking the database.
        user._tabled_is_business_unit = bool(user.in_business_unit)
        return user
