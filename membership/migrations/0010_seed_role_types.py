"""Seed the role vocabulary with the nine roles the code knew, meaning what its sets meant
(chair roles chair; representing roles count for quorum and vote; all but deputies and
clerks hold a seat), plus business managers and officers, who attend without a seat."""

from django.db import migrations
from django.utils import timezone

from membership.group_setup import grant_business_unit_permissions

# key, label, holds_seat, counts_for_quorum, may_vote, may_chair
ROLES = [
    ("independent_chair", "Independent chair", True, True, True, True),
    ("chair", "Chair", True, True, True, True),
    ("vice_chair", "Vice-chair", True, True, True, False),
    ("member", "Member", True, True, True, False),
    ("lay_member", "Lay member", True, True, True, False),
    ("participant_observer", "Participant observer", True, False, False, False),
    ("adviser", "Adviser", True, False, False, False),
    ("deputy", "Deputy", False, False, False, False),
    ("clerk", "Clerk", False, False, False, False),
    ("business_manager", "Business manager", False, False, False, False),
    ("officer", "Officer / presenter", False, False, False, False),
]
FIELDS = ("key", "label", "holds_seat", "counts_for_quorum", "may_vote", "may_chair")


def seed(apps, schema_editor):
    RoleType = apps.get_model("membership", "RoleType")
    HistoricalRoleType = apps.get_model("membership", "HistoricalRoleType")
    Membership = apps.get_model("membership", "Membership")
    rows = [dict(zip(FIELDS, role, strict=True)) for role in ROLES]
    known = {row["key"] for row in rows}
    # A term stored with a key outside the nine (edited by hand in the database) keeps it:
    # the key becomes a role of its own, with no powers, for the business unit to set.
    stray = Membership.objects.exclude(role__in=known).values_list("role", flat=True)
    rows += [
        dict(zip(FIELDS, (key, key.replace("_", " ").capitalize(), *[False] * 4), strict=True))
        for key in sorted(set(stray))
    ]
    now = timezone.now()
    for order, row in enumerate(rows, start=1):
        role, _created = RoleType.objects.get_or_create(
            key=row["key"], defaults={**row, "sort_order": order * 10}
        )
        HistoricalRoleType.objects.create(
            id=role.pk,
            **{name: getattr(role, name) for name in (*FIELDS, "sort_order")},
            history_date=now,
            history_type="+",
            history_change_reason="Seeded with the roles every installation starts with",
        )


def grant(apps, schema_editor):
    # The business unit keeps the vocabulary; it may delete a role no term has used (a
    # role in use is protected by the terms that name it).
    grant_business_unit_permissions(
        apps,
        "membership",
        ("add_roletype", "change_roletype", "delete_roletype", "view_roletype"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0009_role_types"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
