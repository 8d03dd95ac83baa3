"""The papers pack: a cover, the agenda and the papers the reader may see, with bookmarks and
page numbers, built once per change and served under the papers' access rule."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from meetings.models import AccessLogEntry, Paper, Purpose
from meetings.papers import services as paper_services
from meetings.pdf import STATIC_PREFIX, StaticOnlyFetcher
from membership.models import Role
from tests.meetings.paper_factories import (
    AgendaItemFactory,
    MeetingFactory,
    make_pdf,
    pdf_text,
    publish_agenda,
    upload,
)
from tests.meetings.paper_fixtures import *  # noqa: F403
from tests.meetings.paper_fixtures import AUDIENCES, INSIDERS
from tests.membership.factories import MembershipFactory, OrganisationFactory, PersonFactory

RESTRICTED_ITEM = "Serious case review: Family R"
RESTRICTED_PAPER = "Child Q: review of agency involvement"
RESTRICTED_ITEM_PAPER = "Family R chronology"
# Page counts of the papers tabled below.
PUBLIC_PAGES = {"Business plan 2012 to 2013": 3, "Neglect audit": 2, "Training report": 1}
RESTRICTED_PAGES = {RESTRICTED_PAPER: 2, RESTRICTED_ITEM_PAPER: 4}


@pytest.fixture
def agenda(meeting, readers, django_capture_on_commit_callbacks):
    """Five items: two public ones with papers (one with a restricted paper), a sub-item, a
    restricted item with its paper, and an item without papers."""
    manager = readers["business_unit"]
    chair = PersonFactory(given_name="Jane", family_name="Wonnacott")
    MembershipFactory(
        body=meeting.body,
        person=chair,
        role=Role.INDEPENDENT_CHAIR,
        organisation=OrganisationFactory(name="Independent"),
    )
    items = {
        "welcome": AgendaItemFactory(
            meeting=meeting, number="1", title="Welcome and apologies", minutes_allocated=5
        ),
        "plan": AgendaItemFactory(
            meeting=meeting,
            number="2",
            title="Business plan",
            purpose=Purpose.DECISION,
            presenter=chair,
            minutes_allocated=30,
        ),
        "review": AgendaItemFactory(
            meeting=meeting, number="3", title=RESTRICTED_ITEM, is_restricted=True
        ),
        "quality": AgendaItemFactory(meeting=meeting, number="4", title="Quality assurance"),
    }
    items["training"] = AgendaItemFactory(
        meeting=meeting, number="4.1", title="Training", parent=items["quality"]
    )

    def table(item, title, pages, is_restricted=False):
        return paper_services.paper_create(
            actor=manager,
            agenda_item=items[item],
            title=title,
            is_restricted=is_restricted,
            file=upload(make_pdf(pages=pages, text=title)),
        )

    with django_capture_on_commit_callbacks(execute=True):
        papers = {
            "plan": table("plan", "Business plan 2012 to 2013", 3),
            "restricted": table("plan", RESTRICTED_PAPER, 2, is_restricted=True),
            "review": table("review", RESTRICTED_ITEM_PAPER, 4),
            "audit": table("quality", "Neglect audit", 2),
            "training": table("training", "Training report", 1),
        }
    return {"items": items, "papers": papers}


def get_pack(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/pack.pdf")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return response, data


def outline_titles(data: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline entry, in order."""
    entries = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def walk(items, depth):
            for item in items:
                page = item.destination[0].objgen if item.destination is not None else None
                entries.append((depth, item.title, pages.get(page)))
                walk(item.children, depth + 1)

        with pdf.open_outline() as outline:
            walk(outline.root, 0)
    return entries


def paper_page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


@pytest.fixture
def published(meeting, agenda):
    return publish_agenda(meeting)


def test_the_members_pack_has_cover_agenda_every_paper_bookmarks_and_page_numbers(
    meeting, published, client_for
):
    response, data = get_pack(client_for("member"), meeting)
    assert response.status_code == 200
    texts = pdf_text(data)
    total = len(texts)
    paper_pages = sum(PUBLIC_PAGES.values()) + sum(RESTRICTED_PAGES.values())
    # One page of cover (with the membership list) and one of agenda, then the papers.
    assert total == 2 + paper_pages
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text

    cover, agenda_page = texts[0], texts[1]
    assert "Safeguarding Children Board Executive" in cover
    assert "Friday 2 March 2012" in cover
    assert "10:00 to 12:00" in cover
    assert "Committee Room 1, County Hall" in cover
    assert "Jane Wonnacott" in cover
    assert "Independent chair" in cover
    assert "restricted papers" in cover
    assert "Agenda" in agenda_page
    for expected in ("Welcome and apologies", "Business plan", RESTRICTED_ITEM, "4.1", "Training"):
        assert expected in agenda_page
    assert "For decision" in agenda_page
    # The clock runs from 10:00 through the minutes allowed: item 2 starts at 10:05.
    assert "10:05" in agenda_page

    # The papers follow in agenda order, each whole.
    order = [
        ("Business plan 2012 to 2013", 3),
        (RESTRICTED_PAPER, 2),
        (RESTRICTED_ITEM_PAPER, 4),
        ("Neglect audit", 2),
        ("Training report", 1),
    ]
    page = 2
    starts = {}
    for title, pages in order:
        starts[title] = page
        for offset in range(pages):
            assert f"{title} page {offset + 1}" in texts[page + offset]
        page += pages
    # The agenda gives each paper's first page in the pack, as the stamps number it.
    agenda_lines = " ".join(agenda_page.split())
    for title, _pages in order:
        shown = re.escape(title) + r"( Restricted)? page " + str(starts[title] + 1) + r"\b"
        assert re.search(shown, agenda_lines), title

    assert outline_titles(data) == [
        (0, "Cover", 0),
        (0, "Agenda", 1),
        (0, "1 Welcome and apologies", 1),
        (0, "2 Business plan", starts["Business plan 2012 to 2013"]),
        (1, "Business plan 2012 to 2013", starts["Business plan 2012 to 2013"]),
        (1, RESTRICTED_PAPER, starts[RESTRICTED_PAPER]),
        (0, f"3 {RESTRICTED_ITEM}", starts[RESTRICTED_ITEM_PAPER]),
        (1, RESTRICTED_ITEM_PAPER, starts[RESTRICTED_ITEM_PAPER]),
        (0, "4 Quality assurance", starts["Neglect audit"]),
        (1, "Neglect audit", starts["Neglect audit"]),
        (1, "4.1 Training", starts["Training report"]),
        (2, "Training report", starts["Training report"]),
    ]


def test_the_public_pack_lacks_exactly_the_restricted_papers(meeting, published, client_for):
    _, member_data = get_pack(client_for("member"), meeting)
    response, data = get_pack(client_for("anonymous"), meeting)
    assert response.status_code == 200
    texts = pdf_text(data)
    total = len(texts)
    assert total == paper_page_count(member_data) - sum(RESTRICTED_PAGES.values())
    assert total == 2 + sum(PUBLIC_PAGES.values())
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
    whole = "\n".join(texts)
    for title in PUBLIC_PAGES:
        assert f"{title} page 1" in whole
    for secret in (RESTRICTED_ITEM, RESTRICTED_PAPER, RESTRICTED_ITEM_PAPER, "Family R"):
        assert secret not in whole
        assert secret.encode() not in data
    # The restricted item keeps its number and says no more.
    assert "Restricted item" in texts[1]
    titles = [title for _depth, title, _page in outline_titles(data)]
    assert titles == [
        "Cover",
        "Agenda",
        "1 Welcome and apologies",
        "2 Business plan",
        "Business plan 2012 to 2013",
        "4 Quality assurance",
        "Neglect audit",
        "4.1 Training",
        "Training report",
    ]
    assert "restricted papers" not in texts[0]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_reader_gets_the_pack_for_them(meeting, published, client_for, audience):
    response, data = get_pack(client_for(audience), meeting)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'inline; filename="lscb-exec-2012-03-02-papers.pdf"'
        if audience in INSIDERS
        else 'inline; filename="lscb-exec-2012-03-02-public-papers.pdf"'
    )
    whole = "\n".join(pdf_text(data))
    if audience in INSIDERS:
        assert response["Cache-Control"] == "private, no-store"
        assert RESTRICTED_PAPER in whole
    else:
        assert response["Cache-Control"] == "no-cache"
        assert RESTRICTED_PAPER not in whole


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_pack_of_an_unpublished_agenda_is_for_the_business_unit_alone(
    meeting, agenda, client_for, audience
):
    response, data = get_pack(client_for(audience), meeting)
    if audience == "business_unit":
        assert response.status_code == 200
        assert RESTRICTED_PAPER in "\n".join(pdf_text(data))
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404
        for secret in (RESTRICTED_ITEM, RESTRICTED_PAPER, "Business plan"):
            assert secret.encode() not in data


@pytest.mark.parametrize("audience", AUDIENCES)
def test_an_item_added_since_publication_waits_for_the_next_version(
    meeting, published, readers, client_for, django_capture_on_commit_callbacks, audience
):
    late = AgendaItemFactory(meeting=meeting, number="5", title="Late tender")
    with django_capture_on_commit_callbacks(execute=True):
        paper_services.paper_create(
            actor=readers["business_unit"],
            agenda_item=late,
            title="Tender evaluation",
            file=upload(make_pdf(pages=1, text="Tender evaluation")),
        )

    response, data = get_pack(client_for(audience), meeting)
    whole = "\n".join(pdf_text(data))

    assert response.status_code == 200
    assert "Late tender" not in whole and "Tender evaluation" not in whole
    publish_agenda(meeting)
    assert "Late tender" in "\n".join(pdf_text(get_pack(client_for(audience), meeting)[1]))


def test_a_missing_meeting_has_no_pack(client_for, db):
    assert client_for("business_unit").get("/meetings/999999/pack.pdf").status_code == 404


def pack_files(meeting) -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "packs" / str(meeting.pk)
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


def test_the_second_request_serves_the_stored_pack_and_a_new_version_rebuilds_it(
    meeting, published, readers, client_for, django_capture_on_commit_callbacks
):
    client = client_for("member")
    _, first = get_pack(client, meeting)
    stored = [path for path in pack_files(meeting) if path.name.startswith("restricted-")]
    assert len(stored) == 1
    built = stored[0].stat().st_mtime_ns
    _, second = get_pack(client, meeting)
    assert second == first
    assert [p for p in pack_files(meeting) if p.name.startswith("restricted-")] == stored
    assert stored[0].stat().st_mtime_ns == built

    with django_capture_on_commit_callbacks(execute=True):
        paper_services.paper_upload(
            actor=readers["business_unit"],
            paper=Paper.objects.get(title="Neglect audit"),
            file=upload(make_pdf(pages=5, text="Neglect audit revised")),
        )
    _, third = get_pack(client, meeting)
    rebuilt = [path for path in pack_files(meeting) if path.name.startswith("restricted-")]
    # A new file, and the superseded one gone.
    assert len(rebuilt) == 1
    assert rebuilt != stored
    texts = pdf_text(third)
    assert len(texts) == len(pdf_text(first)) + 3
    assert any("Neglect audit revised page 5" in text for text in texts)


def test_publishing_a_new_agenda_version_rebuilds_the_pack(meeting, published, client_for):
    client = client_for("anonymous")
    get_pack(client, meeting)
    before = pack_files(meeting)
    publish_agenda(meeting)
    _, data = get_pack(client, meeting)
    assert pack_files(meeting) != before
    assert "Version 2" in pdf_text(data)[0]


def test_the_pack_takes_the_same_queries_however_long_the_agenda(
    meeting, published, readers, client_for
):
    client = client_for("member")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response, _ = get_pack(client, meeting)
            assert response.status_code == 200
        return len(queries)

    before = count()
    for number in range(20):
        item = AgendaItemFactory(meeting=meeting, number=str(10 + number))
        Paper.objects.create(agenda_item=item, title=f"Paper {number}")
    assert count() == before


def test_rotated_pages_are_numbered_upright(meeting, readers, client_for):
    item = AgendaItemFactory(meeting=meeting, title="Performance data set")
    paper_services.paper_create(
        actor=readers["business_unit"],
        agenda_item=item,
        title="Quarter three figures",
        file=upload(make_pdf(pages=2, rotate=90)),
    )
    publish_agenda(meeting)
    _, data = get_pack(client_for("anonymous"), meeting)
    texts = pdf_text(data)
    assert "Page 3 of 4" in texts[2]
    assert "Page 4 of 4" in texts[3]
    # pypdf reads text in the orientation it is drawn: the stamp reads left to right.
    assert re.search(r"Page 4 of 4", texts[3])


def test_a_meeting_in_another_body_does_not_open_to_this_bodys_members(client_for, readers):
    other = MeetingFactory()
    publish_agenda(other)
    response, _ = get_pack(client_for("member"), other)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"


class TestStaticOnlyFetcher:
    def test_our_stylesheet_is_fetched(self):
        response = StaticOnlyFetcher()(STATIC_PREFIX + "css/pack.css")
        assert b"@page" in response.read()

    @pytest.mark.parametrize(
        "url",
        [
            "https://example.org/tracker.css",
            "http://127.0.0.1:8000/admin/",
            "file:///etc/passwd",
            STATIC_PREFIX + "../config/settings/base.py",
            STATIC_PREFIX + "css/../../pyproject.toml",
            STATIC_PREFIX + "css/missing.css",
            "data:text/css,body{}",
        ],
    )
    def test_everything_else_is_refused(self, url):
        with pytest.raises(ValueError):
            StaticOnlyFetcher()(url)


def test_a_pack_stopped_at_its_memory_limit_is_a_clear_error_and_nothing_is_kept_or_logged(
    meeting, agenda, client_for
):
    """The business unit's pack of an unpublished agenda is built while they wait."""
    client = client_for("business_unit")

    with override_settings(RENDER_MEMORY_LIMIT_BYTES=1024 * 1024):
        response = client.get(f"/meetings/{meeting.pk}/pack.pdf")

    assert response.status_code == 503
    assert "The papers pack needed more than 1 MB of memory" in response.content.decode()
    assert pack_files(meeting) == []
    assert not AccessLogEntry.objects.exists()
    _, data = get_pack(client, meeting)
    assert RESTRICTED_PAPER in "\n".join(pdf_text(data))
    assert AccessLogEntry.objects.count() == 1
