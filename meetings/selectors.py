"""Reads of meetings, each returning what its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from meetings.access import Restrictions
from meetings.models import (
    AgendaItem,
    AgendaVersion,
    Attendance,
    AttendanceMovement,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Paper,
    PaperVersion,
)
from meetings.quorum import QuorumResult, expected_quorum_from, quorum_from
from membership.models import Body, Membership, Partnership, Person, Role
from membership.partnerships import body_ids_in


def _latest_paper_versions() -> Prefetch:
    newest = PaperVersion.objects.filter(paper=OuterRef("paper")).order_by("-number")
    return Prefetch(
        "versions",
        queryset=PaperVersion.objects.filter(number=Subquery(newest.values("number")[:1])),
        to_attr="latest_versions",
    )


def movements_prefetch() -> Prefetch:
    """Each attendance's arrivals and departures with their items, for who was in the room
    at an item (meetings.presence) and how the minutes tell it: one query for them all."""
    return Prefetch(
        "movements",
        queryset=AttendanceMovement.objects.select_related("agenda_item").order_by("at", "pk"),
    )


def agenda_items_prefetch(to_attr: str = "item_list") -> Prefetch:
    """A meeting's items with presenter, parent, papers and each paper's newest version:
    three queries whatever the number of items."""
    papers = Paper.objects.prefetch_related(_latest_paper_versions()).order_by("sort_order", "pk")
    items = AgendaItem.objects.select_related("presenter", "parent").prefetch_related(
        Prefetch("papers", queryset=papers, to_attr="paper_list")
    )
    return Prefetch("agenda_items", queryset=items.order_by("sort_order", "pk"), to_attr=to_attr)


def current_restrictions_prefetch(lookup: str = "agenda_items") -> Prefetch:
    """Today's restriction flags of a meeting's items and papers, which decide who sees what
    of every published version (meetings.access.Restrictions): two queries whatever the
    number of meetings. `lookup` reaches the items from what is being loaded."""
    papers = Paper.objects.only("pk", "agenda_item_id", "is_restricted")
    items = AgendaItem.objects.only("pk", "meeting_id", "parent_id", "is_restricted")
    return Prefetch(
        lookup,
        queryset=items.prefetch_related(
            Prefetch("papers", queryset=papers, to_attr="restriction_papers")
        ),
        to_attr="restriction_items",
    )


def restrictions_of(meeting: Meeting) -> Restrictions:
    """Today's restrictions of the meeting's items and papers: from the prefetch where the
    selector made it, otherwise read now."""
    items = getattr(meeting, "restriction_items", None)
    if items is None:
        items = (
            Meeting.objects.prefetch_related(current_restrictions_prefetch())
            .get(pk=meeting.pk)
            .restriction_items
        )
    return Restrictions.from_rows(items)


def agenda_items_for(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's saved items, loaded for a snapshot."""
    loaded = Meeting.objects.prefetch_related(agenda_items_prefetch()).get(pk=meeting.pk)
    return loaded.item_list


def with_agenda_status(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate each meeting with its latest published agenda version and when."""
    latest = AgendaVersion.objects.filter(meeting=OuterRef("pk")).order_by("-number")
    return queryset.annotate(
        agenda_version=Subquery(latest.values("number")[:1]),
        agenda_published_at=Subquery(latest.values("published_at")[:1]),
    )


def meetings_in(partnership: Partnership | None) -> QuerySet[Meeting]:
    """Meetings of the bodies serving the partnership (its own and joint bodies reporting
    into it): what its site shows. Every meeting for None (the personal feed, tasks)."""
    if partnership is None:
        return Meeting.objects.all()
    return Meeting.objects.filter(body__in=body_ids_in(partnership))


def meeting_list(
    *,
    partnership: Partnership | None = None,
    body: Body | None = None,
    year: int | None = None,
    when: str | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Meeting]:
    """Meetings, soonest first for `when="upcoming"`, latest first for `when="past"`.
    A meeting is upcoming until it ends."""
    now = now or timezone.now()
    meetings = with_agenda_status(meetings_in(partnership).select_related("body"))
    if body is not None:
        meetings = meetings.filter(body=body)
    if year is not None:
        meetings = meetings.filter(start__year=year)
    if when == "upcoming":
        meetings = meetings.filter(end__gte=now).order_by("start", "pk")
    elif when == "past":
        meetings = meetings.filter(end__lt=now).order_by("-start", "-pk")
    return meetings


def meeting_years(partnership: Partnership | None = None) -> list[int]:
    """Calendar years that have meetings, newest first, for the year filter."""
    dates = meetings_in(partnership).dates("start", "year", order="DESC")
    return [d.year for d in dates]


def attendance_from(meeting: Meeting, person: Person) -> Attendance | None:
    """The person's own attendance record, with their deputy, from the meeting's
    `attendance_list` (meeting_get_detail)."""
    return next((a for a in meeting.attendance_list if a.person_id == person.pk), None)


def meeting_get_detail(
    pk: int, *, include_draft: bool, partnership: Partnership | None = None
) -> Meeting:
    """A meeting with its body, series, latest published version (`latest_version`),
    attendance with people, deputies and agencies, and, for the business unit, its live
    items and papers (`item_list`). The same queries for 5 items or 60. Raises
    Meeting.DoesNotExist for a meeting of a body not serving the partnership."""
    attendances = Attendance.objects.select_related(
        "person", "deputy", "membership__organisation", "membership__role"
    ).order_by("person__family_name", "person__given_name")
    newest = AgendaVersion.objects.filter(meeting=OuterRef("meeting")).order_by("-number")
    prefetches = [
        Prefetch("attendances", queryset=attendances, to_attr="attendance_list"),
        current_restrictions_prefetch(),
        Prefetch(
            "agenda_versions",
            queryset=AgendaVersion.objects.filter(
                number=Subquery(newest.values("number")[:1])
            ).select_related("published_by"),
            to_attr="latest_versions",
        ),
    ]
    if include_draft:
        prefetches.append(agenda_items_prefetch())
    meeting = (
        meetings_in(partnership)
        .select_related("body", "series")
        .prefetch_related(*prefetches)
        .get(pk=pk)
    )
    meeting.latest_version = meeting.latest_versions[0] if meeting.latest_versions else None
    return meeting


def agenda_version_list(meeting: Meeting) -> QuerySet[AgendaVersion]:
    return AgendaVersion.objects.filter(meeting=meeting).select_related("published_by")


def agenda_version_get(meeting: Meeting, number: int) -> AgendaVersion:
    return AgendaVersion.objects.select_related("published_by").get(meeting=meeting, number=number)


def expected_members(meeting: Meeting) -> list[Membership]:
    """Who should be at the meeting: the body's members on its date, chairs first, with the
    agency or seat that says which sector each represents (what the quorum reads)."""
    chairs_first = Case(When(role__may_chair=True, then=Value(0)), default=Value(1))
    return list(
        Membership.objects.filter(body_id=meeting.body_id)
        .current_on(meeting.date)
        .select_related("role", "organisation", "seat", "person")
        .order_by(chairs_first, "organisation__name", "pk")
    )


def meeting_quorum(meeting: Meeting, *, expected: list[Membership] | None = None) -> QuorumResult:
    """Whether the meeting is quorate on its recorded attendance, and what is missing."""
    body = meeting.body
    attendances = getattr(meeting, "attendance_list", None)
    if attendances is None:
        attendances = list(meeting.attendances.all())
    return quorum_from(
        quorum_count=body.quorum_count,
        quorum_sectors=list(body.quorum_sectors.all()),
        attendances=attendances,
        expected=expected if expected is not None else expected_members(meeting),
    )


def meeting_quorum_shown(meeting: Meeting, *, expected: list[Membership] | None = None):
    """The quorum as a page shows it: judged from attendance once the meeting has begun,
    and before then only expected, from the apologies sent."""
    if meeting.has_started:
        return meeting_quorum(meeting, expected=expected)
    body = meeting.body
    attendances = getattr(meeting, "attendance_list", None)
    if attendances is None:
        attendances = list(meeting.attendances.all())
    return expected_quorum_from(
        quorum_count=body.quorum_count,
        quorum_sectors=list(body.quorum_sectors.all()),
        attendances=attendances,
        expected=expected if expected is not None else expected_members(meeting),
    )


def _member_on_meeting_day(person: Person) -> Exists:
    day = OuterRef("start__date")
    return Exists(
        Membership.objects.filter(person=person, body=OuterRef("body"), start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
    )


def meeting_list_for_person(person: Person) -> QuerySet[Meeting]:
    """Every meeting of a body the person sat on, on the day of the meeting."""
    return with_agenda_status(
        Meeting.objects.select_related("body").filter(_member_on_meeting_day(person))
    ).order_by("start", "pk")


def meeting_list_upcoming_for_person(
    person: Person, *, now: datetime.datetime | None = None
) -> QuerySet[Meeting]:
    """The person's next meetings, each with `my_attendance` (a list of at most one)."""
    now = now or timezone.now()
    mine = Attendance.objects.filter(person=person).select_related("deputy")
    return (
        meeting_list_for_person(person)
        .filter(end__gte=now)
        .prefetch_related(Prefetch("attendances", queryset=mine, to_attr="my_attendance"))
    )


def meeting_list_soon_for_person(
    person: Person, *, days: int, now: datetime.datetime | None = None
) -> list[Meeting]:
    """The person's meetings that have not ended and start within `days`, leaving out
    cancelled ones, soonest first, each with `latest_version` (or None): two queries."""
    now = now or timezone.now()
    meetings = (
        meeting_list_for_person(person)
        .filter(end__gte=now, start__lt=now + datetime.timedelta(days=days))
        .exclude(status=MeetingStatus.CANCELLED)
    )
    return with_latest_version(meetings)


def apologies_list_for_person(person: Person) -> QuerySet[Attendance]:
    """Apologies the person sent (or that were recorded for them), latest meeting first."""
    return (
        Attendance.objects.filter(
            person=person, status__in=[AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY]
        )
        .select_related("meeting__body", "deputy")
        .order_by("-meeting__start")
    )


def membership_for_meeting(person: Person, meeting: Meeting) -> Membership | None:
    """The person's term on the meeting's body on its day, a representing role first."""
    terms = (
        Membership.objects.filter(person=person, body_id=meeting.body_id)
        .current_on(meeting.date)
        .select_related("role", "organisation")
    )
    ordered = sorted(terms, key=lambda m: (not m.role.counts_for_quorum, m.pk))
    return ordered[0] if ordered else None


def deputy_choices(membership: Membership, on: datetime.date) -> QuerySet[Person]:
    """Who may stand in for a member: the body's named deputies and colleagues from the same
    agency who sit on any body on the day."""
    current = Membership.objects.current_on(on)
    colleagues = Q(
        pk__in=current.filter(body_id=membership.body_id, role=Role.DEPUTY).values("person_id")
    )
    if membership.organisation_id:
        colleagues |= Q(
            pk__in=current.filter(organisation_id=membership.organisation_id).values("person_id")
        )
    return Person.objects.filter(colleagues, active=True).exclude(pk=membership.person_id)


def with_latest_version(meetings: QuerySet[Meeting]) -> list[Meeting]:
    """Meetings for a feed: each with its body and its partnership's site, `latest_version`
    (or None) and today's restrictions (`restrictions_of`), in four queries however many
    meetings there are."""
    newest = AgendaVersion.objects.filter(meeting=OuterRef("meeting")).order_by("-number")
    loaded = list(
        meetings.select_related("body__partnership__site").prefetch_related(
            Prefetch(
                "agenda_versions",
                queryset=AgendaVersion.objects.filter(number=Subquery(newest.values("number")[:1])),
                to_attr="latest_versions",
            ),
            current_restrictions_prefetch(),
        )
    )
    for meeting in loaded:
        meeting.latest_version = meeting.latest_versions[0] if meeting.latest_versions else None
    return loaded
