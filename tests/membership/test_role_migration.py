"""Roles moved from a fixed list into the RoleType table: terms stored before the move keep
their role, read through the same column."""

import datetime

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from membership.models import Membership, RoleType

BEFORE = [("membership", "0008_every_body_and_person_in_a_partnership")]
AFTER = [("membership", "0011_membership_role_type")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Inside the test's transaction: PostgreSQL migrates within it and the rollback undoes the
# migrations with the rows (a flush-and-reload transactional test clashed with the others).
@pytest.mark.django_db
def test_terms_stored_before_roles_became_a_table_keep_their_roles():
    old = migrate(BEFORE)
    partnership = old.get_model("membership", "Partnership").objects.order_by("pk").first()
    body = old.get_model("membership", "Body").objects.create(
        name="Board", slug="board", active_from=datetime.date(2011, 1, 1), partnership=partnership
    )
    Person = old.get_model("membership", "Person")
    OldMembership = old.get_model("membership", "Membership")
    for given_name, role in (("Jane", "chair"), ("Bob", "clerk"), ("Ann", "treasurer")):
        OldMembership.objects.create(
            body=body,
            person=Person.objects.create(
                given_name=given_name, family_name="Smith", partnership=partnership
            ),
            role=role,
            start_date=datetime.date(2011, 4, 1),
        )

    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks must run before their table is altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
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
