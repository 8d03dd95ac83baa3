"""Reads for paper files and papers packs, each with what its caller needs loaded."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from meetings.models import AccessLogEntry, AgendaItem, AgendaVersion, Meeting, Paper, PaperVersion
from membership.access import AnyUser
from membership.models import Partnership
from membership.partnerships import body_ids_in


def paper_get_for_file(paper_id: int, partnership: Partnership) -> Paper:
    """A paper of a meeting of a body serving the partnership, with its item, the item's
    parent and the meeting's body: what the access rule reads. Raises Paper.DoesNotExist."""
    return Paper.objects.select_related("agenda_item__parent", "agenda_item__meeting__body").get(
        pk=paper_id, agenda_item__meeting__body__in=body_ids_in(partnership)
    )


def paper_version_get(paper: Paper, number: int | None = None) -> PaperVersion:
    """The numbered version of a paper, or its latest when no number is given. Raises
    PaperVersion.DoesNotExist."""
    versions = PaperVersion.objects.filter(paper=paper)
    if number is None:
        version = versions.order_by("-number").first()
        if version is None:
            raise PaperVersion.DoesNotExist
        return version
    return versions.get(number=number)


def agenda_version_latest(meeting: Meeting) -> AgendaVersion | None:
    return AgendaVersion.objects.filter(meeting=meeting).order_by("-number").first()


def meeting_get_for_pack(meeting_id: int, partnership: Partnership) -> Meeting:
    """A meeting of a body serving the partnership. Raises Meeting.DoesNotExist."""
    return Meeting.objects.select_related("body").get(
        pk=meeting_id, body__in=body_ids_in(partnership)
    )


def _latest_versions() -> Prefetch:
    newest = PaperVersion.objects.filter(paper=OuterRef("paper")).order_by("-number")
    return Prefetch(
        "versions",
        queryset=PaperVersion.objects.filter(number=Subquery(newest.values("number")[:1])).defer(
            "text"
        ),
        to_attr="latest_versions",
    )


def agenda_items_for_pack(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in agenda order (each top-level item followed by its sub-items),
    each with `presenter`, `parent` and `paper_list`, each paper with `latest_versions`
    (a list of zero or one). Four queries however long the agenda."""
    papers = Paper.objects.prefetch_related(_latest_versions()).order_by("sort_order", "pk")
    items: QuerySet[AgendaItem] = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter", "parent")
        .prefetch_related(Prefetch("papers", queryset=papers, to_attr="paper_list"))
        .order_by("sort_order", "pk")
    )
    return in_agenda_order(list(items))


def in_agenda_order(items: list[AgendaItem]) -> list[AgendaItem]:
    """Top-level items in their order, each followed by its sub-items in theirs; a sub-item
    whose parent is missing from the list is treated as top-level."""
    ids = {item.pk for item in items}
    children: dict[int, list[AgendaItem]] = {}
    top: list[AgendaItem] = []
    for item in items:
        if item.parent_id in ids:
            children.setdefault(item.parent_id, []).append(item)
        else:
            top.append(item)
    ordered: list[AgendaItem] = []
    for item in top:
        ordered.append(item)
        ordered.extend(children.get(item.pk, []))
    return ordered


def _version_list(*, latest_only: bool) -> Prefetch:
    versions = PaperVersion.objects.defer("text").order_by("-number")
    if latest_only:
        newest = PaperVersion.objects.filter(paper=OuterRef("paper")).order_by("-number")
        versions = versions.filter(number=Subquery(newest.values("number")[:1]))
    return Prefetch("versions", queryset=versions, to_attr="version_list")


def paper_map_for_meetings(meeting_ids: list[int], *, all_versions: bool) -> dict[int, Paper]:
    """The meetings' papers by id, each with its item and the item's parent (what the access
    rule reads) and `version_list`, newest first: every version, or only the latest. Two
    queries however many meetings, papers and versions."""
    papers = (
        Paper.objects.filter(agenda_item__meeting_id__in=meeting_ids)
        .select_related("agenda_item__parent")
        .prefetch_related(_version_list(latest_only=not all_versions))
    )
    return {paper.pk: paper for paper in papers}


def paper_versions_opened_by(user: AnyUser, version_ids: list[int]) -> set[int]:
    """Which of these paper versions the user has opened, by the access log."""
    if not user.is_authenticated:
        return set()
    return set(
        AccessLogEntry.objects.filter(user=user, paper_version_id__in=version_ids)
        .order_by()
        .values_list("paper_version_id", flat=True)
        .distinct()
    )
