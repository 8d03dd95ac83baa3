"""Fixtures for the sign-in tests (test_sign_in, test_lockout, test_two_factor)."""

from __future__ import annotations

import importlib

import pytest

from tests.groups import business_unit_group
from tests.membership.factories import UserFactory


@pytest.fixture
def production_sign_in(settings):
    """The sign-in settings of config.settings.base, which the test settings relax."""
    base = importlib.import_module("config.settings.base")
    settings.AXES_ENABLED = True
    settings.SESSION_COOKIE_AGE = base.SESSION_COOKIE_AGE


@pytest.fixture
def manager(db):
    user = UserFactory(username="manager")
    user.groups.add(business_unit_group())
    return user


@pytest.fixture
def require_2fa(settings):
    settings.TABLED_REQUIRE_2FA = True
