"""The Business unit group, as the data migrations make it.

A transactional test ends by emptying the database; Django restores the migrated data for the
next one from a copy taken at set-up, but the group has been seen missing after some runs of
the browser and live-worker tests. Fixtures take the group from here, which makes it again,
with its permissions, from the same functions the migrations call."""

from django.apps import apps
from django.contrib.auth.models import Group

from membership import group_setup
from membership.access import BUSINESS_UNIT_GROUP

API_TOKEN_PERMISSIONS = ("add_apitoken", "change_apitoken", "delete_apitoken", "view_apitoken")


def business_unit_group() -> Group:
    group = Group.objects.filter(name=BUSINESS_UNIT_GROUP).first()
    if group is not None:
        return group
    group_setup.ensure_groups(apps)
    group_setup.grant_business_unit(apps, "membership", extra=(("wagtailadmin", "access_admin"),))
    for label in ("meetings", "governance", "notifications"):
        group_setup.grant_business_unit(apps, label)
    group_setup.grant_business_unit_permissions(apps, "wagtailcore", API_TOKEN_PERMISSIONS)
    return Group.objects.get(name=BUSINESS_UNIT_GROUP)
