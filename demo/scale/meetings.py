"""Twenty years of meetings for one partnership: each body's meetings at its frequency, each
with an agenda of a dozen or so items (some with sub-items, a few restricted), papers with
their versions, the published agenda versions, and who attended.

Past meetings were held (a few cancelled), with their agendas published a week before;
the coming six months are in the diary, the next fortnight's agendas already out.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils.text import slugify

from meetings.models import (
    AgendaItem,
    AgendaVersion,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Paper,
    PaperVersion,
    Purpose,
)
from meetings.snapshots import build_snapshot

from .context import DAY, Context, at
from .pdf import SamplePdf
from .people import Partnership
from .terms import CHAIR_ROLES
from .words import (
    BODIES,
    CLOSING_ITEM,
    ORDINALS,
    PAPER_KINDS,
    RESTRICTED_TOPICS,
    SENTENCES,
    STANDING_ITEMS,
    TOPICS,
    VENUES,
)

PUBLISHED_AHEAD = datetime.timedelta(days=14)
ONLINE_FROM = datetime.date(2020, 4, 1)


@dataclass
class MeetingPlan:
    """A meeting with its items, in memory, for the logs to refer to."""

    meeting: Meeting
    body_code: str
    day: datetime.date
    # How many agenda versions it has published: 0 (not yet), 1, or 2 (papers corrected).
    published: int = 0
    items: list[AgendaItem] = field(default_factory=list)
    # The Board's one long meeting: LONG_AGENDA_ITEMS items, LONG_AGENDA_PAPERS papers.
    long_agenda: bool = False


LONG_AGENDA_ITEMS = 60
LONG_AGENDA_PAPERS = 40


def meetings_build(ctx: Context, p: Partnership, pdf: SamplePdf) -> list[MeetingPlan]:
    plans = _meetings(ctx, p)
    _agendas(ctx, p, plans)
    _papers(ctx, plans)
    _versions(ctx, plans, pdf)
    _attendance(ctx, p, plans)
    return plans


def _dates(ctx: Context, per_year: int) -> list[datetime.date]:
    """Past dates, the last a week or so ago and the one before a cycle earlier (so the
    latest meeting has matters arising at any scale), the rest spread evenly over the
    history; then the coming six months' dates. Every date a Tuesday, Wednesday or
    Thursday."""
    years = (ctx.today - ctx.first_day).days / 365.25
    past = max(2, round(per_year * years * ctx.share))
    coming = max(1, round(per_year / 2 * min(1.0, ctx.share * 3)))
    cycle = datetime.timedelta(days=round(365 / per_year))
    latest = ctx.today - datetime.timedelta(days=ctx.rng.randint(7, 12))
    first = ctx.first_day + datetime.timedelta(days=30)
    spread_until = latest - cycle - datetime.timedelta(days=14)
    span = (spread_until - first).days
    days = []
    for n in range(1, past - 1):
        jitter = ctx.rng.randint(-10, 10)
        days.append(first + datetime.timedelta(days=span * n // (past - 2) + jitter))
    days += [latest - cycle, latest]
    ahead = (ctx.horizon - ctx.today).days
    for n in range(1, coming + 1):
        days.append(ctx.today + datetime.timedelta(days=max(2, ahead * n // (coming + 1))))
    return [_midweek(day) for day in days]


def _midweek(day: datetime.date) -> datetime.date:
    while day.weekday() not in (1, 2, 3):
        day -= DAY
    return day


def _meetings(ctx: Context, p: Partnership) -> list[MeetingPlan]:
    rng = ctx.rng
    plans = []
    for body_code, _name, _kind, _parent, per_year, _seats in BODIES:
        body = p.bodies[body_code]
        hour = 10 if body_code in ("SCB", "EXEC") else rng.choice((9, 10, 14))
        for n, day in enumerate(_dates(ctx, per_year)):
            past = day < ctx.today
            if past:
                status = MeetingStatus.CANCELLED if ctx.chance(0.04) else MeetingStatus.HELD
            else:
                status = (
                    MeetingStatus.CONFIRMED
                    if day - ctx.today < PUBLISHED_AHEAD
                    else (MeetingStatus.SCHEDULED)
                )
            online = day >= ONLINE_FROM and ctx.chance(0.5)
            meeting = Meeting(
                body=body,
                title=body.name,
                start=at(day, hour),
                end=at(day, hour + 2),
                venue="" if online else rng.choice(VENUES),
                online_link=f"https://meet.example.org/{slugify(body.short_name)}-{n}"
                if online
                else "",
                status=status,
                uid=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
            meeting._history_date = ctx.past(at(day - datetime.timedelta(days=60), 9))
            published = 0
            if day - ctx.today < PUBLISHED_AHEAD:
                published = 2 if ctx.chance(0.1) else 1
            # Each publication raises the calendar SEQUENCE, as agenda_publish does.
            meeting.ical_sequence = published
            plans.append(
                MeetingPlan(meeting=meeting, body_code=body_code, day=day, published=published)
            )
    # The Board's meeting before its latest is a long one (a yearly review, say), so the
    # bench measures the meeting page at its largest as well as at its usual size.
    held = [
        plan
        for plan in plans
        if plan.body_code == "SCB" and plan.meeting.status == MeetingStatus.HELD
    ]
    if len(held) >= 2:
        held[-2].long_agenda = True
    ctx.writer.create(Meeting, [plan.meeting for plan in plans])
    return plans


def _topic(ctx: Context, day: datetime.date) -> tuple[str, bool]:
    rng = ctx.rng
    restricted = ctx.chance(0.08)
    pattern = rng.choice(RESTRICTED_TOPICS if restricted else TOPICS)
    title = pattern.format(
        q=(day.month - 1) // 3 + 1,
        year=day.year,
        next2=f"{(day.year + 1) % 100:02d}",
        prev=day.year - 1,
        year2=f"{day.year % 100:02d}",
        letter=chr(ord("A") + rng.randint(0, 25)),
    )
    return title, restricted


def _sentence(ctx: Context) -> str:
    rng = ctx.rng
    return rng.choice(SENTENCES).format(
        n=rng.randint(5, 60),
        m=rng.randint(40, 98),
        k=rng.randint(200, 900),
        ordinal=rng.choice(ORDINALS),
    )


class _Agenda:
    """One meeting's items in agenda order, collected for writing."""

    def __init__(self, ctx: Context, plan: MeetingPlan, tops: list, subs: list):
        self.ctx, self.plan, self.tops, self.subs = ctx, plan, tops, subs
        self.written = ctx.past(at(plan.day - datetime.timedelta(days=21), 9))

    def add(self, title, purpose, *, parent=None, restricted=False, presenter=None, minutes=None):
        agenda_item = AgendaItem(
            meeting=self.plan.meeting,
            parent=parent,
            title=title[:300],
            purpose=purpose,
            presenter=presenter,
            minutes_allocated=minutes,
            description=_sentence(self.ctx) if purpose != Purpose.STANDING else "",
            is_restricted=restricted,
            sort_order=len(self.plan.items),
        )
        agenda_item._history_date = self.written
        self.plan.items.append(agenda_item)
        (self.subs if parent is not None else self.tops).append(agenda_item)
        return agenda_item


ASPECTS = ("update", "data", "recommendations", "next steps")


def _agendas(ctx: Context, p: Partnership, plans: list[MeetingPlan]) -> None:
    """Top-level items first (sub-items name them as parent), then the sub-items."""
    rng = ctx.rng
    tops: list[AgendaItem] = []
    subs: list[AgendaItem] = []
    for plan in plans:
        members = p.members_on(plan.body_code, plan.day)
        chair = next((m.person for m in members if m.role_id in CHAIR_ROLES), None)
        agenda = _Agenda(ctx, plan, tops, subs)
        for title in STANDING_ITEMS:
            agenda.add(title, Purpose.STANDING, presenter=chair, minutes=5)
        topics = LONG_AGENDA_ITEMS - len(STANDING_ITEMS) - 1 if plan.long_agenda else None
        for _ in range(topics or rng.randint(6, 9)):
            title, restricted = _topic(ctx, plan.day)
            purpose = rng.choices(
                (Purpose.DECISION, Purpose.DISCUSSION, Purpose.INFORMATION), (35, 40, 25)
            )[0]
            presenter = rng.choice(members).person if members else None
            parent = agenda.add(
                title,
                purpose,
                restricted=restricted,
                presenter=presenter,
                minutes=rng.choice((10, 15, 20, 30)),
            )
            if not plan.long_agenda and ctx.chance(0.2):
                for aspect in rng.sample(ASPECTS, rng.randint(1, 2)):
                    agenda.add(
                        f"{parent.title}: {aspect}",
                        purpose,
                        parent=parent,
                        presenter=presenter,
                        minutes=10,
                    )
        agenda.add(CLOSING_ITEM, Purpose.STANDING, presenter=chair, minutes=5)
        _number(plan.items)
    ctx.writer.create(AgendaItem, tops)
    ctx.writer.create(AgendaItem, subs)


def _number(items: list[AgendaItem]) -> None:
    """1, 2, 2.1, 2.2, 3 … as meetings.numbering gives them (items are in agenda order)."""
    top = 0
    sub = 0
    for agenda_item in items:
        if agenda_item.parent is None:
            top += 1
            sub = 0
            agenda_item.number = str(top)
        else:
            sub += 1
            agenda_item.number = f"{top}.{sub}"


def _papers(ctx: Context, plans: list[MeetingPlan]) -> list[Paper]:
    rng = ctx.rng
    papers = []
    for plan in plans:
        if not plan.published:
            continue  # papers go out with the agenda
        tabled = at(plan.day - datetime.timedelta(days=9), 9)
        long_papers = LONG_AGENDA_PAPERS if plan.long_agenda else 0
        given = 0
        for agenda_item in plan.items:
            agenda_item.paper_list = []
            if agenda_item.title == STANDING_ITEMS[1]:
                count = 1
            elif agenda_item.purpose == Purpose.STANDING:
                count = 0
            elif plan.long_agenda:
                count = 1 if given < long_papers else 0
            else:
                count = (2 if ctx.chance(0.1) else 1) if ctx.chance(0.55) else 0
            for n in range(count):
                kind = (
                    "draft minutes"
                    if agenda_item.purpose == Purpose.STANDING
                    else (rng.choice(PAPER_KINDS))
                )
                paper = Paper(
                    agenda_item=agenda_item,
                    title=f"{agenda_item.title}: {kind}"[:300],
                    is_restricted=not agenda_item.is_restricted and ctx.chance(0.03),
                    sort_order=n,
                )
                paper._history_date = tabled
                agenda_item.paper_list.append(paper)
                papers.append(paper)
                given += 1
    return ctx.writer.create(Paper, papers)


def _paper_text(ctx: Context, paper: Paper) -> str:
    body = " ".join(_sentence(ctx) for _ in range(ctx.rng.randint(6, 14)))
    return f"{paper.title}\n\n{body}"


def _versions(ctx: Context, plans: list[MeetingPlan], pdf: SamplePdf) -> None:
    """Each paper's versions, then each agenda as published: a week before the meeting,
    and for some meetings again three days before, with corrected papers."""
    versions = []
    for plan in plans:
        for agenda_item in plan.items:
            for n, paper in enumerate(getattr(agenda_item, "paper_list", [])):
                paper.version_list = []
                uploads = [at(plan.day - datetime.timedelta(days=9), 9)]
                if plan.published == 2 and (n == 0 or ctx.chance(0.3)):
                    uploads.append(at(plan.day - datetime.timedelta(days=3), 14))
                for number, uploaded in enumerate(uploads, start=1):
                    uploaded = min(uploaded, ctx.now - datetime.timedelta(hours=3 - number))
                    version = PaperVersion(
                        paper=paper,
                        number=number,
                        file=pdf.name,
                        original_filename=f"{slugify(paper.title)[:80] or 'paper'}-v{number}.pdf",
                        size=pdf.size,
                        sha256=pdf.sha256,
                        page_count=pdf.page_count,
                        text=_paper_text(ctx, paper),
                        uploaded_by=ctx.manager,
                        uploaded_at=uploaded,
                        note="" if number == 1 else "Corrected figures",
                    )
                    version._history_date = uploaded
                    paper.version_list.append(version)
                    versions.append(version)
    ctx.writer.create(PaperVersion, versions)
    agenda_versions = []
    for plan in plans:
        for number in range(1, plan.published + 1):
            days_before = 7 if number == 1 else 3
            when = min(at(plan.day - datetime.timedelta(days=days_before), 16), ctx.now)
            when -= datetime.timedelta(hours=plan.published - number + 1)
            for agenda_item in plan.items:
                for paper in getattr(agenda_item, "paper_list", []):
                    paper.latest_versions = paper.version_list[:number][-1:]
            version = AgendaVersion(
                meeting=plan.meeting,
                number=number,
                published_by=ctx.manager,
                published_at=when,
                change_note="" if number == 1 else "Corrected figures in the papers.",
                snapshot=build_snapshot(plan.meeting, plan.items),
            )
            version._history_date = when
            agenda_versions.append(version)
    ctx.writer.create(AgendaVersion, agenda_versions)


ATTENDANCE = (
    (AttendanceStatus.PRESENT, 78),
    (AttendanceStatus.APOLOGIES, 12),
    (AttendanceStatus.DEPUTY, 6),
    (AttendanceStatus.ABSENT, 4),
)


def _attendance(ctx: Context, p: Partnership, plans: list[MeetingPlan]) -> None:
    """Who came to each meeting held: the body's members on the day, most present (online
    for half of them since 2020), some with apologies, some sending their deputy."""
    rng = ctx.rng
    statuses, weights = zip(*ATTENDANCE, strict=True)
    rows = []
    for plan in plans:
        if plan.meeting.status != MeetingStatus.HELD:
            continue
        deputies = {}
        for deputy in p.deputies_on(plan.body_code, plan.day):
            deputies.setdefault(deputy.organisation_id, deputy.person)
        seen = set()
        for membership in p.members_on(plan.body_code, plan.day):
            if id(membership.person) in seen:
                continue
            seen.add(id(membership.person))
            status = rng.choices(statuses, weights)[0]
            deputy = deputies.get(membership.organisation_id)
            if status == AttendanceStatus.DEPUTY and deputy is None:
                status = AttendanceStatus.APOLOGIES
            if status == AttendanceStatus.PRESENT and plan.day >= ONLINE_FROM and ctx.chance(0.5):
                status = AttendanceStatus.PRESENT_ONLINE
            attendance = Attendance(
                meeting=plan.meeting,
                person=membership.person,
                membership=membership,
                status=status,
                deputy=deputy if status == AttendanceStatus.DEPUTY else None,
            )
            attendance._history_date = plan.meeting.end
            rows.append(attendance)
    ctx.writer.create(Attendance, rows)
