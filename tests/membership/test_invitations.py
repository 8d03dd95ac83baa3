"""The business unit invites a member to sign in from the person's admin page; the member
chooses a password from the emailed link and signs in. The link works once, for
TABLED_INVITATION_DAYS, for an active login alone."""

import datetime
import re

import pytest
import time_machine

from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from membership import services
from membership.access import CHAIRS_GROUP
from membership.models import Person
from notifications.models import NotificationPreference
from notifications.registry import Delivery
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.partnerships import manager_of, second_partnership

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Password-for-tabled-7"


@pytest.fixture
def jane():
    return PersonFactory(given_name="Jane", family_name="Smith", email="Jane.Smith@example.org")


@pytest.fixture
def browser():
    """The member's own browser (the `client` fixture is the business unit's)."""
    return Client()


@pytest.fixture
def act(business_unit_client, django_capture_on_commit_callbacks):
    """Press a login button on a person's admin page and confirm; the email (if any) goes
    once the change commits. Returns the page the admin lands on."""

    def press(person, action, client=business_unit_client):
        url = reverse("person:login", args=[person.pk, action])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, follow=True)

    return press


def link_in(message) -> str:
    """The link's path (the test client has no host of its own to ask)."""
    (link,) = set(re.findall(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body))
    return link


def set_password(client, link, password=PASSWORD):
    """Open the link as the browser does (it moves the token into the session) and post the
    password form."""
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200, form_page.content.decode()
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def signs_in(client, username, password=PASSWORD) -> bool:
    client.logout()
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_an_invitation_emails_a_link_with_which_the_member_sets_a_password_and_signs_in(
    act, jane, browser, settings
):
    settings.BASE_URL = "https://tabled.example.org"
    page = act(jane, "invite")

    assert "Jane Smith has been invited to sign in" in page.content.decode()
    jane.refresh_from_db()
    user = jane.user
    assert user.username == "jane.smith@example.org"
    assert user.email == "Jane.Smith@example.org"
    assert user.is_active
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["Jane Smith <Jane.Smith@example.org>"]]
    body = mail.outbox[0].body
    assert "Your username is: jane.smith@example.org" in body
    assert "within 3 days" in body
    assert "https://tabled.example.org/accounts/invitation/" in body
    assert jane.history.first().history_change_reason == "Invited to sign in"

    done = set_password(browser, link_in(mail.outbox[0]))

    assert "Your password is set" in done.content.decode()
    assert signs_in(browser, "jane.smith@example.org")
    assert jane.history.first().history_change_reason == "Password set from the invitation"


def test_a_link_once_used_is_refused_with_a_page_saying_how_to_get_another(act, jane, browser):
    act(jane, "invite")
    link = link_in(mail.outbox[0])
    set_password(browser, link)
    browser.logout()

    again = browser.get(link, follow=True)

    assert again.status_code == 400
    html = again.content.decode()
    assert "This link no longer works" in html
    assert "ask your board's business unit to send you a new invitation" in html
    assert 'name="new_password1"' not in html


def test_a_link_is_refused_once_the_invitation_days_have_passed(act, jane, browser, settings):
    settings.TABLED_INVITATION_DAYS = 2
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        act(jane, "invite")
    link = link_in(mail.outbox[0])

    with time_machine.travel(datetime.datetime(2026, 3, 3, 21, tzinfo=datetime.UTC)):
        assert browser.get(link, follow=True).status_code == 200
    browser.logout()
    with time_machine.travel(datetime.datetime(2026, 3, 4, 10, tzinfo=datetime.UTC)):
        late = browser.get(link, follow=True)

    assert late.status_code == 400
    assert "This link no longer works" in late.content.decode()
    assert "works once, for 2 days" in late.content.decode()


def test_resending_sends_a_new_link_and_the_old_one_stops_working(act, jane, browser):
    act(jane, "invite")
    page = act(jane, "resend")

    assert "A new invitation has been sent to jane.smith@example.org" in page.content.decode()
    assert len(mail.outbox) == 2
    old, new = (link_in(message) for message in mail.outbox)
    assert old != new
    assert browser.get(old, follow=True).status_code == 400
    set_password(browser, new)
    assert signs_in(browser, "jane.smith@example.org")
    assert User.objects.count() == 2  # the business unit's and Jane's: the login was reused


def test_the_invitation_is_sent_whatever_the_person_chose_for_emails(act, jane):
    NotificationPreference.objects.create(
        person=jane, kind="membership.invitation", delivery=Delivery.NONE
    )
    act(jane, "invite")
    assert len(mail.outbox) == 1


def test_a_deactivated_login_cannot_sign_in_and_its_person_stays(act, jane, browser):
    act(jane, "invite")
    set_password(browser, link_in(mail.outbox[0]))
    browser.logout()

    page = act(jane, "deactivate")

    assert "Jane Smith&#x27;s login is deactivated" in page.content.decode()
    jane.refresh_from_db()
    assert jane.user is not None and not jane.user.is_active
    assert not signs_in(browser, "jane.smith@example.org")

    act(jane, "reactivate")
    assert signs_in(browser, "jane.smith@example.org")


def test_an_unused_link_of_a_deactivated_login_is_refused(act, jane, browser):
    act(jane, "invite")
    act(jane, "deactivate")

    assert browser.get(link_in(mail.outbox[0]), follow=True).status_code == 400


def test_a_person_without_an_email_address_cannot_be_invited(act):
    nobody = PersonFactory(given_name="Sam", family_name="Lee", email="")

    page = act(nobody, "invite")

    assert "Sam Lee has no email address, so cannot be invited to sign in" in (
        page.content.decode()
    )
    nobody.refresh_from_db()
    assert nobody.user is None
    assert User.objects.count() == 1  # the business unit's own
    assert mail.outbox == []
    assert nobody.history.count() == 1


def test_an_address_another_login_uses_is_refused_naming_that_login(act, jane):
    other = PersonFactory(given_name="Other", family_name="Person", email="other@example.org")
    other.user = UserFactory(username="jsmith", email="jane.smith@EXAMPLE.org")
    other.save()

    page = act(jane, "invite")

    html = page.content.decode()
    assert "already used by the login “jsmith”" in html
    assert "which belongs to Other Person" in html
    jane.refresh_from_db()
    assert jane.user is None
    assert mail.outbox == []


@pytest.mark.parametrize("action", ["invite", "resend", "deactivate"])
def test_someone_outside_the_business_unit_is_refused(browser, act, jane, action):
    chair = UserFactory(username="chair")
    chair.groups.add(Group.objects.get(name=CHAIRS_GROUP))
    chair.user_permissions.add(Permission.objects.get(codename="access_admin"))
    browser.force_login(chair)
    if action != "invite":
        act(jane, "invite")
        mail.outbox.clear()
    jane.refresh_from_db()
    before = (jane.user_id, jane.user and jane.user.is_active, jane.user and jane.user.password)

    url = reverse("person:login", args=[jane.pk, action])
    assert browser.get(url).status_code == 403
    assert browser.post(url).status_code == 403

    jane.refresh_from_db()
    assert (jane.user_id, jane.user and jane.user.is_active, jane.user and jane.user.password) == (
        before
    )
    assert mail.outbox == []


def test_a_member_without_the_admin_is_sent_to_sign_in(client, jane):
    client.force_login(UserFactory(username="member"))

    response = client.post(reverse("person:login", args=[jane.pk, "invite"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert Person.objects.get(pk=jane.pk).user is None


def test_the_listing_shows_each_persons_login_and_the_buttons_that_fit(
    act, business_unit_client, jane, browser
):
    PersonFactory(given_name="Nobody", family_name="Yet", email="nobody@example.org")
    act(jane, "invite")

    listing = business_unit_client.get(reverse("person:index")).content.decode()
    assert "No login" in listing
    assert "Invited" in listing
    assert "Invite to sign in" in listing
    assert "Resend invitation" in listing

    set_password(browser, link_in(mail.outbox[0]))
    edit = business_unit_client.get(reverse("person:edit", args=[jane.pk])).content.decode()
    assert "Deactivate login" in edit
    assert "Resend invitation" not in edit
    listing = business_unit_client.get(reverse("person:index")).content.decode()
    assert "Active" in listing


@pytest.mark.parametrize("actor", [None, "member"])
def test_each_login_service_refuses_anyone_outside_the_business_unit(actor, jane):
    # An import, a command or a task would call the services with no admin page in front.
    actor = actor and UserFactory(username=actor)
    with pytest.raises(PermissionDenied):
        services.person_invite(actor=actor, person=jane)
    with pytest.raises(PermissionDenied):
        services.person_invitation_resend(actor=actor, person=jane)
    with pytest.raises(PermissionDenied):
        services.person_login_deactivate(actor=actor, person=jane)
    with pytest.raises(PermissionDenied):
        services.person_login_reactivate(actor=actor, person=jane)
    assert Person.objects.get(pk=jane.pk).user is None
    assert jane.history.count() == 1


def test_a_password_set_from_an_invitation_is_on_the_persons_history_as_their_own(act, jane):
    act(jane, "invite")
    jane.refresh_from_db()

    services.login_password_set(user=jane.user, password=PASSWORD)

    latest = jane.history.first()
    assert latest.history_user == jane.user
    assert latest.history_change_reason == "Password set from the invitation"
    assert User.objects.get(pk=jane.user.pk).check_password(PASSWORD)


def test_a_business_unit_invites_only_the_people_its_partnerships_keep_or_seat():
    adults = second_partnership()
    theirs = manager_of(adults)
    ours = PersonFactory(email="ours@example.org")

    with pytest.raises(PermissionDenied, match="kept by"):
        services.person_invite(actor=theirs, person=ours)
    assert ours.user_id is None

    MembershipFactory(person=ours, body=BodyFactory(partnership=adults))
    services.person_invite(actor=theirs, person=ours)
    ours.refresh_from_db()
    assert ours.user is not None
    # Seated on the adults' board, but kept by the children's: only their business unit
    # may stop the login both partnerships use.
    with pytest.raises(PermissionDenied, match="kept by"):
        services.person_login_deactivate(actor=theirs, person=ours)
    assert User.objects.get(pk=ours.user_id).is_active


def test_a_member_of_another_partnership_is_invited_to_its_own_site(
    django_capture_on_commit_callbacks,
):
    adults = second_partnership()
    person = PersonFactory(email="ann@example.org", partnership=adults)

    with django_capture_on_commit_callbacks(execute=True):
        services.person_invite(actor=manager_of(adults), person=person)

    (message,) = mail.outbox
    assert "http://adults.localhost/accounts/invitation/" in message.body
    assert "127.0.0.1:8000" not in message.body
    assert "Safeguarding Adults Board" in message.subject
