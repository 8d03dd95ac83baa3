import os
import uuid

import pytest

from django.core.cache import cache, caches
from django.test import override_settings
from django.utils import timezone

from membership import page_cache
from tests.clock import pytest_sessionstart, pytest_terminal_summary  # noqa: F401 - hooks
from tests.database import demo_database, demo_db, django_db_setup  # noqa: F401 - fixtures
from tests.groups import business_unit_group
from tests.membership.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no kept page parts: the cache outlives a test's rolled-back
    rows, and a part kept for rows that no longer exist must not meet the next test's."""
    cache.clear()
    page_cache.LOCAL_COPIES.clear()


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


@pytest.fixture
def redis_pages():
    """The production backend on the suite's Redis, under a prefix of this test's own."""
    alias = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": f"tabled-test-{uuid.uuid4().hex[:12]}",
        },
    }
    with override_settings(CACHES=alias, TABLED_PAGE_CACHE="pages"):
        yield caches["pages"]
        caches["pages"].delete("tabled:pages:version")


def count_cache_reads(cache, monkeypatch) -> list[str]:
    """The reads (get, get_many) a cache backend is asked for from here on, in order."""
    asked = []
    for method in ("get", "get_many"):
        original = getattr(cache, method)
        monkeypatch.setattr(
            cache,
            method,
            lambda *args, _original=original, _method=method, **kwargs: (
                asked.append(_method) or _original(*args, **kwargs)
            ),
        )
    return asked
