import os

import pytest

from django.utils import timezone

from tests.clock import pytest_sessionstart, pytest_terminal_summary  # noqa: F401 - hooks
from tests.database import demo_database, demo_db, django_db_setup  # noqa: F401 - fixtures
from tests.groups import business_unit_group
from tests.membership.factories import UserFactory


@pytest.fixture
def business_unit_user(db):
    user = UserFactory(username="manager")
    user.groups.add(business_unit_group())
    return user


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def business_unit_client(client, business_unit_user):
    client.force_login(business_unit_user)
    return client


def redis_url() -> str:
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    return broker if broker.startswith("redis://") else "redis://127.0.0.1:6379/15"
