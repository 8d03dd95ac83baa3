"""The largest records the business unit edits, for measuring the admin's editors
(bench/admin.py): a Board meeting with sixty agenda items, a Board with over four hundred
terms in its history, and a progress report of forty blocks."""

from __future__ import annotations

import datetime

from cms.models import ProgressReportPage, ReportIndexPage
from meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from membership.models import Membership, Person, Role

from .context import Context, at
from .people import Partnership
from .words import AREAS

LONG_AGENDA_ITEMS = 60
BOARD_TERMS_AT_LEAST = 420
REPORT_SECTIONS = 20  # a heading and a prose block each: forty blocks
LONG_MEETING_TITLE = "Annual review: the whole partnership plan"
REPORT_TITLE = "Progress report: twenty years of the Board"


def editor_cases_build(ctx: Context, p: Partnership) -> None:
    board = p.bodies["SCB"]
    _long_agenda(ctx, board)
    _board_history(ctx, board)
    _long_report(ctx, board)


def _long_agenda(ctx: Context, board) -> None:
    """An extraordinary Board meeting six weeks from today, its agenda not yet published."""
    day = ctx.today + datetime.timedelta(days=42)
    meeting = Meeting(
        body=board,
        title=LONG_MEETING_TITLE,
        start=at(day, 10),
        end=at(day, 16),
        venue="Council Chamber",
        status=MeetingStatus.SCHEDULED,
    )
    ctx.writer.create(Meeting, [meeting])
    people = list(Membership.objects.filter(body=board, end_date__isnull=True))
    items = [
        AgendaItem(
            meeting=meeting,
            number=str(n + 1),
            title=f"Workstream {n + 1}: {ctx.rng.choice(AREAS)} progress and next steps",
            purpose=ctx.rng.choice((Purpose.DECISION, Purpose.DISCUSSION, Purpose.INFORMATION)),
            presenter=ctx.rng.choice(people).person if people else None,
            minutes_allocated=5,
            sort_order=n,
        )
        for n in range(LONG_AGENDA_ITEMS)
    ]
    ctx.writer.create(AgendaItem, items)


def _board_history(ctx: Context, board) -> None:
    """Advisers who came to the Board for a year each in its early days, until the Board
    has at least BOARD_TERMS_AT_LEAST terms on record."""
    missing = BOARD_TERMS_AT_LEAST - Membership.objects.filter(body=board).count()
    if missing <= 0:
        return
    people = [
        Person(
            given_name=f"Adviser {n + 1}",
            family_name=ctx.rng.choice(AREAS),
            email=f"adviser{n + 1}@{board.slug}.example.org",
        )
        for n in range(missing)
    ]
    ctx.writer.create(Person, people)
    first = ctx.first_day
    terms = [
        Membership(
            body=board,
            person=person,
            role_id=Role.ADVISER,
            job_title="Specialist adviser",
            start_date=first + datetime.timedelta(days=7 * n),
            end_date=first + datetime.timedelta(days=7 * n + 364),
        )
        for n, person in enumerate(people)
    ]
    ctx.writer.create(Membership, terms)


def _long_report(ctx: Context, board) -> None:
    """A draft progress report of forty blocks under the site's reports page, if it has one."""
    index = ReportIndexPage.objects.first()
    if index is None:
        return
    body = []
    for n in range(REPORT_SECTIONS):
        body.append(("heading", {"text": f"Workstream {n + 1}", "level": "h2"}))
        body.append(("prose", f"<p>{ctx.rng.choice(AREAS)}: progress in year {n + 1}.</p>"))
    report = ProgressReportPage(
        title=REPORT_TITLE,
        slug=f"{board.slug}-progress-twenty-years",
        board=board,
        period_start=ctx.first_day,
        period_end=ctx.today,
        as_of=ctx.today,
        author_name="Board Manager",
        body=body,
        live=False,
    )
    index.add_child(instance=report)
    report.save_revision(user=ctx.manager)
