import datetime

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance import services
from governance.models import ActionStatus, RagState, rag_state
from governance.selectors import matters_arising_for_meeting
from membership.models import Role
from notifications.tasks import deliver
from search.signals import is_index_callback
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory

from .factories import (
    AgendaItemFactory,
    BodySettingsFactory,
    D,
    MeetingFactory,
    action,
    at,
    business_unit,
    chair_of,
    improvement_board_scheme,
    login,
    member_of,
    unannounced_item,
)

pytestmark = pytest.mark.django_db

ON = D(2012, 3, 1)


@pytest.mark.parametrize(
    ("status", "due", "window", "expected"),
    [
        (ActionStatus.DONE, D(2012, 1, 1), 14, RagState.COMPLETE),
        (ActionStatus.CANCELLED, D(2012, 1, 1), 14, RagState.SUSPENDED),
        (ActionStatus.OPEN, D(2012, 2, 29), 14, RagState.OVERDUE),
        (ActionStatus.IN_PROGRESS, D(2012, 2, 29), 14, RagState.OVERDUE),
        (ActionStatus.OPEN, D(2012, 3, 1), 14, RagState.AT_RISK),  # due today
        (ActionStatus.IN_PROGRESS, D(2012, 3, 15), 14, RagState.AT_RISK),
        (ActionStatus.IN_PROGRESS, D(2012, 3, 16), 14, RagState.ON_TRACK),
        (ActionStatus.OPEN, D(2012, 3, 16), 14, RagState.NOT_STARTED),
        (ActionStatus.IN_PROGRESS, D(2012, 3, 16), 30, RagState.AT_RISK),  # a wider window
        (ActionStatus.IN_PROGRESS, D(2012, 4, 1), 30, RagState.ON_TRACK),
    ],
)
def test_rag_follows_status_due_date_and_the_at_risk_window(status, due, window, expected):
    assert rag_state(status, due, ON, window) == expected


def test_each_body_keeps_its_at_risk_window_and_speaks_its_partnerships_words():
    improvement_board_scheme()
    standard_body = BodyFactory()
    improvement_board = BodySettingsFactory(at_risk_days=30).body
    due_in_three_weeks = ON + datetime.timedelta(days=21)

    standard = action(standard_body, due_date=due_in_three_weeks)
    improvement = action(improvement_board, due_date=due_in_three_weeks)
    cancelled = action(standard_body, due_date=due_in_three_weeks)
    services.action_update(
        actor=None,
        action=cancelled,
        text="Stopped",
        update_date=D(2012, 2, 1),
        new_status="cancelled",
    )
    cancelled.refresh_from_db()

    # A 14-day window, so three weeks out and not started is "Programmed" (grey) in the
    # partnership's words.
    assert standard.rag_on(ON).label == "Programmed"
    assert standard.rag_on(ON).colour == "grey"
    # The Improvement Board's own 30-day window makes the same action at risk.
    assert improvement.rag_on(ON).label == "At risk"
    # Suspended is the partnership's blue for every body, where the standard one is black.
    assert cancelled.rag_on(ON).label == "Suspended"
    assert cancelled.rag_on(ON).colour == "blue"
    services.action_update(
        actor=None, action=improvement, text="Done", update_date=D(2012, 2, 1), new_status="done"
    )
    improvement.refresh_from_db()
    assert improvement.rag_on(ON).label == "Completed"


def test_the_owners_agency_comes_from_their_membership():
    body = BodyFactory()
    membership = MembershipFactory(body=body)

    logged = action(body, owner=membership.person)

    assert logged.organisation == membership.organisation


def test_an_update_with_a_new_status_and_due_date_moves_the_action():
    logged = action(BodyFactory(), due_date=D(2012, 3, 31))

    services.action_update(
        actor=None,
        action=logged,
        text="Workshops booked; two districts still to confirm.",
        update_date=D(2012, 2, 20),
        new_status=ActionStatus.IN_PROGRESS,
        new_due_date=D(2012, 5, 31),
    )

    logged.refresh_from_db()
    assert logged.status == ActionStatus.IN_PROGRESS
    assert logged.due_date == D(2012, 5, 31)
    assert logged.history.first().history_change_reason.startswith("Update of 20 February 2012")
    update = logged.updates.get()
    assert update.previous_due_date == D(2012, 3, 31)


def test_done_sets_the_closing_date_and_reopening_clears_it():
    logged = action(BodyFactory())
    services.action_update(
        actor=None, action=logged, text="Done", update_date=D(2012, 3, 1), new_status="done"
    )
    logged.refresh_from_db()
    assert logged.closed_on == D(2012, 3, 1)

    services.action_update(
        actor=None, action=logged, text="Reopened", update_date=D(2012, 3, 2), new_status="open"
    )

    logged.refresh_from_db()
    assert logged.closed_on is None and logged.status == "open"


def test_an_update_cannot_predate_the_action_or_come_from_the_future():
    logged = action(BodyFactory(), raised_on=D(2012, 1, 18))

    with pytest.raises(ValidationError) as early:
        services.action_update(actor=None, action=logged, text="x", update_date=D(2012, 1, 1))
    with pytest.raises(ValidationError) as future:
        services.action_update(
            actor=None,
            action=logged,
            text="x",
            update_date=timezone.localdate().replace(year=2100),
        )

    assert "raised on 18 January 2012" in str(early.value)
    assert "in the future" in str(future.value)


def test_updates_run_in_date_order():
    logged = action(BodyFactory())
    services.action_update(actor=None, action=logged, text="March", update_date=D(2012, 3, 1))

    with pytest.raises(ValidationError) as refused:
        services.action_update(actor=None, action=logged, text="Feb", update_date=D(2012, 2, 1))

    assert "The last update is dated 1 March 2012" in str(refused.value)


def test_only_the_owner_the_chair_and_the_business_unit_may_update():
    body = BodyFactory()
    owner = PersonFactory()
    logged = action(body, owner=owner)
    owner_login = login(owner)

    services.action_update(actor=owner_login, action=logged, text="Mine", update_date=D(2012, 2, 1))
    services.action_update(
        actor=chair_of(body), action=logged, text="Chair", update_date=D(2012, 2, 2)
    )
    services.action_update(
        actor=business_unit(), action=logged, text="BU", update_date=D(2012, 2, 3)
    )
    with pytest.raises(PermissionDenied):
        services.action_update(
            actor=member_of(body), action=logged, text="Not mine", update_date=D(2012, 2, 4)
        )

    assert list(logged.updates.values_list("text", flat=True)) == ["Mine", "Chair", "BU"]


def test_the_owner_is_told_after_the_action_is_saved(django_capture_on_commit_callbacks):
    owner = PersonFactory(email="fiona.marsh@example.org")
    body = BodyFactory(name="Quality and Effectiveness Subgroup")

    with django_capture_on_commit_callbacks() as callbacks:
        logged = services.action_create(
            actor=None,
            body=body,
            description="Chase the missing police data for quarter 3.",
            owner=owner,
            raised_on=D(2012, 1, 18),
            due_date=D(2012, 2, 29),
        )
    # The email, beside the search index update.
    assert len([c for c in callbacks if not is_index_callback(c)]) == 1
    assert mail.outbox == []  # nothing is sent before the action is committed

    # What the worker runs.
    deliver.delay("governance.action_assigned", {"action_id": logged.pk, "owner_id": owner.pk})

    (message,) = mail.outbox
    assert message.to == [f"{owner.name} <fiona.marsh@example.org>"]
    assert logged.reference in message.subject
    assert "29 February 2012" in message.body


def test_matters_arising_are_the_bodys_open_actions_as_they_stood_at_the_meeting():
    body = BodyFactory()
    january = MeetingFactory(body=body, start=at(D(2012, 1, 18)))
    march = MeetingFactory(body=body, start=at(D(2012, 3, 21)))
    item = AgendaItemFactory(meeting=january)
    from_january = action(body, meeting=january, agenda_item=item, due_date=D(2012, 3, 31))
    overdue = action(body, raised_on=D(2012, 1, 5), due_date=D(2012, 2, 29))
    done_before = action(body, raised_on=D(2012, 1, 5), due_date=D(2012, 6, 30))
    services.action_update(
        actor=None, action=done_before, text="Done", update_date=D(2012, 2, 1), new_status="done"
    )
    done_after = action(body, raised_on=D(2012, 1, 5), due_date=D(2012, 6, 30))
    services.action_update(
        actor=None, action=done_after, text="Done", update_date=D(2012, 3, 28), new_status="done"
    )
    raised_at_march = action(body, meeting=march, due_date=D(2012, 6, 30))
    other_body = action(BodyFactory(), raised_on=D(2012, 1, 5))

    arising = matters_arising_for_meeting(march)

    assert [a.pk for a in arising] == [overdue.pk, from_january.pk, done_after.pk]
    by_pk = {a.pk: a for a in arising}
    assert by_pk[overdue.pk].rag.state == RagState.OVERDUE
    assert by_pk[from_january.pk].rag.state == RagState.AT_RISK
    assert by_pk[done_after.pk].status_then == ActionStatus.OPEN  # done only after the meeting
    assert raised_at_march.pk not in by_pk and other_body.pk not in by_pk


def test_matters_arising_use_the_due_date_known_on_the_day():
    body = BodyFactory()
    meeting = MeetingFactory(body=body, start=at(D(2012, 3, 21)))
    moved_later = action(body, raised_on=D(2012, 1, 5), due_date=D(2012, 3, 1))
    services.action_update(
        actor=None,
        action=moved_later,
        text="Extended by the chair",
        update_date=D(2012, 4, 2),
        new_due_date=D(2012, 9, 30),
    )

    [arising] = matters_arising_for_meeting(meeting)

    assert arising.due_then == D(2012, 3, 1)
    assert arising.rag.state == RagState.OVERDUE


def test_matters_arising_show_on_the_meeting_page_include(rf):
    from django.template import Context, Template

    from governance import meeting_panels

    body = BodyFactory()
    meeting = MeetingFactory(body=body, start=at(D(2012, 3, 21)))
    action(body, description="Circulate the thresholds guidance", raised_on=D(2012, 1, 5))
    template = Template(
        '{% include "governance/includes/matters_arising.html" with meeting=meeting %}'
    )

    def render(user):
        request = rf.get("/meetings/1/")
        request.user = user
        panel = meeting_panels.matters_arising(request, meeting)
        return template.render(Context({"meeting": meeting, "request": request, "panel": panel}))

    from django.contrib.auth.models import AnonymousUser

    as_member = render(member_of(body))
    as_chair = render(chair_of(body))
    assert "Circulate the thresholds guidance" in as_member
    assert "Circulate the thresholds guidance" not in render(AnonymousUser())
    console = f"/meetings/{meeting.pk}/log/"
    assert console not in as_member and console in as_chair


def test_my_actions_lists_my_open_actions_and_takes_my_updates(client):
    body = BodyFactory()
    owner = PersonFactory()
    mine = action(body, owner=owner, description="Book the workshops")
    action(body, description="Someone else's")
    client.force_login(member_of(body, person=owner))

    page = client.get("/my/actions/")
    response = client.post(
        f"/my/actions/{mine.pk}/update/",
        {
            f"a{mine.pk}-update_date": "2012-02-20",
            f"a{mine.pk}-text": "Thirty workshops booked.",
            f"a{mine.pk}-new_status": "in_progress",
            f"a{mine.pk}-new_due_date": "",
        },
    )

    assert "Book the workshops" in page.content.decode()
    assert "Someone else" not in page.content.decode()
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "in_progress"
    assert mine.updates.get().author.person == owner


def test_an_update_with_bad_input_says_what_is_wrong(client):
    owner = PersonFactory()
    mine = action(BodyFactory(), owner=owner)
    client.force_login(login(owner))

    response = client.post(
        f"/my/actions/{mine.pk}/update/",
        {f"a{mine.pk}-update_date": "2011-01-01", f"a{mine.pk}-text": "Too early"},
    )

    assert response.status_code == 400
    assert "date the update on or after that day" in response.content.decode()
    assert not mine.updates.exists()


def test_someone_else_cannot_update_my_action(client):
    body = BodyFactory()
    mine = action(body, owner=PersonFactory())
    client.force_login(member_of(body))

    response = client.post(
        f"/my/actions/{mine.pk}/update/",
        {f"a{mine.pk}-update_date": "2012-02-20", f"a{mine.pk}-text": "Not mine to say"},
    )
    on_page = client.post(
        mine.get_absolute_url(), {"update_date": "2012-02-20", "text": "Not mine to say"}
    )

    assert response.status_code == on_page.status_code == 403
    assert "only the actions you own" in response.content.decode()
    assert not mine.updates.exists()


def test_the_action_log_filters_and_flags_overdue(client):
    body = BodyFactory(slug="qe")
    owner = PersonFactory(given_name="Fiona", family_name="Marsh")
    action(body, owner=owner, description="Overdue one", due_date=D(2012, 2, 1))
    action(BodyFactory(), description="Another body's", due_date=D(2099, 1, 1))
    client.force_login(member_of(body))

    everything = client.get("/actions/")
    overdue = client.get("/actions/", {"rag": "overdue"})
    by_body = client.get("/actions/", {"body": "qe"})
    by_owner = client.get("/actions/", {"owner": owner.pk})
    bad = client.get("/actions/", {"rag": "purple", "owner": "nobody"})

    assert "1 overdue" in everything.content.decode()
    assert [a.description for a in overdue.context["actions"]] == ["Overdue one"]
    assert [a.description for a in by_body.context["actions"]] == ["Overdue one"]
    assert [a.description for a in by_owner.context["actions"]] == ["Overdue one"]
    assert bad.status_code == 400
    assert "Choose a RAG state from the list" in bad.content.decode()
    assert "Choose an owner from the list" in bad.content.decode()


def test_the_action_export_carries_the_rag_label(client):
    body = BodyFactory()
    action(body, description="Overdue one", due_date=D(2012, 2, 1))
    client.force_login(member_of(body))

    export = client.get("/actions/export.csv").content.decode("utf-8-sig")

    assert "Overdue one" in export and "Overdue" in export.splitlines()[1]


def test_the_action_log_is_for_members(client):
    assert client.get("/actions/").status_code == 302
    client.force_login(login(PersonFactory()))  # a login that sits on nothing

    response = client.get("/actions/")

    assert response.status_code == 403
    assert "for members of the Board" in response.content.decode()


def test_a_chair_adds_updates_from_the_action_page(client):
    body = BodyFactory()
    logged = action(body)
    client.force_login(member_of(body, role=Role.CHAIR))

    response = client.post(
        logged.get_absolute_url(),
        {"update_date": "2012-02-20", "text": "Chased at the meeting", "new_status": "in_progress"},
    )

    assert response.status_code == 302
    logged.refresh_from_db()
    assert logged.status == "in_progress"


def test_filtering_by_body_shows_its_matters_arising_for_the_next_meeting(client):
    body = BodyFactory(slug="executive", name="KSCB Executive")
    today = timezone.localdate()
    MeetingFactory(body=body, start=at(today + datetime.timedelta(days=14)))
    action(
        body,
        description="Bring the options report",
        raised_on=today - datetime.timedelta(days=30),
        due_date=today + datetime.timedelta(days=7),
    )
    client.force_login(member_of(body))

    response = client.get("/actions/", {"body": "executive"})

    html = response.content.decode()
    assert "Matters arising: open actions" in html
    [arising] = response.context["matters_arising"]
    assert arising.description == "Bring the options report"
    assert arising.rag.state == RagState.OVERDUE  # due before the meeting, as it will stand then


def test_an_action_names_its_item_only_to_the_business_unit_until_the_agenda_lists_it(client):
    body = BodyFactory()
    item = unannounced_item(body)
    logged = action(body, meeting=item.meeting, agenda_item=item, description="Late action")

    readers = {"member": member_of(body), "chair": chair_of(body), "clerk": business_unit()}
    pages = {}
    for name, reader in readers.items():
        client.force_login(reader)
        pages[name] = client.get(logged.get_absolute_url()).content.decode()

    assert all("Late action" in page for page in pages.values())
    assert "Unannounced item" not in pages["member"]
    assert "Unannounced item" not in pages["chair"]
    assert "Unannounced item" in pages["clerk"]
