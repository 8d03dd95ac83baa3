"""Signing in with a username and password, as Django's ModelBackend does.

Every signed-in request loads its user from the session, and nearly every page then asks two
things of them: which person they are, and whether they are in the business unit (and which
partnerships' business units). Loading the user reads these in the same query; they are
still read afresh on every request, so a person unlinked or a user taken out of the business
unit counts from the next request.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, User
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, OuterRef

from core.roles import BUSINESS_UNIT_GROUPS, CHAIRS_GROUP
from membership.models import Partnership
from membership.partnerships import remember_managed


class PersonModelBackend(ModelBackend):
    def get_user(self, user_id):
        in_business_unit = Group.objects.filter(BUSINESS_UNIT_GROUPS, user=OuterRef("pk"))
        in_chairs = Group.objects.filter(name=CHAIRS_GROUP, user=OuterRef("pk"))
        annotations = {
            "in_business_unit": Exists(in_business_unit),
            "in_chairs": Exists(in_chairs),
        }
        # Arrays are PostgreSQL's: elsewhere (the SQLite demo) the partnerships a user runs
        # are read when first asked.
        arrays = connection.vendor == "postgresql"
        if arrays:
            annotations["managed_ids"] = ArraySubquery(
                Partnership.objects.filter(business_unit__user=OuterRef("pk")).values("pk")
            )
            annotations["every_partnership_id"] = ArraySubquery(Partnership.objects.values("pk"))
        try:
            user = (
                User._default_manager.select_related("person")
                .annotate(**annotations)
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        # membership.access.is_business_unit reads this before asking the database.
        user._tabled_is_business_unit = user.in_business_unit
        user._tabled_is_chair = user.in_chairs
        if arrays:
            # And which partnerships they run (membership.partnerships.managed_partnership_ids).
            every = frozenset(user.every_partnership_id)
            managed = every if user.is_superuser else frozenset(user.managed_ids)
            remember_managed(user, managed, every=managed == every)
        return user if self.user_can_authenticate(user) else None
