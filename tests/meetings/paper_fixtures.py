"""Fixtures shared by the papers and pack tests: the five kinds of reader, a meeting of their
body, and a way to see what the private storage holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from membership.models import Role
from tests.groups import business_unit_group
from tests.meetings.paper_factories import MeetingFactory
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

AUDIENCES = ("anonymous", "other_body_member", "member", "chair", "business_unit")
# Who may see restricted material of the meeting's body.
INSIDERS = {"member", "chair", "business_unit"}


@pytest.fixture
def body(db):
    return BodyFactory(name="Safeguarding Children Board Executive", short_name="LSCB Exec")


@pytest.fixture
def meeting(body):
    return MeetingFactory(body=body, title="Executive")


def _user_on(body, username: str, role: str):
    user = UserFactory(username=username)
    MembershipFactory(body=body, person=PersonFactory(user=user), role=role)
    return user


@pytest.fixture
def readers(body):
    """One user of each kind: a member and a chair of the body, a member of another body, a
    business unit manager, and nobody signed in."""
    business_unit = UserFactory(username="manager")
    business_unit.groups.add(business_unit_group())
    return {
        "anonymous": AnonymousUser(),
        "other_body_member": _user_on(BodyFactory(), "outsider", Role.MEMBER),
        "member": _user_on(body, "member", Role.MEMBER),
        "chair": _user_on(body, "chair", Role.CHAIR),
        "business_unit": business_unit,
    }


@pytest.fixture
def client_for(readers):
    def make(audience: str) -> Client:
        client = Client()
        if audience != "anonymous":
            client.force_login(readers[audience])
        return client

    return make


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}
