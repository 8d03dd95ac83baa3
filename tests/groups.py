"""The Business unit group, as the data migrations make it (a transactional test with
serialized_rollback gets it back after the flush: see tests/e2e/conftest.py for what once
lost it)."""

from django.contrib.auth.models import Group

from membership.access import BUSINESS_UNIT_GROUP

API_TOKEN_PERMISSIONS = ("add_apitoken", "change_apitoken", "delete_apitoken", "view_apitoken")


def business_unit_group() -> Group:
    return Group.objects.get(name=BUSINESS_UNIT_GROUP)
