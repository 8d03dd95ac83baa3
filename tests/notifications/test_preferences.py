"""/my/notifications/: each person chooses, per kind, straight away, weekly, or nothing."""

import pytest

from notifications import registry
from notifications.models import NotificationPreference
from notifications.registry import Delivery
from tests.membership.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/my/notifications/"


@pytest.fixture
def member_client(client):
    user = UserFactory(username="member")
    person = PersonFactory(user=user)
    client.force_login(user)
    client.person = person
    return client


def test_the_page_offers_every_member_kind_with_its_default_chosen(member_client):
    response = member_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "An agenda is published or updated" in html
    assert "A meeting is cancelled" in html
    assert "Email me straight away (the default)" in html
    assert 'value="immediate" checked' in html.replace("  ", " ") or "checked" in html
    # Business-unit kinds are not offered to members.
    assert "Terms of office ending" not in html


def test_the_business_unit_is_offered_its_own_kinds(client, business_unit_user):
    PersonFactory(user=business_unit_user)
    client.force_login(business_unit_user)
    assert "Terms of office ending in the next 60 days" in client.get(URL).content.decode()


def test_saving_records_each_choice(member_client):
    choices = {kind.key: Delivery.IMMEDIATE for kind in registry.all_kinds()}
    choices.pop("membership.terms_ending")
    choices["meetings.agenda_published"] = Delivery.DIGEST
    choices["meetings.papers_reminder"] = Delivery.NONE

    response = member_client.post(URL, choices)

    assert response.status_code == 302
    saved = dict(
        NotificationPreference.objects.filter(person=member_client.person).values_list(
            "kind", "delivery"
        )
    )
    assert saved["meetings.agenda_published"] == Delivery.DIGEST
    assert saved["meetings.papers_reminder"] == Delivery.NONE
    assert "membership.terms_ending" not in saved
    page = member_client.get(URL)
    assert "Your email choices have been saved." in page.content.decode()
    assert page.context["form"]["meetings.agenda_published"].value() == Delivery.DIGEST


def test_a_missing_or_unknown_choice_is_refused_naming_the_kind(member_client):
    response = member_client.post(URL, {"meetings.agenda_published": "hourly"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your choices were not saved" in html
    assert "Choose how to hear about: a meeting is cancelled." in html
    assert not NotificationPreference.objects.exists()


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_login_without_a_person_is_told_why_there_is_nothing(client):
    client.force_login(UserFactory(username="nobody"))
    assert "not linked to a member" in client.get(URL).content.decode()
