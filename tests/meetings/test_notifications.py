"""What the meeting emails say, and to whom: tasks run eagerly, mail in django.core.mail.outbox.
(tests/notifications/test_live_worker.py sends the same through a real worker and SMTP.)"""

import datetime
import email
from email.utils import parseaddr

import pytest
import time_machine
from icalendar import Calendar

from django.core import mail
from django.test import Client
from django.utils import timezone

from core.dates import add_working_days
from core.models import OutboxEvent
from core.outbox import DELIVER, Queued
from meetings import services
from meetings.models import MeetingStatus
from membership.models import Role
from notifications.kinds import agenda_changes
from notifications.kinds import meetings as meeting_notices
from notifications.models import SentNotification, SentStatus
from notifications.tasks import notices_due
from tests.admin_forms import admin_form, submit
from tests.meetings.conftest import (
    PUBLIC_PAPER,
    PUBLIC_RESTRICTED_PAPER,
    PUBLIC_TITLE,
    RESTRICTED_PAPER,
    RESTRICTED_TITLE,
)
from tests.meetings.factories import MeetingFactory, PaperFactory, PaperVersionFactory, local
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

SECRET_NEW_TITLE = "Allegation against a named officer (confidential)"
WITHDRAWN_TITLE = "Quarrymen placement breakdown"


def recipients(messages) -> set[str]:
    return {parseaddr(address)[1] for message in messages for address in message.to}


def whole(message) -> str:
    """Everything a reader could see: subject, text, HTML and attachments."""
    parts = [message.subject, message.body]
    parts += [content for content, _type in message.alternatives]
    parts += [
        content.decode() if isinstance(content, bytes) else content
        for _name, content, _type in message.attachments
    ]
    return "\n".join(parts)


def calendar_of(message) -> Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    return Calendar.from_ical(content)


def publish(scene, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.agenda_publish(actor=scene.business_unit, meeting=scene.meeting, **kwargs)


@pytest.fixture
def members(scene):
    """Everyone on the scene's body: the member, the chair, and a deputy and an observer."""
    deputy = PersonFactory()
    MembershipFactory(body=scene.body, person=deputy, role=Role.DEPUTY)
    observer = PersonFactory()
    MembershipFactory(body=scene.body, person=observer, role=Role.PARTICIPANT_OBSERVER)
    return [scene.member.person, scene.chair.person, deputy, observer]


def test_publishing_emails_every_current_member_and_deputy_once(
    scene, members, django_capture_on_commit_callbacks
):
    former = PersonFactory()
    MembershipFactory(
        body=scene.body,
        person=former,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2011, 1, 1),
    )
    no_address = PersonFactory(email="")
    MembershipFactory(body=scene.body, person=no_address)
    services.agenda_item_add(actor=scene.business_unit, meeting=scene.meeting, title="AOB")

    publish(scene, django_capture_on_commit_callbacks, change_note="Any other business added")

    assert recipients(mail.outbox) == {person.email for person in members}
    assert len(mail.outbox) == len(members)
    assert scene.other_member.person.email not in recipients(mail.outbox)
    message = mail.outbox[0]
    assert message.subject == f"Agenda updated (version 2): {scene.meeting}"
    assert SentNotification.objects.filter(status=SentStatus.SENT).count() == len(members)


def test_the_email_says_what_changed_and_never_names_restricted_material(
    scene, members, django_capture_on_commit_callbacks
):
    actor = scene.business_unit
    services.agenda_item_update(
        actor=actor, item=scene.public_item, title="Improvement plan: progress to March"
    )
    services.agenda_item_update(actor=actor, item=scene.restricted_item, title=SECRET_NEW_TITLE)
    PaperFactory(agenda_item=scene.restricted_item, title="Officer's statement (confidential)")
    services.agenda_item_add(actor=actor, meeting=scene.meeting, title="Any other business")
    services.agenda_item_add(
        actor=actor, meeting=scene.meeting, title="Case review: Child L", is_restricted=True
    )

    publish(scene, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    text = whole(message)
    assert "Changed: 1. Improvement plan: progress to March: title was “" + PUBLIC_TITLE in text
    assert "Added: 3. Any other business" in text
    assert "2 changes to restricted items or papers, not described in email" in text
    assert "2. Restricted item" in text and "4. Restricted item" in text
    for secret in (
        RESTRICTED_TITLE,
        SECRET_NEW_TITLE,
        RESTRICTED_PAPER,
        PUBLIC_RESTRICTED_PAPER,
        "Officer's statement",
        "Child L",
    ):
        assert secret not in text
    # The chair may read restricted titles on the site, and still gets none by email.
    chair_message = next(m for m in mail.outbox if scene.chair.person.email in m.to[0])
    assert RESTRICTED_TITLE not in whole(chair_message)
    assert SECRET_NEW_TITLE not in whole(chair_message)


def test_what_was_deleted_or_restricted_since_the_last_version_is_counted_not_named(
    scene, members, django_capture_on_commit_callbacks
):
    """The pages count an item deleted from the draft as restricted, and a paper moved under
    a restricted item is restricted: the email of the next version names neither, though
    the version before listed both in public."""
    actor = scene.business_unit
    services.agenda_item_add(actor=actor, meeting=scene.meeting, title=WITHDRAWN_TITLE)
    publish(scene, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(actor)
    withdrawn = scene.meeting.agenda_items.get(title=WITHDRAWN_TITLE)
    assert client.post(f"/admin/agenda_item/delete/{withdrawn.pk}/").status_code == 302
    url = f"/admin/paper/edit/{scene.public_paper.pk}/"
    form = admin_form(client, url)
    form["agenda_item"] = str(scene.restricted_item.pk)
    assert submit(client, url, form).status_code == 302
    mail.outbox.clear()

    publish(scene, django_capture_on_commit_callbacks)

    text = whole(mail.outbox[0])
    assert "Agenda updated (version 3)" in text
    assert "to restricted items or papers, not described in email" in text
    assert WITHDRAWN_TITLE not in text
    assert PUBLIC_PAPER not in text


def test_the_first_version_lists_the_agenda_with_a_calendar_entry(
    business_unit_user, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="KSCB Executive")
    person = PersonFactory(email="lead@example.org")
    MembershipFactory(body=body, person=person)
    meeting = MeetingFactory(body=body, start=local(2030, 3, 6, 10), end=local(2030, 3, 6, 12))
    services.agenda_item_add(actor=business_unit_user, meeting=meeting, title=PUBLIC_TITLE)
    services.agenda_item_add(
        actor=business_unit_user, meeting=meeting, title=RESTRICTED_TITLE, is_restricted=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(actor=business_unit_user, meeting=meeting)

    (message,) = mail.outbox
    assert message.subject == "Agenda published: KSCB Executive, 6 March 2030"
    assert message.to == [f"{person.name} <lead@example.org>"]
    assert "10:00 to 12:00 on Wednesday 6 March 2030" in message.body
    assert f"1. {PUBLIC_TITLE}" in message.body
    assert "2. Restricted item" in message.body
    assert "What has changed" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="en-GB">' in html
    event = calendar_of(message).walk("VEVENT")[0]
    meeting.refresh_from_db()
    assert event["UID"] == f"{meeting.uid}@tabled"
    assert event["SEQUENCE"] == meeting.ical_sequence == 1
    assert RESTRICTED_TITLE not in whole(message)
    assert message.extra_headers["Message-ID"].startswith("<agenda-published.")


def test_an_agenda_loaded_from_before_tabled_or_for_a_past_meeting_emails_nobody(
    business_unit_user, django_capture_on_commit_callbacks
):
    body = BodyFactory()
    MembershipFactory(body=body)
    past = MeetingFactory(body=body, start=local(2012, 3, 6), end=local(2012, 3, 6, 12))
    future = MeetingFactory(body=body)
    for meeting in (past, future):
        services.agenda_item_add(actor=business_unit_user, meeting=meeting, title="Minutes")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.agenda_publish(actor=business_unit_user, meeting=past)
        services.agenda_publish(
            actor=business_unit_user,
            meeting=future,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )

    assert notification_callbacks(callbacks) == []
    assert mail.outbox == []


def notification_callbacks(callbacks) -> list:
    """The on-commit callbacks that queue an email (publishing also queues the pack build)."""
    return [c for c in callbacks if isinstance(c, Queued) and c.name == DELIVER]


def test_nothing_is_queued_until_the_publication_commits(
    scene, members, django_capture_on_commit_callbacks
):
    services.agenda_item_add(actor=scene.business_unit, meeting=scene.meeting, title="AOB")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.agenda_publish(actor=scene.business_unit, meeting=scene.meeting)
    assert len(notification_callbacks(callbacks)) == 1
    assert mail.outbox == []


def test_a_moved_meeting_says_when_it_now_is_with_an_updated_calendar_entry(
    scene, members, django_capture_on_commit_callbacks
):
    meeting = scene.meeting
    meeting.refresh_from_db()
    sequence = meeting.ical_sequence
    new_start = meeting.start + datetime.timedelta(days=1, hours=4)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=scene.business_unit,
            meeting=meeting,
            start=new_start,
            end=new_start + datetime.timedelta(hours=2),
            venue="County Hall, Maidstone",
        )

    assert recipients(mail.outbox) == {person.email for person in members}
    message = mail.outbox[0]
    assert message.subject.startswith("Meeting moved: KSCB Executive, ")
    local_start = timezone.localtime(new_start)
    assert f"Now {local_start:%H:%M} to " in message.body
    assert "Venue: County Hall, Maidstone (was Sessions House, Maidstone)." in message.body
    event = calendar_of(message).walk("VEVENT")[0]
    assert event["SEQUENCE"] == sequence + 1
    assert event["STATUS"] == "TENTATIVE"
    assert event.decoded("DTSTART") == new_start.replace(microsecond=0)
    assert RESTRICTED_TITLE not in whole(message)


def test_a_cancelled_meeting_sends_status_cancelled(
    scene, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=scene.business_unit, meeting=scene.meeting)

    assert len(mail.outbox) == len(members)
    message = mail.outbox[0]
    assert message.subject.startswith("Meeting cancelled: KSCB Executive, ")
    assert "has been cancelled" in message.body
    event = calendar_of(message).walk("VEVENT")[0]
    scene.meeting.refresh_from_db()
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == scene.meeting.ical_sequence
    assert SentNotification.objects.filter(kind="meetings.meeting_cancelled").count() == len(
        members
    )


def test_the_admin_edit_of_a_meeting_notifies_too(
    scene, members, django_capture_on_commit_callbacks
):
    meeting = type(scene.meeting).objects.get(pk=scene.meeting.pk)
    meeting.venue = "Oakwood House, Maidstone"
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(actor=scene.business_unit, meeting=meeting)
    assert len(mail.outbox) == len(members)
    assert "Venue: Oakwood House, Maidstone" in mail.outbox[0].body


@pytest.mark.parametrize("status", [MeetingStatus.CONFIRMED, MeetingStatus.HELD])
def test_confirming_or_holding_a_meeting_emails_nobody(
    scene, members, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=scene.business_unit, meeting=scene.meeting, status=status)
    assert mail.outbox == []


def test_correcting_a_past_meeting_emails_nobody(
    business_unit_user, django_capture_on_commit_callbacks
):
    body = BodyFactory()
    MembershipFactory(body=body)
    past = MeetingFactory(body=body, start=local(2012, 3, 6), end=local(2012, 3, 6, 12))
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=business_unit_user, meeting=past, venue="County Hall")
        services.meeting_cancel(actor=business_unit_user, meeting=past)
    assert mail.outbox == []
    assert not OutboxEvent.objects.exists()


def test_a_published_meeting_two_working_days_away_gets_a_reminder(
    scene, members, django_capture_on_commit_callbacks
):
    meeting = scene.meeting
    meeting.refresh_from_db()
    # Thursday's meeting is reminded on Monday; Monday's on the Thursday before.
    monday = datetime.date(2030, 3, 4)
    start = local(2030, 3, 6, 10)
    type(meeting).objects.filter(pk=meeting.pk).update(
        start=start, end=start + datetime.timedelta(hours=2)
    )
    assert meeting_notices.meetings_due_a_reminder(monday) == [meeting]
    assert meeting_notices.meetings_due_a_reminder(monday + datetime.timedelta(days=1)) == []
    assert meeting_notices.meetings_due_a_reminder(datetime.date(2030, 3, 2)) == []  # Saturday
    assert add_working_days(datetime.date(2030, 3, 7), 2) == datetime.date(2030, 3, 11)

    with time_machine.travel(datetime.datetime(2030, 3, 4, 8, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            assert notices_due.delay("meetings.papers_reminder").get() == 1
        with django_capture_on_commit_callbacks(execute=True):
            notices_due.delay("meetings.papers_reminder")  # again: nothing more is sent

    assert recipients(mail.outbox) == {person.email for person in members}
    assert len(mail.outbox) == len(members)
    message = mail.outbox[0]
    assert message.subject == "Papers to read: KSCB Executive, 6 March 2030"
    assert "10:00 to 12:00 on Wednesday 6 March 2030" in message.body


def test_a_cancelled_or_unpublished_meeting_gets_no_reminder(business_unit_user):
    body = BodyFactory()
    MembershipFactory(body=body)
    start = local(2030, 3, 6, 10)
    MeetingFactory(body=body, start=start, end=start + datetime.timedelta(hours=2))
    cancelled = MeetingFactory(
        body=body, start=start, end=start + datetime.timedelta(hours=2), status="cancelled"
    )
    services.agenda_item_add(actor=business_unit_user, meeting=cancelled, title="Minutes")
    assert meeting_notices.meetings_due_a_reminder(datetime.date(2030, 3, 4)) == []


def test_bank_holidays_are_not_working_days_for_the_reminder(scene):
    meeting = scene.meeting
    # Tuesday 23 April 2030, after the Easter weekend: Good Friday (19th) and Easter
    # Monday (22nd) are bank holidays in England, so the reminder goes on Wednesday 17th.
    start = local(2030, 4, 23, 10)
    type(meeting).objects.filter(pk=meeting.pk).update(
        start=start, end=start + datetime.timedelta(hours=2)
    )

    assert meeting_notices.meetings_due_a_reminder(datetime.date(2030, 4, 17)) == [meeting]
    assert meeting_notices.meetings_due_a_reminder(datetime.date(2030, 4, 18)) == []
    assert meeting_notices.meetings_due_a_reminder(datetime.date(2030, 4, 22)) == []  # holiday


# ---------------------------------------------------------------------------
# public_changes: the comparison told without naming restricted material
# ---------------------------------------------------------------------------
def item(id, number, title, *, restricted=False, papers=(), **extra):
    return {
        "id": id,
        "number": number,
        "title": title,
        "purpose_label": "For discussion",
        "presenter": "",
        "minutes": 15,
        "description": "",
        "restricted": restricted,
        "papers": list(papers),
        **extra,
    }


def paper(id, title, *, restricted=False, version=1):
    return {"id": id, "title": title, "restricted": restricted, "version": version}


def test_public_changes_describe_public_items_and_count_restricted_ones():
    old = [
        item(1, "1", "Minutes", papers=[paper(10, "Draft minutes")]),
        item(2, "2", "Child K", restricted=True),
        item(3, "3", "Budget"),
        item(4, "4", "Staffing allegation"),
    ]
    new = [
        item(1, "1", "Minutes", papers=[paper(10, "Draft minutes", version=2)]),
        item(2, "2", "Child K and sibling", restricted=True),
        item(5, "3", "Data set Q3"),
        item(4, "4", "Staffing allegation: officer named", restricted=True),
        item(6, "5", "Child M", restricted=True),
        item(3, "6", "Budget", presenter="Director of Finance"),
    ]
    changes = agenda_changes.public_changes(old, new)
    assert changes.added == ["3. Data set Q3"]
    assert changes.changed == [
        "1. Minutes: paper updated: Draft minutes (version 2) (was Draft minutes (version 1))",
        "6. Budget: now item 6 (was 3); presenter Director of Finance (was none)",
    ]
    assert changes.now_restricted == ["Item 4"]
    # Child K's new title, Child M's addition: counted, never named.
    assert changes.restricted == 2
    text = "\n".join(changes.lines)
    for secret in ("Child K", "sibling", "Child M", "officer named"):
        assert secret not in text


def test_public_changes_say_when_a_public_paper_becomes_restricted_without_naming_it():
    old = [item(1, "1", "Minutes", papers=[paper(10, "Draft minutes"), paper(11, "Annex")])]
    new = [
        item(
            1,
            "1",
            "Minutes",
            papers=[
                paper(10, "Draft minutes", restricted=True),
                paper(12, "Secret", restricted=True),
            ],
        )
    ]
    changes = agenda_changes.public_changes(old, new)
    assert changes.changed == [
        "1. Minutes: a paper is now restricted; paper withdrawn: Annex (version 1)"
    ]
    assert changes.restricted == 1  # the restricted paper added
    assert "Secret" not in "\n".join(changes.lines)


def test_public_changes_name_an_item_opened_to_the_public_by_its_new_title_only():
    old = [item(1, "1", "Old confidential title", restricted=True)]
    new = [item(1, "1", "Serious case review: published report")]
    changes = agenda_changes.public_changes(old, new)
    assert changes.now_public == ["1. Serious case review: published report"]
    assert "Old confidential title" not in "\n".join(changes.lines)


def test_pure_renumbering_is_summed_up():
    old = [item(1, "1", "A"), item(2, "2", "B"), item(3, "3", "C", restricted=True)]
    new = [
        item(9, "1", "New"),
        item(1, "2", "A"),
        item(2, "3", "B"),
        item(3, "4", "C", restricted=True),
    ]
    changes = agenda_changes.public_changes(old, new)
    assert changes.added == ["1. New"]
    assert changes.renumbered == 3
    assert changes.restricted == 0


def test_the_email_parses_as_mime_with_text_html_and_calendar(
    scene, members, django_capture_on_commit_callbacks
):
    services.agenda_item_add(actor=scene.business_unit, meeting=scene.meeting, title="AOB")
    PaperVersionFactory(paper=scene.public_paper, number=2)
    publish(scene, django_capture_on_commit_callbacks)
    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    types = [part.get_content_type() for part in parsed.walk()]
    assert "text/plain" in types and "text/html" in types and "text/calendar" in types
    assert f"paper updated: {PUBLIC_PAPER} (version 2)" in " ".join(mail.outbox[0].body.split())
