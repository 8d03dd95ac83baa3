import csv
import io
import threading

import pytest

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from governance import services
from governance.models import Decision, DecisionStatus, ReferenceCounter, ReferenceKind
from governance.services._common import next_number
from tests.membership.factories import BodyFactory

from .factories import (
    AgendaItemFactory,
    D,
    MeetingFactory,
    action,
    at,
    business_unit,
    decision,
    member_of,
    publish,
    unannounced_item,
)

pytestmark = pytest.mark.django_db


def test_references_run_per_body_and_year_and_restart_each_year():
    executive = BodyFactory(short_name="EXEC")
    board = BodyFactory(short_name="KSCB")

    first = decision(executive, decided_on=D(2012, 4, 18))
    second = decision(executive, decided_on=D(2012, 5, 16))
    other_body = decision(board, decided_on=D(2012, 5, 16))
    next_year = decision(executive, decided_on=D(2013, 1, 16))

    assert [first.reference, second.reference] == ["EXEC/2012/001", "EXEC/2012/002"]
    assert other_body.reference == "KSCB/2012/001"
    assert next_year.reference == "EXEC/2013/001"


def test_a_withdrawn_decisions_reference_is_never_given_again():
    body = BodyFactory(short_name="EXEC")
    withdrawn = decision(body)
    services.decision_withdraw(
        actor=business_unit(), decision=withdrawn, reason="Recorded against the wrong meeting"
    )

    later = decision(body)

    withdrawn.refresh_from_db()
    assert withdrawn.status == DecisionStatus.WITHDRAWN
    assert withdrawn.reference == "EXEC/2012/001"
    assert later.reference == "EXEC/2012/002"


def test_a_refused_decision_uses_no_number():
    body = BodyFactory(short_name="EXEC")
    other_meeting = MeetingFactory()
    with pytest.raises(ValidationError) as refused:
        decision(body, meeting=other_meeting)
    assert "another body" in str(refused.value)

    assert decision(body).reference == "EXEC/2012/001"


def test_a_decision_on_a_restricted_item_is_restricted():
    meeting = MeetingFactory(start=at(D(2012, 4, 18)))
    item = AgendaItemFactory(meeting=meeting, is_restricted=True)

    recorded = decision(meeting.body, agenda_item=item, decided_on=None)

    assert recorded.is_restricted and recorded.restricted
    assert recorded.meeting == meeting
    assert recorded.decided_on == D(2012, 4, 18)


def test_the_item_must_belong_to_the_meeting():
    meeting = MeetingFactory()
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(body=meeting.body))

    with pytest.raises(ValidationError) as refused:
        decision(meeting.body, meeting=meeting, agenda_item=elsewhere)

    assert "another meeting" in str(refused.value)


def test_a_correction_is_recorded_with_who_when_and_why():
    recorded = decision(BodyFactory(short_name="EXEC"), text="The Executive endorsed the plan.")
    manager = business_unit()

    services.decision_correct(
        actor=manager,
        decision=recorded,
        text="The Executive endorsed the KSCB Business Plan 2012/13, subject to costings.",
        reason="Minutes approved on 16 May 2012 with this wording",
    )

    latest = recorded.history.first()
    assert latest.history_user == manager
    assert latest.history_change_reason == "Minutes approved on 16 May 2012 with this wording"
    assert latest.text.endswith("subject to costings.")
    assert latest.prev_record.text == "The Executive endorsed the plan."


def test_a_correction_without_a_reason_is_refused():
    recorded = decision(BodyFactory())

    with pytest.raises(ValidationError) as refused:
        services.decision_correct(
            actor=business_unit(), decision=recorded, text="Different words", reason="  "
        )

    assert "Say why" in str(refused.value)
    recorded.refresh_from_db()
    assert recorded.text != "Different words"


def test_a_decision_cannot_move_to_another_year():
    recorded = decision(BodyFactory(short_name="EXEC"), decided_on=D(2012, 4, 18))

    with pytest.raises(ValidationError) as refused:
        services.decision_correct(
            actor=None, decision=recorded, decided_on=D(2013, 1, 2), reason="Wrong date"
        )

    assert "numbered in 2012" in str(refused.value)


def test_superseding_names_the_later_decision():
    body = BodyFactory(short_name="KSCB")
    old = decision(body, decided_on=D(2011, 5, 18), title="Eligibility criteria")
    new = decision(body, decided_on=D(2012, 5, 16), title="Revised eligibility criteria")

    services.decision_supersede(actor=None, decision=old, superseded_by=new, reason="Revised")

    old.refresh_from_db()
    assert old.status == DecisionStatus.SUPERSEDED and old.superseded_by == new


def test_register_filters_by_body_year_type_and_words(client):
    executive, board = BodyFactory(slug="executive"), BodyFactory(slug="board")
    decision(executive, title="Business Plan 2012/13", decided_on=D(2012, 4, 18))
    decision(
        executive, title="Options report on support", text="Noted.", decided_on=D(2011, 11, 16)
    )
    decision(
        board,
        title="Eligibility criteria",
        text="Agreed.",
        decision_type="agreed",
        decided_on=D(2011, 5, 18),
    )

    def titles(**query):
        response = client.get("/decisions/", query)
        assert response.status_code == 200
        return {d.title for d in response.context["decisions"]}

    assert titles(body="executive") == {"Business Plan 2012/13", "Options report on support"}
    assert titles(year="2011") == {"Options report on support", "Eligibility criteria"}
    assert titles(type="agreed") == {"Eligibility criteria"}
    assert titles(q="business plan") == {"Business Plan 2012/13"}
    assert titles(body="executive", year="2012") == {"Business Plan 2012/13"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "twenty"}, "Enter the year as four digits"),
        ({"year": "1066"}, "Enter a year from 1990 onwards"),
        ({"body": "no-such-body"}, "Choose a body from the list"),
        ({"type": "vetoed"}, "Choose a type from the list"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(client, query, message):
    decision(BodyFactory())

    response = client.get("/decisions/", query)
    export = client.get("/decisions/export.csv", query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(response.context["decisions"]) == 1  # the bad value is left out, not guessed
    assert export.status_code == 400
    assert message in export.content.decode()


def test_export_is_the_filtered_register_as_csv(client):
    executive = BodyFactory(slug="executive", short_name="EXEC", name="KSCB Executive")
    decision(executive, title="Business Plan 2012/13", decided_on=D(2012, 4, 18))
    decision(executive, title="=HYPERLINK(evil)", decided_on=D(2011, 4, 18))

    response = client.get("/decisions/export.csv", {"year": "2012"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Date", "Body"]
    assert rows[1][:5] == [
        "EXEC/2012/001",
        "18 April 2012",
        "KSCB Executive",
        "Endorsed",
        "Business Plan 2012/13",
    ]
    assert len(rows) == 2
    everything = client.get("/decisions/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in everything  # a spreadsheet will not run it


def test_detail_by_reference_or_id(client):
    recorded = decision(BodyFactory(short_name="EXEC"))

    by_reference = client.get("/decisions/EXEC/2012/001/")
    by_id = client.get(f"/decisions/{recorded.pk}/")

    assert by_reference.status_code == by_id.status_code == 200
    assert recorded.get_absolute_url() == "/decisions/EXEC/2012/001/"
    assert "Business Plan 2012/13" in by_reference.content.decode()
    assert client.get("/decisions/EXEC/2012/999/").status_code == 404


def test_actions_arising_show_to_members_only(client):
    body = BodyFactory()
    recorded = decision(body)
    action(body, decision=recorded, description="Publish the plan on the website")

    public = client.get(recorded.get_absolute_url()).content.decode()
    client.force_login(member_of(BodyFactory()))
    member = client.get(recorded.get_absolute_url()).content.decode()

    assert "Publish the plan" not in public
    assert "Publish the plan" in member


def test_corrections_show_on_the_decision_page(client):
    recorded = decision(BodyFactory(short_name="EXEC"))
    services.decision_correct(
        actor=None, decision=recorded, text="Corrected words.", reason="Typing error in the minutes"
    )

    page = client.get(recorded.get_absolute_url()).content.decode()

    assert "Corrected words." in page
    assert "Typing error in the minutes" in page


def test_the_business_unit_sees_the_full_history_on_the_page(client):
    recorded = decision(BodyFactory())
    manager = business_unit()
    services.decision_correct(
        actor=manager, decision=recorded, title="Better title", reason="Clarity"
    )
    client.force_login(manager)

    page = client.get(recorded.get_absolute_url()).content.decode()

    assert "History" in page and manager.username in page and "Better title" in page


class TestNumberingUnderConcurrency:
    """Two decisions saved at the same moment get different references: the counter row is
    locked (SELECT … FOR UPDATE) until each transaction commits."""

    pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

    def _run_in_threads(self, target, count):
        errors = []

        def run(index):
            try:
                target(index)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return errors

    def test_decisions_recorded_at_the_same_moment_get_different_references(self):
        body = BodyFactory(short_name="EXEC")
        count = 8
        start = threading.Barrier(count)

        def record(index):
            start.wait(timeout=30)
            decision(body, title=f"Decision {index}")

        errors = self._run_in_threads(record, count)

        assert errors == []
        references = sorted(Decision.objects.values_list("reference", flat=True))
        assert references == [f"EXEC/2012/{n:03d}" for n in range(1, count + 1)]

    def test_a_second_writer_waits_for_the_first_to_commit(self):
        body = BodyFactory(short_name="EXEC")
        decision(body)  # the counter row exists
        holding, release = threading.Event(), threading.Event()
        second_done = threading.Event()

        def first(_index):
            with transaction.atomic():
                next_number(actor=None, kind=ReferenceKind.DECISION, body=body, year=2012)
                holding.set()
                release.wait(timeout=30)

        def second(_index):
            holding.wait(timeout=30)
            decision(body, title="Second")
            second_done.set()

        def run(index):
            (first if index == 0 else second)(index)

        runner = threading.Thread(target=lambda: self._run_in_threads(run, 2))
        runner.start()
        assert holding.wait(timeout=30)
        # While the first transaction holds the counter, the second cannot take a number.
        assert not second_done.wait(timeout=1)
        release.set()
        runner.join(timeout=60)

        assert second_done.is_set()
        assert Decision.objects.get(title="Second").reference == "EXEC/2012/003"
        counter = ReferenceCounter.objects.get(kind=ReferenceKind.DECISION, body=body, year=2012)
        assert counter.last_number == 3  # number 2 was taken by the first writer, never reused


def test_a_decision_names_its_item_only_once_the_agenda_lists_it(client):
    body = BodyFactory()
    item = unannounced_item(body)
    recorded = decision(body, meeting=item.meeting, agenda_item=item, title="Late decision")

    def seen(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(recorded.get_absolute_url()).content.decode()
        rows = csv.DictReader(io.StringIO(client.get("/decisions/export.csv").text))
        return page, [row["Item"] for row in rows]

    readers = {"public": None, "member": member_of(body)}
    for name, user in readers.items():
        page, items = seen(user)
        assert "Late decision" in page and "Unannounced item" not in page, name
        assert items == [""], name
    page, items = seen(business_unit())
    assert "Unannounced item" in page and items == [item.number]

    publish(item.meeting)
    item.refresh_from_db()

    page, items = seen(None)
    assert "Unannounced item" in page and items == [item.number]
