"""What ties generated partnerships together, as real business units are tied: each
partnership's Learning and Development Subgroup is a joint committee that also reports to
the board of the partnership before it, and one of its board members sits on that board
too (one person, two memberships: matched by the generator's choice, never by name)."""

from __future__ import annotations

from membership.models import Body, Membership, Role

from .context import Context, midday
from .people import Partnership

JOINT_BODY = "LD"


def links_build(ctx: Context, previous: Partnership, current: Partnership) -> None:
    joint = current.bodies[JOINT_BODY]
    board = previous.bodies["SCB"]
    Body.also_reports_to.through.objects.create(from_body=joint, to_body=board)
    members = [m for m in current.memberships["SCB"] if m.role_id == Role.MEMBER and not m.end_date]
    if not members:
        return
    shared = members[0]
    term = Membership(
        body=board,
        person=shared.person,
        role_id=Role.MEMBER,
        organisation=shared.organisation,
        job_title=shared.job_title,
        start_date=shared.start_date,
    )
    term._history_date = midday(shared.start_date)
    previous.memberships["SCB"].extend(ctx.writer.create(Membership, [term]))
