"""The business unit sees every notification and failure in the admin, and changes none."""

import pytest

from core.models import OutboxEvent
from notifications.models import SentNotification, SentStatus
from tests.membership.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/notifications/sent/"


@pytest.fixture
def failed():
    return SentNotification.objects.create(
        person=PersonFactory(given_name="Fiona", family_name="Failed"),
        kind="meetings.agenda_published",
        event_key="agenda-published:7",
        status=SentStatus.FAILED,
        subject="Agenda published: KSCB Executive, 2 March 2012",
        attempts=7,
        last_error="SMTPRecipientsRefused: {'f@example.org': (550, b'No such user')}",
    )


def test_failed_deliveries_are_listed_with_their_error(business_unit_client, failed):
    response = business_unit_client.get(LIST, {"status": "failed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Agenda published: KSCB Executive, 2 March 2012" in html
    assert "<strong>Failed</strong>" in html
    assert "No such user" in html
    assert "An agenda is published or updated" in html


def test_the_record_is_read_only(business_unit_client, failed):
    assert business_unit_client.get(f"{LIST}edit/{failed.pk}/").status_code in (302, 403)
    assert business_unit_client.get(f"{LIST}new/").status_code in (302, 403)
    inspect = business_unit_client.get(f"{LIST}inspect/{failed.pk}/")
    assert inspect.status_code == 200
    assert "agenda-published:7" in inspect.content.decode()
    OutboxEvent.objects.create(task_name="meetings.tasks.meeting_pack_build", args=[7])
    outbox = business_unit_client.get("/admin/notifications/outbox/")
    assert "meetings.tasks.meeting_pack_build" in outbox.content.decode()


def test_members_cannot_see_it(client, failed):
    client.force_login(UserFactory(username="member", is_staff=False))
    assert client.get(LIST).status_code in (302, 403)


def test_a_business_unit_reads_only_what_went_to_the_people_its_partnerships_keep(client, failed):
    from tests.partnerships import manager_of, second_partnership

    adults = second_partnership()
    SentNotification.objects.create(
        person=PersonFactory(given_name="Ada", family_name="Adults", partnership=adults),
        kind="meetings.agenda_published",
        event_key="agenda-published:8",
        status=SentStatus.SENT,
        subject="Agenda published: Safeguarding Adults Board",
        to_address="ada@example.org",
    )
    OutboxEvent.objects.create(task_name="meetings.tasks.meeting_pack_build", args=[7])
    client.force_login(manager_of(adults))

    listing = client.get(LIST).content.decode()

    assert "Agenda published: Safeguarding Adults Board" in listing
    assert "KSCB Executive" not in listing
    assert client.get(f"{LIST}inspect/{failed.pk}/").status_code == 404
    outbox = client.get("/admin/notifications/outbox/").content.decode()
    assert "meeting_pack_build" not in outbox
