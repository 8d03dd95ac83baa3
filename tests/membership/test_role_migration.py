"""Roles moved from a fixed list into the RoleType table: terms stored before the move keep
their role, read through the same column."""

import datetime

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from membership.models import Membership, RoleType

BEFORE = [("membership", "0005_body_quorum_sectors_history")]
AFTER = [("membership", "0008_membership_role_type")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_terms_stored_before_roles_became_a_table_keep_their_roles():
    old = migrate(BEFORE)
    body = old.get_model("membership", "Body").objects.create(
        name="Board", slug="board", active_from=datetime.date(2011, 1, 1)
    )
    Person = old.get_model("membership", "Person")
    OldMembership = old.get_model("membership", "Membership")
    for given_name, role in (("Jane", "chair"), ("Bob", "clerk"), ("Ann", "treasurer")):
        OldMembership.objects.create(
            body=body,
            person=Person.objects.create(given_name=given_name, family_name="Smith"),
            role=role,
            start_date=datetime.date(2011, 4, 1),
        )

    migrate(AFTER)

    terms = {
        m.person.given_name: (m.role_id, m.role.label, m.is_chair)
        for m in Membership.objects.select_related("person", "role")
    }
    assert terms == {
        "Jane": ("chair", "Chair", True),
        "Bob": ("clerk", "Clerk", False),
        # A key outside the old list (written by hand) becomes a role with no powers.
        "Ann": ("treasurer", "Treasurer", False),
    }
    treasurer = RoleType.objects.get(key="treasurer")
    assert not (treasurer.holds_seat or treasurer.counts_for_quorum or treasurer.may_vote)
    assert RoleType.objects.count() == 12
