import threading

import pytest

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from meetings import services
from meetings.models import AgendaItem, AgendaVersion, MeetingStatus, Purpose
from meetings.papers import services as paper_services
from meetings.snapshots import compare
from tests.meetings.factories import MeetingFactory, PaperFactory, PaperVersionFactory
from tests.meetings.paper_factories import make_pdf, upload
from tests.membership.factories import PersonFactory

pytestmark = pytest.mark.django_db


def add(actor, meeting, title, **kwargs):
    return services.agenda_item_add(actor=actor, meeting=meeting, title=title, **kwargs)


def numbered(meeting):
    return [(i.number, i.title) for i in AgendaItem.objects.filter(meeting=meeting)]


def test_numbers_follow_the_order_with_sub_items(business_unit_user):
    meeting = MeetingFactory()
    actor = business_unit_user
    minutes = add(actor, meeting, "Minutes and matters arising including the action log")
    plan = add(actor, meeting, "Ofsted improvement plan progress")
    add(actor, meeting, "Health", parent=plan)
    add(actor, meeting, "Education", parent=plan)
    aob = add(actor, meeting, "Any other business")
    assert numbered(meeting) == [
        ("1", "Minutes and matters arising including the action log"),
        ("2", "Ofsted improvement plan progress"),
        ("2.1", "Health"),
        ("2.2", "Education"),
        ("3", "Any other business"),
    ]
    services.agenda_items_reorder(
        actor=actor,
        meeting=meeting,
        order=[
            minutes.pk,
            aob.pk,
            *AgendaItem.objects.filter(parent=plan).values_list("pk", flat=True),
            plan.pk,
        ],
    )
    assert numbered(meeting) == [
        ("1", "Minutes and matters arising including the action log"),
        ("2", "Any other business"),
        ("3", "Ofsted improvement plan progress"),
        ("3.1", "Health"),
        ("3.2", "Education"),
    ]
    with pytest.raises(ValidationError, match="exactly once"):
        services.agenda_items_reorder(actor=actor, meeting=meeting, order=[minutes.pk])


def test_removing_an_item_renumbers_the_rest_and_records_who_removed_it(business_unit_user):
    meeting = MeetingFactory()
    actor = business_unit_user
    add(actor, meeting, "Apologies")
    dropped = add(actor, meeting, "Deferred item")
    add(actor, meeting, "Any other business")
    dropped_id = dropped.pk

    services.agenda_item_remove(actor=actor, item=dropped, reason="Deferred to June")

    assert numbered(meeting) == [("1", "Apologies"), ("2", "Any other business")]
    removed = AgendaItem.history.filter(id=dropped_id).order_by("-history_id").first()
    assert (removed.history_type, removed.history_user) == ("-", business_unit_user)
    assert removed.history_change_reason == "Deferred to June"


def test_sub_items_go_one_level_deep_and_stay_in_their_meeting(business_unit_user):
    meeting = MeetingFactory()
    parent = add(business_unit_user, meeting, "Reports from subgroups")
    child = add(business_unit_user, meeting, "Policy and Practice", parent=parent)
    with pytest.raises(ValidationError, match="one level deep"):
        add(business_unit_user, meeting, "Too deep", parent=child)
    with pytest.raises(ValidationError, match="another meeting"):
        add(business_unit_user, MeetingFactory(), "Elsewhere", parent=parent)


def test_publishing_makes_numbered_snapshots(business_unit_user):
    meeting = MeetingFactory()
    presenter = PersonFactory(given_name="Maggie", family_name="Blyth")
    item = add(
        business_unit_user,
        meeting,
        "KSCB Business Plan 2012/13",
        purpose=Purpose.DECISION,
        presenter=presenter,
        minutes_allocated=30,
    )
    paper = PaperFactory(agenda_item=item, title="Business Plan")
    PaperVersionFactory(paper=paper, number=1, page_count=18)
    first = services.agenda_publish(actor=business_unit_user, meeting=meeting, change_note="")
    assert first.number == 1
    assert first.published_by == business_unit_user
    assert first.items == [
        {
            "id": item.pk,
            "number": "1",
            "parent_id": None,
            "title": "KSCB Business Plan 2012/13",
            "purpose": "decision",
            "purpose_label": "For decision",
            "presenter": "Maggie Blyth",
            "minutes": 30,
            "description": "",
            "restricted": False,
            "papers": [
                {
                    "id": paper.pk,
                    "title": "Business Plan",
                    "restricted": False,
                    "version": 1,
                    "version_id": paper.latest_version.pk,
                    "page_count": 18,
                }
            ],
        }
    ]
    PaperVersionFactory(paper=paper, number=2, page_count=20)
    second = services.agenda_publish(
        actor=business_unit_user, meeting=meeting, change_note="Revised plan"
    )
    assert second.number == 2
    assert second.items[0]["papers"][0]["version"] == 2
    # The first version still says what was sent out first.
    first.refresh_from_db()
    assert first.items[0]["papers"][0]["version"] == 1
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 2


def test_published_versions_cannot_be_changed_or_deleted(business_unit_user):
    meeting = MeetingFactory()
    add(business_unit_user, meeting, "Minutes")
    version = services.agenda_publish(actor=business_unit_user, meeting=meeting)
    version.change_note = "Rewritten history"
    with pytest.raises(ValidationError, match="cannot be changed"):
        version.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        version.delete()
    stored = AgendaVersion.objects.get()
    assert stored.change_note == ""
    with pytest.raises(ValidationError, match="cannot be changed"):
        AgendaVersion(
            pk=stored.pk, meeting=meeting, number=1, published_at=stored.published_at
        ).save()


def test_publishing_refuses_an_empty_unchanged_or_cancelled_agenda(business_unit_user):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="no items yet"):
        services.agenda_publish(actor=business_unit_user, meeting=meeting)
    add(business_unit_user, meeting, "Minutes")
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        services.agenda_publish(actor=business_unit_user, meeting=meeting)
    services.meeting_cancel(actor=business_unit_user, meeting=meeting)
    add(business_unit_user, meeting, "Late item")
    with pytest.raises(ValidationError, match="cancelled"):
        services.agenda_publish(actor=business_unit_user, meeting=meeting)
    assert AgendaVersion.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_publishing_at_once_get_consecutive_numbers(business_unit_user):
    """Each clerk uploads a paper and publishes in one transaction, at the same moment: the
    meeting lock makes the second wait and number its version after the first."""
    meeting = MeetingFactory()
    item = add(business_unit_user, meeting, "Improvement plan progress")
    papers = [PaperFactory(agenda_item=item, title=t) for t in ("RAG report", "Audit")]
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    barrier = threading.Barrier(2)
    errors = []

    def upload_and_publish(paper):
        try:
            with transaction.atomic():
                paper_services.paper_upload(
                    actor=business_unit_user, paper=paper, file=upload(make_pdf(pages=1))
                )
                barrier.wait(timeout=10)
                services.agenda_publish(actor=business_unit_user, meeting=meeting)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload_and_publish, args=(p,)) for p in papers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = list(AgendaVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    # The later version carries both uploads.
    assert [p["version"] for p in versions[2].items[0]["papers"]] == [1, 1]


def test_double_publishing_the_same_agenda_makes_one_version(business_unit_user):
    meeting = MeetingFactory()
    add(business_unit_user, meeting, "Minutes")
    services.agenda_publish(actor=business_unit_user, meeting=meeting)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        services.agenda_publish(actor=business_unit_user, meeting=meeting)
    assert AgendaVersion.objects.count() == 1


def test_comparison_lists_added_removed_and_changed_fields():
    old = [
        {
            "id": 1,
            "number": "1",
            "title": "Minutes",
            "purpose_label": "Standing item",
            "papers": [],
        },
        {
            "id": 2,
            "number": "2",
            "title": "QEF report",
            "purpose_label": "For information",
            "papers": [{"id": 7, "title": "QEF Q3", "version": 1}],
        },
        {"id": 3, "number": "3", "title": "AOB", "purpose_label": "Standing item", "papers": []},
    ]
    new = [
        {
            "id": 1,
            "number": "1",
            "title": "Minutes",
            "purpose_label": "Standing item",
            "papers": [],
        },
        {
            "id": 4,
            "number": "2",
            "title": "Multi-agency audit of thresholds",
            "purpose_label": "For discussion",
            "papers": [],
        },
        {
            "id": 2,
            "number": "3",
            "title": "QEF quarterly report",
            "purpose_label": "For discussion",
            "papers": [
                {"id": 7, "title": "QEF Q3", "version": 2},
                {"id": 8, "title": "Data", "version": 1},
            ],
        },
    ]
    result = compare(old, new)
    assert [i["title"] for i in result.added] == ["Multi-agency audit of thresholds"]
    assert [i["title"] for i in result.removed] == ["AOB"]
    assert result.unchanged == 1
    [change] = result.changed
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Number", "2", "3"),
        ("Title", "QEF report", "QEF quarterly report"),
        ("Purpose", "For information", "For discussion"),
        ("Paper", "QEF Q3 (version 1)", "QEF Q3 (version 2)"),
        ("Paper added", "", "Data (version 1)"),
    ]


def test_cancelled_meeting_status_reaches_the_snapshot_meeting_block(business_unit_user):
    meeting = MeetingFactory(status=MeetingStatus.CONFIRMED)
    add(business_unit_user, meeting, "Minutes")
    version = services.agenda_publish(actor=business_unit_user, meeting=meeting)
    assert version.snapshot["meeting"]["status"] == "confirmed"


def test_backdated_publication_is_for_the_past_and_in_order(business_unit_user):
    import datetime

    from django.utils import timezone

    meeting = MeetingFactory()
    add(business_unit_user, meeting, "Minutes")
    week_ago = timezone.now() - datetime.timedelta(days=7)
    first = services.agenda_publish(
        actor=business_unit_user, meeting=meeting, published_at=week_ago
    )
    assert first.published_at == week_ago
    add(business_unit_user, meeting, "Late item")
    for bad in (timezone.now() + datetime.timedelta(days=1), week_ago - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError, match="published now, or at a past time"):
            services.agenda_publish(actor=business_unit_user, meeting=meeting, published_at=bad)
    assert AgendaVersion.objects.count() == 1
