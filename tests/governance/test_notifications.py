"""What the emails about the logs say, and to whom: an action assigned, minutes circulated,
a challenge response due or overdue, the owners' weekly reminders and the business unit's
overdue summary. Tasks run eagerly, mail lands in django.core.mail.outbox.
(tests/notifications/test_live_worker.py sends an assigned action through a real worker.)"""

from __future__ import annotations

import datetime
from email.utils import parseaddr

import pytest

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app
from governance import services
from governance.models import RagState
from meetings import services as meeting_services
from notifications import registry
from notifications import services as notification_services
from notifications.kinds.governance import (
    DUE,
    ActionAssigned,
    ChallengeResponse,
    MinutesCirculated,
)
from notifications.kinds.governance_weekly import SUMMARY_LIMIT, ActionReminders, OverdueSummary
from notifications.models import SentNotification, SentStatus
from notifications.registry import Delivery
from notifications.tasks import deliver, notices_due
from search.signals import is_index_callback
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory

from .factories import (
    AgendaItemFactory,
    D,
    MeetingFactory,
    action,
    at,
    business_unit,
    challenge,
    improvement_action,
    member_of,
    plan,
    risk,
)
from .minutes_factories import (
    PUBLIC_MINUTE,
    PUBLIC_TITLE,
    RESTRICTED_MINUTE,
    RESTRICTED_TITLE,
    drafted,
    minutes_scene,
)

pytestmark = pytest.mark.django_db

SECRET = "Allegation against a named officer (confidential)"
ON = D(2012, 3, 5)  # a Monday


def whole(message) -> str:
    """Everything a reader could see: subject, text and HTML."""
    return "\n".join([message.subject, message.body, *(c for c, _t in message.alternatives)])


def flat(text: str) -> str:
    """The text with its lines joined up again (long lines are wrapped for reading)."""
    return " ".join(text.split())


def to(message) -> str:
    return parseaddr(message.to[0])[1]


def by_address(messages) -> dict[str, object]:
    return {to(message): message for message in messages}


def choose(person, kind, delivery):
    notification_services.preferences_save(actor=None, person=person, choices={kind.key: delivery})


@pytest.fixture
def check(django_capture_on_commit_callbacks):
    """The daily beat task for challenge responses, and the notices it queues once it has
    committed. Returns how many it queued."""

    def run(on: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return notices_due.delay("governance.challenge_response", on.isoformat()).get()

    return run


@pytest.fixture
def manager():
    """A person in the business unit, with an address."""
    user = business_unit()
    return PersonFactory(user=user, email="manager@example.org", given_name="Mary")


# ---------------------------------------------------------------------------
# An action assigned to you
# ---------------------------------------------------------------------------
def log_action(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return action(kwargs.pop("body"), notify=True, **kwargs)


def test_the_owner_is_emailed_what_the_action_is_and_when_it_is_due_once(
    django_capture_on_commit_callbacks,
):
    body = BodyFactory(name="Quality and Effectiveness Subgroup")
    owner = PersonFactory(email="fiona.marsh@example.org")
    meeting = MeetingFactory(body=body, start=at(D(2012, 1, 18)))

    logged = log_action(
        django_capture_on_commit_callbacks,
        body=body,
        owner=owner,
        meeting=meeting,
        description="Chase the missing police data for quarter 3.",
        due_date=D(2012, 2, 29),
    )
    # Delivered again.
    deliver.delay("governance.action_assigned", {"action_id": logged.pk, "owner_id": owner.pk})

    (message,) = mail.outbox
    assert to(message) == "fiona.marsh@example.org"
    assert message.subject == f"Action {logged.reference} for you, due 29 February 2012"
    assert "An action of the Quality and Effectiveness Subgroup is yours, from its meeting of " in (
        message.body
    )
    assert "18 January 2012" in message.body
    assert "Chase the missing police data for quarter 3." in message.body
    assert "Due: Wednesday 29 February 2012" in message.body
    assert f"{settings.BASE_URL}/my/actions/" in message.body
    html = message.alternatives[0][0]
    assert "Chase the missing police data" in html and 'href="http' in html
    row = SentNotification.objects.get(person=owner)
    assert (row.kind, row.status) == ("governance.action_assigned", SentStatus.SENT)
    assert row.event_key == f"action-assigned:{logged.pk}:{owner.pk}"


def test_a_restricted_action_is_named_by_its_reference_alone(django_capture_on_commit_callbacks):
    body = BodyFactory(name="Case Review Subgroup")
    item = AgendaItemFactory(meeting__body=body, title=RESTRICTED_TITLE, is_restricted=True)
    owner = PersonFactory()

    logged = log_action(
        django_capture_on_commit_callbacks,
        body=body,
        owner=owner,
        agenda_item=item,
        description=SECRET,
    )

    (message,) = mail.outbox
    text = whole(message)
    assert logged.restricted
    assert f"{logged.reference} is restricted, so what it says is shown only on the site" in text
    assert SECRET not in text and RESTRICTED_TITLE not in text
    assert SECRET not in SentNotification.objects.get(person=owner).summary


def test_an_action_passed_to_someone_else_tells_the_new_owner(django_capture_on_commit_callbacks):
    body = BodyFactory()
    first, second = PersonFactory(), PersonFactory()
    logged = action(body, owner=first)  # logged without telling anyone

    logged.owner = second
    with django_capture_on_commit_callbacks(execute=True):
        services.action_save(actor=None, action=logged)
    # The edit of its wording alone tells nobody.
    logged.description = "Reworded."
    with django_capture_on_commit_callbacks(execute=True):
        services.action_save(actor=None, action=logged)
    # A task queued for the first owner before the change finds it is no longer theirs.
    deliver.delay("governance.action_assigned", {"action_id": logged.pk, "owner_id": first.pk})

    assert [to(message) for message in mail.outbox] == [second.email]


def test_the_owner_s_choice_is_honoured(django_capture_on_commit_callbacks):
    body = BodyFactory()
    weekly, nothing = PersonFactory(), PersonFactory()
    choose(weekly, ActionAssigned, Delivery.DIGEST)
    choose(nothing, ActionAssigned, Delivery.NONE)

    log_action(django_capture_on_commit_callbacks, body=body, owner=weekly)
    log_action(django_capture_on_commit_callbacks, body=body, owner=nothing)

    assert mail.outbox == []
    assert SentNotification.objects.get(person=weekly).status == SentStatus.QUEUED
    assert not SentNotification.objects.filter(person=nothing).exists()


def test_nothing_is_queued_until_the_action_commits(
    django_capture_on_commit_callbacks,
):
    body = BodyFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        action(body, notify=True)
    # The email, beside the search index update.
    assert len([c for c in callbacks if not is_index_callback(c)]) == 1
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Minutes circulated for comment
# ---------------------------------------------------------------------------
def circulate(scene, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.minutes_circulate(actor=scene.chair, minutes=scene.minutes, **kwargs)


@pytest.fixture
def reviewed():
    scene = minutes_scene()
    drafted(scene)
    services.minutes_submit_for_review(actor=scene.business_unit, minutes=scene.minutes)
    return scene


def test_circulated_minutes_go_to_those_who_attended_with_a_link_to_comment(
    reviewed, django_capture_on_commit_callbacks
):
    scene = reviewed
    version = circulate(scene, django_capture_on_commit_callbacks)

    attended = {scene.chair.person.email, scene.member.person.email, scene.deputy.person.email}
    messages = by_address(mail.outbox)
    # Not the member who sent a deputy, another body's member, or the business unit.
    assert set(messages) == attended and len(mail.outbox) == 3
    message = messages[scene.member.person.email]
    assert message.subject == "Minutes for comment: Kent Safeguarding Children Board, 15 July 2011"
    text = whole(message)
    assert "have been circulated to those who attended, for comment" in text
    assert f"3. {PUBLIC_TITLE}" in text
    assert "4. Restricted item" in text
    assert f"{settings.BASE_URL}/meetings/{scene.meeting.pk}/minutes/" in text
    # Neither the restricted item's title nor any minute's text, even to the chair.
    for secret in (RESTRICTED_TITLE, RESTRICTED_MINUTE, PUBLIC_MINUTE):
        for sent in mail.outbox:
            assert secret not in whole(sent)
    assert (
        SentNotification.objects.filter(
            event_key=f"minutes-circulated:{version.pk}", status=SentStatus.SENT
        ).count()
        == 3
    )

    deliver.delay("governance.minutes_circulated", {"version_id": version.pk})
    assert len(mail.outbox) == 3


def test_an_item_restricted_before_the_circulation_email_goes_is_not_named_in_it(
    reviewed, django_capture_on_commit_callbacks
):
    """The email is built when its task runs, perhaps after retries: what was restricted
    since the version was circulated is left out of it, as it is of the minutes pages."""
    scene = reviewed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.minutes_circulate(actor=scene.chair, minutes=scene.minutes)
    item = next(i for i in scene.items() if i.title == PUBLIC_TITLE)
    meeting_services.agenda_item_update(
        actor=scene.business_unit, item=item.agenda_item, is_restricted=True
    )

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        assert PUBLIC_TITLE not in whole(sent)
        assert "3. Restricted item" in whole(sent)


def test_corrected_minutes_are_circulated_again_and_a_superseded_version_is_not_sent(
    reviewed, django_capture_on_commit_callbacks
):
    scene = reviewed
    first = circulate(scene, django_capture_on_commit_callbacks)
    item = scene.items()[0]
    services.minutes_save_item(
        actor=scene.business_unit,
        minutes=scene.minutes,
        item=item,
        text="Corrected: the chair welcomed everyone.",
        expected_revision=item.revision,
    )
    mail.outbox.clear()
    SentNotification.objects.filter(event_key=f"minutes-circulated:{first.pk}").delete()

    second = circulate(scene, django_capture_on_commit_callbacks)
    # A late task of the first version.
    deliver.delay("governance.minutes_circulated", {"version_id": first.pk})

    assert len(mail.outbox) == 3
    assert {message.subject for message in mail.outbox} == {
        "Corrected minutes for comment: Kent Safeguarding Children Board, 15 July 2011"
    }
    assert f"(version {second.number})" in mail.outbox[0].body
    assert not SentNotification.objects.filter(event_key=f"minutes-circulated:{first.pk}")


def test_minutes_circulated_before_tabled_ask_nobody(django_capture_on_commit_callbacks):
    scene = minutes_scene()
    actor = scene.business_unit
    minutes = services.minutes_draft(actor=actor, meeting=scene.meeting, at=at(D(2011, 7, 18)))
    for item in scene.items():
        services.minutes_save_item(
            actor=actor, minutes=minutes, item=item, text="Noted.", expected_revision=1
        )
    services.minutes_submit_for_review(actor=actor, minutes=minutes, at=at(D(2011, 7, 20)))

    circulate(scene, django_capture_on_commit_callbacks, at=at(D(2011, 7, 25)))

    assert mail.outbox == []


def test_an_attendee_s_choice_is_honoured(reviewed, django_capture_on_commit_callbacks):
    scene = reviewed
    choose(scene.member.person, MinutesCirculated, Delivery.NONE)
    circulate(scene, django_capture_on_commit_callbacks)
    assert scene.member.person.email not in by_address(mail.outbox)
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------------------
# A challenge response due or overdue
# ---------------------------------------------------------------------------
@pytest.fixture
def health():
    body = BodyFactory(name="Kent Safeguarding Children Board")
    lead = PersonFactory(given_name="Harriet", family_name="Lead", email="lead@nhs.example")
    agency = OrganisationFactory(name="NHS Kent and Medway")
    return body, lead, agency


def test_the_lead_and_the_business_unit_hear_a_week_ahead_and_again_when_overdue_once_each(
    health, manager, check
):
    body, lead, agency = health
    member = member_of(body)  # a member of the body hears nothing
    raised = challenge(
        body,
        agency=agency,
        agency_lead=lead,
        raised_on=D(2012, 1, 25),
        response_due=D(2012, 3, 9),
        issue="The third quarter QEF analysis lacked health data.",
        ask="Provide the missing quarter three figures.",
    )

    assert check(ON) == 1
    check(ON)
    check(ON + datetime.timedelta(days=1))

    assert sorted(to(message) for message in mail.outbox) == [
        "lead@nhs.example",
        "manager@example.org",
    ]
    messages = by_address(mail.outbox)
    due = messages["lead@nhs.example"]
    assert due.subject == (
        f"Response due 9 March 2012: challenge {raised.reference} to NHS Kent and Medway"
    )
    assert "You are named as the lead who answers for NHS Kent and Medway" in due.body
    assert "The third quarter QEF analysis lacked health data." in due.body
    assert "Provide the missing quarter three figures." in due.body
    assert "You are named as the lead" not in messages["manager@example.org"].body
    assert member.person.email not in messages

    mail.outbox.clear()
    late = D(2012, 3, 12)
    check(late)
    check(late + datetime.timedelta(days=1))

    assert sorted(to(message) for message in mail.outbox) == [
        "lead@nhs.example",
        "manager@example.org",
    ]
    overdue = by_address(mail.outbox)["lead@nhs.example"]
    assert overdue.subject == (
        f"Response overdue: challenge {raised.reference} to NHS Kent and Medway"
    )
    assert "was due on 9 March 2012 and has not been received" in overdue.body
    assert set(SentNotification.objects.values_list("event_key", flat=True)) == {
        f"challenge-due:{raised.pk}:2012-03-09",
        f"challenge-overdue:{raised.pk}:2012-03-09",
    }


def test_answered_long_overdue_and_undated_challenges_send_nothing(health, manager, check):
    body, lead, agency = health
    answered = challenge(body, agency=agency, agency_lead=lead, response_due=D(2012, 3, 9))
    services.challenge_record_response(
        actor=None, challenge=answered, text="Figures attached.", received_on=D(2012, 3, 1)
    )
    challenge(body, agency=agency, agency_lead=lead, response_due=D(2012, 2, 1))  # 33 days late
    challenge(body, agency=agency, agency_lead=lead, response_due=None)

    assert check(ON) == 0
    # A notice queued before the response was recorded finds it answered.
    deliver.delay(
        "governance.challenge_response",
        {"challenge_id": answered.pk, "stage": DUE, "on": ON.isoformat()},
    )

    assert mail.outbox == []


def test_a_restricted_challenge_is_named_by_its_reference_alone(health, manager, check):
    body, lead, agency = health
    raised = challenge(
        body,
        agency=agency,
        agency_lead=lead,
        response_due=D(2012, 3, 9),
        issue=SECRET,
        ask="Explain what happened to Child K.",
        is_restricted=True,
    )

    check(ON)

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        text = whole(message)
        assert raised.reference in message.subject
        assert "This challenge is restricted, so what it asks is not repeated in email" in text
        assert SECRET not in text and "Child K" not in text


def test_the_lead_s_choice_is_honoured(health, manager, check):
    body, lead, agency = health
    choose(lead, ChallengeResponse, Delivery.DIGEST)
    challenge(body, agency=agency, agency_lead=lead, response_due=D(2012, 3, 9))

    check(ON)

    assert [to(message) for message in mail.outbox] == ["manager@example.org"]
    assert SentNotification.objects.get(person=lead).status == SentStatus.QUEUED


# ---------------------------------------------------------------------------
# Each owner's weekly reminder
# ---------------------------------------------------------------------------
def test_each_owner_gets_one_email_of_their_overdue_and_due_soon_actions(manager):
    body = BodyFactory(name="KSCB Executive")
    owner, other = PersonFactory(email="owner@example.org"), PersonFactory()
    late = action(body, owner=owner, description="Send the audit plan.", due_date=D(2012, 3, 2))
    soon = action(body, owner=owner, description="Book the venue.", due_date=D(2012, 3, 12))
    secret = action(
        body, owner=owner, description=SECRET, due_date=D(2012, 3, 8), is_restricted=True
    )
    action(body, owner=owner, description="Not yet.", due_date=D(2012, 3, 13))
    done = action(body, owner=owner, description="Done already.", due_date=D(2012, 3, 1))
    services.action_update(
        actor=None, action=done, text="Done", update_date=D(2012, 2, 20), new_status="done"
    )
    action(body, owner=other, due_date=D(2012, 3, 6))
    action(body, owner=PersonFactory(), due_date=D(2012, 6, 30))  # nothing due: no email

    deliver.delay("governance.action_reminders", {"on": ON.isoformat()})
    deliver.delay("governance.action_reminders", {"on": ON.isoformat()})

    assert sorted(to(message) for message in mail.outbox) == sorted(
        ["owner@example.org", other.email]
    )
    message = by_address(mail.outbox)["owner@example.org"]
    assert message.subject == "Your actions: 1 overdue and 2 due in the next 7 days"
    # The plain text is wrapped at 72 characters, wherever the references make it fall.
    body_text = " ".join(message.body.split())
    overdue_part, soon_part = body_text.split("Due in the next 7 days:")
    assert f"{late.reference} (KSCB Executive), due 2 March 2012: Send the audit plan." in (
        overdue_part
    )
    assert f"{soon.reference} (KSCB Executive), due 12 March 2012: Book the venue." in soon_part
    assert f"{secret.reference} (KSCB Executive), due 8 March 2012: restricted" in soon_part
    assert SECRET not in whole(message)
    assert "Not yet." not in body_text and "Done already." not in body_text
    assert f"{settings.BASE_URL}/my/actions/" in body_text
    assert SentNotification.objects.filter(kind="governance.action_reminders").count() == 2


# ---------------------------------------------------------------------------
# The business unit's overdue summary
# ---------------------------------------------------------------------------
def test_the_business_unit_gets_what_is_overdue_across_the_logs_once_a_week(manager):
    body = BodyFactory(name="KSCB Executive")
    owner = PersonFactory(given_name="Olive", family_name="Owner")
    late = action(body, owner=owner, description="Send the audit plan.", due_date=D(2012, 3, 2))
    secret = action(body, description=SECRET, due_date=D(2012, 3, 1), is_restricted=True)
    action(body, due_date=D(2012, 3, 30))  # not yet due
    lead = PersonFactory(given_name="Harriet", family_name="Lead")
    waiting = challenge(
        body,
        agency=OrganisationFactory(name="Kent Police"),
        agency_lead=lead,
        response_due=D(2012, 2, 29),
        issue="Missing police data.",
    )
    unreviewed = risk(body, title="Data quality", opened_on=D(2011, 10, 3))
    reviewed = risk(body, title="Reviewed lately", opened_on=D(2011, 10, 3))
    services.risk_review(
        actor=None, risk=reviewed, likelihood=3, impact=5, reviewed_on=D(2012, 1, 10)
    )
    _plan, (objective,) = plan(body)
    behind = improvement_action(
        objective, number="1.1.1", description="Re-align the guidance.", due_date=D(2012, 2, 1)
    )
    finished = improvement_action(objective, number="1.1.2", due_date=D(2012, 2, 1))
    services.improvement_action_rate(
        actor=None,
        improvement_action=finished,
        rag=RagState.COMPLETE,
        note="Done",
        update_date=D(2012, 2, 1),
    )
    member = member_of(body).person

    deliver.delay("governance.overdue_summary", {"on": ON.isoformat()})
    deliver.delay("governance.overdue_summary", {"on": ON.isoformat()})

    (message,) = mail.outbox
    assert to(message) == "manager@example.org"
    assert message.subject == (
        "Overdue across the logs: 2 actions, 1 challenge response, 1 risk review, 1 plan action"
    )
    text = flat(message.body)
    assert f"{secret.reference} (KSCB Executive), " in text
    assert f"{late.reference} (KSCB Executive), Olive Owner, due 2 March 2012: Send the audit" in (
        text
    )
    assert f"{waiting.reference} to Kent Police, Harriet Lead, response due 29 February 2012" in (
        text
    )
    assert (
        f"{unreviewed.reference} (KSCB Executive), {unreviewed.owner.name}, review due "
        "2 January 2012, not reviewed since it was added on 3 October 2011: Data quality"
    ) in text
    assert "Reviewed lately" not in text
    assert f"1.1.1 of Multi-agency Improvement Plan, {behind.lead.name}, due 1 February 2012" in (
        text
    )
    assert "1.1.2" not in text
    assert SECRET not in whole(message)
    assert member.email not in [to(m) for m in mail.outbox]


def test_a_long_log_is_cut_short_with_a_count_of_the_rest(manager):
    body = BodyFactory()
    owner = PersonFactory()
    for _ in range(SUMMARY_LIMIT + 2):
        action(body, owner=owner, due_date=D(2012, 3, 1))

    deliver.delay("governance.overdue_summary", {"on": ON.isoformat()})

    (message,) = mail.outbox
    assert "Actions past their due date (52):" in message.body
    assert "… and 2 more: " in message.body


def test_nothing_overdue_no_summary(manager):
    action(BodyFactory(), due_date=D(2012, 3, 30))
    deliver.delay("governance.overdue_summary", {"on": ON.isoformat()})
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# The schedule
# ---------------------------------------------------------------------------
def test_every_scheduled_task_exists():
    entries = settings.CELERY_BEAT_SCHEDULE.values()
    scheduled = {entry["task"] for entry in entries}
    kinds = {
        entry["args"][0] for entry in entries if entry["task"] == "notifications.tasks.notices_due"
    }
    assert {
        "governance.challenge_response",
        "governance.action_reminders",
        "governance.overdue_summary",
    } <= kinds
    app.loader.import_default_modules()
    assert scheduled <= set(app.tasks)
    for key in kinds:  # each says which of its notices are due on a day
        assert isinstance(registry.get(key).due(ON), list)


def test_a_member_of_the_body_is_offered_the_member_kinds_only(client):
    user = member_of(BodyFactory())
    client.force_login(user)
    html = client.get("/my/notifications/").content.decode()
    for kind in (
        ActionAssigned,
        MinutesCirculated,
        ChallengeResponse,
        ActionReminders,
    ):
        assert kind.label in html
    assert OverdueSummary.label not in html


# ---------------------------------------------------------------------------
# Queries: the weekly emails read each log in a fixed number of queries
# ---------------------------------------------------------------------------
def _queries_to_send(kind: str) -> int:
    SentNotification.objects.all().delete()
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as captured:
        deliver.delay(kind, {"on": ON.isoformat()})
    assert len(mail.outbox) == 1
    return len(captured)


def _overdue_everywhere(body, owner, count):
    item = AgendaItemFactory(
        meeting__body=body, is_restricted=False, parent=AgendaItemFactory(meeting__body=body)
    )
    _plan, (objective,) = plan(body, title=f"Plan {count}")
    for n in range(count):
        action(body, owner=owner, agenda_item=item, due_date=D(2012, 3, 1 + n % 10))
        challenge(body, agency_lead=PersonFactory(), response_due=D(2012, 3, 1))
        risk(body, opened_on=D(2011, 10, 3))
        improvement_action(objective, number=f"1.1.{n}", due_date=D(2012, 2, 1))


def test_the_overdue_summary_and_the_reminders_read_in_a_fixed_number_of_queries(manager):
    body = BodyFactory()
    owner = PersonFactory()
    _overdue_everywhere(body, owner, 2)
    summary = _queries_to_send("governance.overdue_summary")
    reminders = _queries_to_send("governance.action_reminders")

    _overdue_everywhere(body, owner, 21)

    assert _queries_to_send("governance.overdue_summary") == summary
    assert _queries_to_send("governance.action_reminders") == reminders
