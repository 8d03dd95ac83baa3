"""Reports for the cms tests: pages under the Reports index the migrations make, with a body
of the blocks a test names, drafted by the business unit and published by the board's chair
(the users' paths: save a revision, publish it)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User

from cms.models import AnnualReportPage, ProgressReportPage, ReportIndexPage
from membership.access import CHAIRS_GROUP
from membership.models import Body, BodyKind, Role
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

D = datetime.date
AS_OF = D(2012, 3, 2)
PERIOD = (D(2011, 4, 1), D(2012, 3, 31))


def board_body(**kwargs) -> Body:
    return BodyFactory(kind=BodyKind.BOARD, **kwargs)


def chair_login(body: Body, *, username: str | None = None) -> User:
    """A login for the body's chair (in the Chairs group, as the demo places chairs)."""
    user = UserFactory(username=username) if username else UserFactory()
    user.groups.add(Group.objects.get(name=CHAIRS_GROUP))
    MembershipFactory(
        body=body, person=PersonFactory(user=user), role=Role.CHAIR, start_date=D(2011, 4, 1)
    )
    return user


def report(
    board: Body,
    body: list | None = None,
    *,
    kind=ProgressReportPage,
    index: ReportIndexPage | None = None,
    **fields,
):
    """A draft report under the Reports index (the default partnership's unless `index`
    names another's), with one revision."""
    values = {
        "title": "Progress report (March 2012)",
        "slug": f"report-{ProgressReportPage.objects.count() + AnnualReportPage.objects.count()}",
        "board": board,
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "as_of": AS_OF,
        "author_name": "Pauline Dawson",
        "author_role": "Kent Safeguarding Children Board Manager",
        "body": body or [],
        "live": False,
    }
    values.update(fields)
    page = kind(**values)
    (index or ReportIndexPage.objects.order_by("path").first()).add_child(instance=page)
    page.save_revision()
    return page


def publish(page, *, by: User | None = None):
    """Publish the page's latest revision, as its chair approving it would; returns the page
    as the public sees it."""
    page.get_latest_revision().publish(user=by)
    return type(page).objects.get(pk=page.pk)


def edit(page, body: list):
    """Save a new revision with a new body, as the editor does (a fresh value, no
    snapshots), and return it."""
    draft = page.get_latest_revision_as_object()
    draft.body = body
    return draft.save_revision()
