import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from membership.access import BUSINESS_UNIT_GROUP
from tests.membership.factories import UserFactory


@pytest.fixture
def business_unit_user(db):
    user = UserFactory(username="manager")
    user.groups.add(Group.objects.get(name=BUSINESS_UNIT_GROUP))
    return user


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def business_unit_client(client, business_unit_user):
    client.force_login(business_unit_user)
    return client
