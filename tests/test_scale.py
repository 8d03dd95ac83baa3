"""generate_scale writes a history the rules accept, with its history rows, the same for the
same seed; and the measured pages cost the same number of queries at 1× and 10× data."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from demo.scale import DEFAULT_PASSWORD, ScaleRefused, generate
from governance import services as governance_services
from governance.models import Action, Decision, ReferenceCounter, ReferenceKind
from meetings import services as meetings_services
from meetings.models import (
    AgendaItem,
    AgendaVersion,
    Attendance,
    Meeting,
    MeetingStatus,
    Paper,
    PaperVersion,
)
from membership import rules
from membership.models import Body, Membership, Person
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 26)
NOW = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)


def _pages(client, member_client) -> dict[str, int]:
    """Query counts of the pages `make bench` measures, for the public and the member."""
    member = Person.objects.get(user__username__endswith="-member")
    board = Body.objects.get(memberships__person=member, parent__isnull=True)
    meeting = (
        Meeting.objects.filter(body=board, status=MeetingStatus.HELD).order_by("-start").first()
    )
    pages = {
        "home": (client, "/"),
        "body": (client, board.get_absolute_url()),
        "body, member": (member_client, board.get_absolute_url()),
        "meeting": (client, meeting.get_absolute_url()),
        "meeting, member": (member_client, meeting.get_absolute_url()),
        "my meetings": (member_client, "/my/"),
        "decisions": (client, "/decisions/"),
        "decisions, member": (member_client, "/decisions/"),
        "search": (client, "/search/?q=safeguarding"),
        "search, member": (member_client, "/search/?q=safeguarding"),
    }
    counts = {}
    for name, (reader, url) in pages.items():
        reader.get(url)  # warm what is cached per process (content types)
        with CaptureQueriesContext(connection) as captured:
            response = reader.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(captured)
    return counts


def _ensure_a_coming_meeting(user) -> None:
    """/my/ asks about papers only when a coming meeting has a published agenda; make sure
    the member has one at every size, so the sizes differ in rows, not in questions."""
    board = Body.objects.get(memberships__person__user=user, parent__isnull=True)
    soon = Meeting.objects.filter(
        body=board, start__gt=NOW, start__lt=NOW + datetime.timedelta(days=30)
    )
    if soon.filter(agenda_versions__isnull=False).exists():
        return
    start = NOW + datetime.timedelta(days=10)
    meeting = meetings_services.meeting_schedule(
        actor=None,
        body=board,
        title=board.name,
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    meetings_services.agenda_item_add(actor=None, meeting=meeting, title="Matters arising")
    meetings_services.agenda_publish(actor=user, meeting=meeting)


def _queries_at(scale: float) -> dict[str, int]:
    """Generate, measure, and roll the data back, so the next size starts empty. The clock
    is fixed so both sizes have the same kind of coming meetings for /my/ to show."""
    with transaction.atomic(), time_machine.travel(NOW, tick=False):
        result = generate(years=20, scale=scale, seed=7, today=TODAY)
        _ensure_a_coming_meeting(User.objects.get(username=result.logins[2]))
        member_client = Client()
        member_client.force_login(User.objects.get(username=result.logins[2]))
        found = _pages(Client(), member_client)
        transaction.set_rollback(True)
    return found


# Each page's queries, served with nothing kept between requests. Every page reads the
# partnership answering on its host (the layout names it; lists and records are its own);
# a body page also reads the bodies it reports into elsewhere and its linked boards.
PAGE_QUERIES = {
    "home": 6,
    "body": 8,
    "body, member": 10,
    "meeting": 12,
    "meeting, member": 18,
    "my meetings": 17,
    "decisions": 5,
    "decisions, member": 8,
    "search": 4,
    "search, member": 7,
}


def test_measured_pages_cost_the_same_queries_at_one_and_ten_times_the_data():
    small = _queries_at(0.01)
    large = _queries_at(0.1)

    assert small == large
    assert small == PAGE_QUERIES


def _fingerprint() -> tuple:
    return (
        tuple(Meeting.objects.order_by("start", "title").values_list("title", "start", "status")),
        tuple(Decision.objects.order_by("reference").values_list("reference", "title", "status")),
        tuple(Action.objects.order_by("reference").values_list("reference", "status", "due_date")),
        tuple(Person.objects.order_by("email").values_list("given_name", "family_name", "email")),
        tuple(
            AgendaItem.objects.order_by(
                "meeting__start", "meeting__title", "sort_order"
            ).values_list("title")
        ),
    )


def _generated_fingerprint(seed: int) -> tuple:
    with transaction.atomic():
        generate(years=5, scale=0.02, seed=seed, today=TODAY)
        found = _fingerprint()
        transaction.set_rollback(True)
    return found


def test_the_same_seed_gives_the_same_history_and_another_seed_another():
    first = _generated_fingerprint(11)

    assert _generated_fingerprint(11) == first
    assert _generated_fingerprint(12) != first


@pytest.fixture
def generated(db):
    return generate(years=20, scale=0.05, seed=3, today=TODAY)


def test_every_generated_row_has_its_creation_history_by_the_business_unit(generated):
    for model in (
        Body,
        Person,
        Membership,
        Meeting,
        AgendaItem,
        AgendaVersion,
        Attendance,
        Paper,
        PaperVersion,
        Decision,
        Action,
        ReferenceCounter,
    ):
        history = model.history.all()
        assert history.count() == model.objects.count() > 0, model
        assert set(history.values_list("history_type", flat=True)) == {"+"}, model
        assert set(history.values_list("history_user__username", flat=True)) == {
            "wessex-manager"
        }, model


def test_generated_terms_keep_the_membership_rules(generated):
    for body in Body.objects.all():
        memberships = list(body.memberships.select_related("person", "role"))
        assert rules.conflicts(memberships) == [], body


def test_references_follow_the_services_formats_and_numbering_carries_on(generated):
    decision_format = re.compile(r"^WESS-[A-Z]+/\d{4}/\d{3}$")
    action_format = re.compile(r"^WESS-[A-Z]+/\d{4}/A\d{3}$")
    assert all(
        decision_format.match(r) for r in Decision.objects.values_list("reference", flat=True)
    )
    assert all(action_format.match(r) for r in Action.objects.values_list("reference", flat=True))
    board = Body.objects.get(short_name="WESS-SCB")
    last = Decision.objects.filter(body=board).order_by("-decided_on", "-sequence").first()
    counter = ReferenceCounter.objects.get(kind=ReferenceKind.DECISION, body=board, year=last.year)
    assert counter.last_number == last.sequence

    recorded = governance_services.decision_record(
        actor=None,
        body=board,
        title="Budget for the coming year",
        text="Agreed.",
        decided_on=last.decided_on,
    )

    assert recorded.sequence == last.sequence + 1


def test_papers_point_at_one_stored_pdf_with_searchable_text(generated):
    versions = PaperVersion.objects.all()
    assert versions.values("file").distinct().count() == 1
    assert not versions.filter(text="").exists()
    version = versions.first()
    with version.file.open("rb") as stream:
        assert stream.read(5) == b"%PDF-"


def test_a_database_with_data_is_refused_unless_forced():
    BodyFactory(name="Kent Safeguarding Children Board")

    with pytest.raises(ScaleRefused):
        generate(years=2, scale=0.01, today=TODAY)
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_scale", "--years", "2", "--scale", "0.01")

    forced = generate(years=2, scale=0.01, today=TODAY, force=True)

    assert forced.areas == ["Wessex"]
    assert Body.objects.filter(name__startswith="Wessex ").count() == 12


def test_a_forced_second_history_takes_the_next_area(generated):
    again = generate(years=2, scale=0.01, today=TODAY, force=True)

    assert again.areas == ["Mercia"]
    assert again.logins[0] == "mercia-manager"


def test_the_generated_logins_sign_in_with_the_password(generated, client):
    assert client.login(username="wessex-member", password=DEFAULT_PASSWORD)


def test_the_floor_view_renders_without_a_query(client, settings):
    templates = settings.TEMPLATES[0]
    bench_templates = [{**templates, "DIRS": [*templates["DIRS"], ROOT / "bench" / "templates"]}]
    with override_settings(ROOT_URLCONF="bench.urls", TEMPLATES=bench_templates):
        client.get("/bench/floor/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/bench/floor/")

    assert response.status_code == 200
    assert len(captured) == 0


def test_the_floor_view_is_not_in_the_production_urls():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


def test_the_generator_writes_in_bulk_only_through_its_bulk_module():
    bulk = re.compile(r"bulk_create|bulk_update")
    for path in (ROOT / "demo" / "scale").glob("*.py"):
        if path.name == "bulk.py":
            continue
        assert not bulk.search(path.read_text()), path


def test_many_partnerships_one_full_the_rest_thin_tied_by_a_committee_and_a_member():
    from membership.models import Partnership

    result = generate(years=2, scale=0.2, seed=5, today=TODAY, partnerships=3, thin=0.01)

    records = list(Partnership.objects.filter(bodies__isnull=False).distinct().order_by("pk"))
    assert [p.name for p in records] == [
        f"{area} Safeguarding Children Partnership" for area in result.areas
    ]
    first, second, third = records
    assert first.is_default
    assert second.site.hostname == "mercia.localhost"
    assert Person.objects.filter(partnership=first).count() > 2 * (
        Person.objects.filter(partnership=second).count()
    )
    joint = Body.objects.get(partnership=third, short_name__endswith="-LD")
    assert joint.also_reports_to.get().partnership == second
    from cms.models import ProgressReportPage

    report = ProgressReportPage.objects.get(board__partnership=second)
    assert report.get_site() == second.site
    shared = Person.objects.filter(partnership=third, memberships__body__partnership=second)
    assert shared.exists()
    decision = Decision.objects.filter(body__partnership=second).first()
    assert decision is None or decision.reference.startswith(f"{second.code}/")
    assert (
        User.objects.get(username="mercia-manager")
        .groups.filter(pk=second.business_unit_id)
        .exists()
    )
