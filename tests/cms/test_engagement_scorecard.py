"""The partner engagement scorecard: for each agency on a body and its subgroups over the
report's period, meetings attended of those expected, by a deputy, papers opened, actions
done on time and challenge responses on time; restricted records counted, never shown;
frozen on publish; in the PDF as a table; and a report with it and the budget block takes
the same queries however much is behind them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pikepdf
import pytest
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.pdf import report_html
from cms.snapshots import empty_blocks
from governance import services
from governance.models import ActionStatus, Budget, Contribution
from meetings.access_log.services import access_log_record
from meetings.models import AttendanceStatus, PackViewChoice
from membership.models import default_partnership
from tests.cms.factories import board_body, publish, report
from tests.governance.factories import action as make_action
from tests.governance.factories import challenge as make_challenge
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    PaperVersionFactory,
    local,
)
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db

PERIOD_LABEL = "1 April 2011 to 2 March 2012"  # the report's period, up to its as-of date
SCORECARD = ("engagement_scorecard", {"body": "", "include_subgroups": True})


def held(body, day: D):
    return MeetingFactory(body=body, start=local(day.year, day.month, day.day), status="held")


def member(body, organisation):
    person = PersonFactory(user=UserFactory())
    MembershipFactory(body=body, organisation=organisation, person=person, start_date=D(2011, 4, 1))
    return person


def attend(meeting, person, status=AttendanceStatus.PRESENT, **kw):
    return AttendanceFactory(meeting=meeting, person=person, status=status, **kw)


def opens(person, meeting, *, paper=None, pack="", on: D, restricted=False):
    entry = access_log_record(
        user=person.user,
        meeting=meeting,
        restricted=restricted,
        paper_version=paper,
        pack_view=pack,
    )
    # The log refuses changes; a test dates its entry as the file view would have that day.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_accesslogentry SET opened_at = %s WHERE id = %s",
            [local(on.year, on.month, on.day), entry.pk],
        )
    return entry


def paper_of(meeting):
    return PaperVersionFactory(paper=PaperFactory(agenda_item=AgendaItemFactory(meeting=meeting)))


def done(action, on: D):
    services.action_update(
        actor=None, action=action, text="Done.", update_date=on, new_status=ActionStatus.DONE
    )


def answered(challenge, on: D):
    services.challenge_record_response(
        actor=None, challenge=challenge, text="The figures are attached.", received_on=on
    )


@pytest.fixture
def board():
    return board_body(name="Executive", short_name="EX")


@pytest.fixture
def scene(board):
    """Kent Police and Kent County Council on the Executive and its Audit Subgroup."""
    subgroup = BodyFactory(name="Audit Subgroup", parent=board)
    police = OrganisationFactory(name="Kent Police")
    council = OrganisationFactory(name="Kent County Council")
    officer = member(board, police)
    detective = member(subgroup, police)
    director = member(board, council)
    june, september, december = (
        held(board, d) for d in (D(2011, 6, 1), D(2011, 9, 1), D(2011, 12, 1))
    )
    july = held(subgroup, D(2011, 7, 1))
    held(board, D(2012, 1, 10))  # attendance never taken: left out, not counted as absence
    after = held(board, D(2012, 3, 20))  # after the as-of date
    attend(june, officer)
    attend(june, director)
    attend(september, officer, AttendanceStatus.DEPUTY, deputy=PersonFactory())
    attend(september, director, AttendanceStatus.APOLOGIES)
    attend(december, officer, AttendanceStatus.PRESENT_ONLINE)
    attend(december, director)
    attend(july, detective)
    attend(after, director)

    minutes, restricted_paper = paper_of(june), paper_of(june)
    opens(officer, june, paper=minutes, on=D(2011, 5, 25))
    opens(officer, june, paper=minutes, on=D(2011, 5, 30))  # the same paper again: once
    opens(officer, june, paper=restricted_paper, on=D(2011, 5, 30), restricted=True)
    opens(detective, july, pack=PackViewChoice.RESTRICTED, on=D(2011, 6, 28), restricted=True)
    opens(director, after, paper=paper_of(after), on=D(2012, 3, 15))  # after the as-of date
    opens(PersonFactory(user=UserFactory()), june, paper=minutes, on=D(2011, 5, 30))  # no member

    on_time = make_action(
        board, officer, organisation=police, raised_on=D(2011, 6, 1), due_date=D(2011, 9, 1)
    )
    done(on_time, D(2011, 8, 20))
    late = make_action(
        board, officer, organisation=police, raised_on=D(2011, 6, 1), due_date=D(2011, 10, 1)
    )
    done(late, D(2011, 11, 1))
    make_action(
        board, director, organisation=council, raised_on=D(2011, 6, 1), due_date=D(2011, 12, 1)
    )
    secret = make_action(
        board,
        officer,
        organisation=police,
        raised_on=D(2011, 6, 1),
        due_date=D(2011, 9, 1),
        is_restricted=True,
        description="Review the Operation Larch referrals.",
    )
    done(secret, D(2011, 8, 1))
    make_action(
        board, director, organisation=council, raised_on=D(2011, 6, 1), due_date=D(2012, 6, 1)
    )

    answered(
        make_challenge(board, agency=police, raised_on=D(2011, 9, 1), response_due=D(2011, 10, 1)),
        D(2011, 9, 20),
    )
    answered(
        make_challenge(
            subgroup, agency=council, raised_on=D(2011, 9, 1), response_due=D(2011, 11, 1)
        ),
        D(2011, 11, 15),
    )
    make_challenge(
        board,
        agency=council,
        raised_on=D(2011, 9, 1),
        response_due=D(2011, 11, 1),
        is_restricted=True,
        issue="The Larch case file was incomplete.",
    )
    return board


def structure_tags(node) -> list[str]:
    """The element types of a PDF's structure tree, depth first."""
    found = []
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(str(node.S))
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else node
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            found += structure_tags(kid)
    elif isinstance(kids, pikepdf.Dictionary):
        found += structure_tags(kids)
    return found


def cells(html: str) -> str:
    return " ".join(html.split())


def test_each_agency_is_scored_from_the_records_of_the_body_and_its_subgroups(client, scene):
    page = publish(report(scene, [SCORECARD]))
    html = cells(client.get(page.url).content.decode())

    assert (
        '<caption>Partner engagement by agency<span class="caption-note">Partner engagement '
        "at Executive (with the groups that report to it), "
        f"{PERIOD_LABEL}</span></caption>" in html
    )
    # Police: 4 meetings expected (3 board, 1 subgroup), all attended, one by a deputy;
    # 3 papers opened (the minutes once, a restricted paper, the members' pack); 1 of 2
    # actions on time (the restricted one is left out); its challenge answered on time.
    assert (
        '<th scope="row">Kent County Council</th> <td class="number">2 of 3</td>'
        '<td class="number">0</td> <td class="number">0</td> '
        '<td class="number">0 of 1</td> <td class="number">0 of 1</td>' in html
    )
    assert (
        '<th scope="row">Kent Police</th> <td class="number">4 of 4</td>'
        '<td class="number">1</td> <td class="number">3</td> '
        '<td class="number">1 of 2</td> <td class="number">1 of 1</td>' in html
    )
    assert "Attendance was not recorded at 1 of the 5 meetings" in html
    # Restricted records are counted, never described nor laid at an agency's door.
    assert (
        "1 restricted action and 1 restricted challenge are not counted against any agency." in html
    )
    assert "Larch" not in html
    assert empty_blocks(page) == []

    # Frozen on publish: a meeting the police missed, recorded afterwards, changes nothing.
    attend(held(scene, D(2011, 10, 1)), PersonFactory())
    assert "4 of 4" in client.get(page.url).content.decode()
    assert "4 of 5" in page.make_preview_request().content.decode()


def test_without_the_subgroups_only_the_body_itself_is_scored(client, scene):
    page = publish(report(scene, [("engagement_scorecard", {"body": ""})]))
    html = cells(client.get(page.url).content.decode())

    assert f"Partner engagement at Executive, {PERIOD_LABEL}" in html
    # Police: the subgroup's meeting, its pack and the council's subgroup challenge drop out.
    assert (
        '<th scope="row">Kent Police</th> <td class="number">3 of 3</td>'
        '<td class="number">1</td> <td class="number">2</td>' in html
    )
    assert (
        '<th scope="row">Kent County Council</th> <td class="number">2 of 3</td>' in html
        and '<td class="number not-recorded">none due</td>' in html
    )


def test_a_body_with_no_partners_in_the_period_says_so_and_warns_the_editor(client, board):
    draft = report(board, [SCORECARD])

    assert empty_blocks(draft) == ["Partner engagement by agency"]
    html = cells(client.get(publish(draft).url).content.decode())
    assert (
        "No agency sat on Executive in "
        f"{PERIOD_LABEL}, and no actions or challenges fell due." in html
    )
    assert "0 of 0" not in html


def test_the_pdf_tags_both_blocks_as_tables_with_their_captions(client, scene):
    Budget.objects.create(partnership=default_partnership(), year=2011, total=Decimal("800"))
    page = publish(report(scene, [("budget", {}), SCORECARD]))

    html = cells(report_html(page, live=False))
    assert html.count("<table") == 2 and html.count("<caption>") == 2
    response = client.get(f"{page.url}pdf/")
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    pages = PdfReader(io.BytesIO(data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Budget of Executive, financial year 2011 to 2012" in text
    assert "Partner engagement at Executive (with the groups that report to it)" in text
    assert "Kent Police 4 of 4 1 3 1 of 2 1 of 1" in text
    # Tagged: each block is a Table of the PDF's structure tree, with its Caption.
    document = pikepdf.open(io.BytesIO(data))
    tags = structure_tags(document.Root.StructTreeRoot)
    assert tags.count("/Table") >= 2 and tags.count("/Caption") >= 2


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------
def grow(board, n: int) -> None:
    """n more agencies, each with a member who attends, opens papers, owns an action and
    answers a challenge; and n more contributions to the budget."""
    budget = Budget.objects.get_or_create(
        partnership=default_partnership(), year=2011, defaults={"total": Decimal("1000000")}
    )[0]
    for _ in range(n):
        agency = OrganisationFactory()
        person = member(board, agency)
        meeting = held(board, D(2011, 6, 1))
        attend(meeting, person)
        opens(person, meeting, paper=paper_of(meeting), on=D(2011, 5, 30))
        make_action(
            board, person, organisation=agency, raised_on=D(2011, 6, 1), due_date=D(2011, 9, 1)
        )
        make_challenge(board, agency=agency, raised_on=D(2011, 6, 1), response_due=D(2011, 9, 1))
        Contribution.objects.create(budget=budget, organisation=agency, amount=Decimal("10"))


def queries(get) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get()
        assert response.status_code == 200
    return len(captured)


BOTH = [("budget", {}), SCORECARD]


def test_a_report_with_both_blocks_takes_the_same_queries_for_2_or_22_of_everything(client, board):
    grow(board, 2)
    draft = report(board, BOTH)
    draft.make_preview_request()
    small_preview = queries(draft.make_preview_request)
    small = publish(report(board, BOTH, title="Small"))
    client.get(small.url)
    small_page = queries(lambda: client.get(small.url))

    grow(board, 20)
    assert queries(draft.make_preview_request) == small_preview
    large = publish(report(board, BOTH, title="Large"))
    client.get(large.url)
    assert queries(lambda: client.get(large.url)) == small_page
