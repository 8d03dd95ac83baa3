"""The body's structure and members on the as-of date."""

from __future__ import annotations

import datetime

from core.dates import long_date
from membership.models import Body
from membership.selectors import (
    body_list_structure,
    members_by_agency,
    membership_list_current,
)

from .context import SUBGROUP_KINDS, BodyTree


def subgroup_chairs(body_id: int | None, on: datetime.date, home: int | None = None) -> dict:
    """Each subgroup and task-and-finish group reporting to the body on the day, in the order
    of the structure chart, with its chair's job title (the table of the seed report); joint
    groups of other partnerships that also report to it among them, marked with the
    partnerships they are shared with (besides `home`, the report's). Four queries."""
    structure = body_list_structure(on)
    tree = BodyTree.read()
    body = next((b for b in structure if b.pk == body_id), None)
    home = home or (body.partnership_id if body else None)
    rows = []
    for group in structure:
        if body is None or group.kind not in SUBGROUP_KINDS:
            continue
        if body.pk not in tree.parents_of.get(group.pk, ()):
            continue
        chair = group.current_chairs[0] if group.current_chairs else None
        rows.append(
            {
                "group": group.name,
                "joint": tree.shared_with(group.pk, home),
                "chair_title": (chair.job_title or chair.person.name) if chair else "",
                "chair_name": chair.person.name if chair else "",
                "vacant": chair is None,
            }
        )
    return {
        "body": body.name if body else "",
        "on": long_date(on),
        "rows": rows,
    }


def members_table(body_id: int | None, on: datetime.date) -> dict:
    """The body's members on the day, by agency, with role and job title; clerks and
    deputies, whose roles hold no seat, are left out. Two queries."""
    body = Body.objects.filter(pk=body_id).first()
    if body is None:
        return {"body": "", "on": long_date(on), "agencies": [], "count": 0}
    memberships = [m for m in membership_list_current(body, on) if m.role.holds_seat]
    agencies = [
        {
            "agency": agency,
            "members": [
                {"name": m.person.name, "role": m.get_role_display(), "job_title": m.job_title}
                for m in members
            ],
        }
        for agency, members in members_by_agency(memberships)
    ]
    return {"body": body.name, "on": long_date(on), "agencies": agencies, "count": len(memberships)}
