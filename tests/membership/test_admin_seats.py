"""A body's seats and representation requirements: listed on the body's page, each added,
changed and removed in a form of its own, with the body's rules and history; and a person's
login chosen from a searchable list."""

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse

from membership.models import Person, RepresentationRequirement, Seat, SeatType
from tests.admin_forms import admin_form, fill_and_submit, submit
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    RequirementFactory,
    SeatFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def body_page(client, body) -> str:
    response = client.get(reverse("body:edit", args=[body.pk]))
    assert response.status_code == 200
    return response.content.decode()


def add_seat(client, body, **fields):
    """ "Add a seat" on the body's page opens a seat's form for that body."""
    return fill_and_submit(client, reverse("seat:add") + f"?body={body.pk}", **fields)


def test_the_body_page_lists_its_seats_and_requirements_with_their_forms(business_unit_client):
    seat = SeatFactory(title="Police — Director level")
    requirement = RequirementFactory(body=seat.body, sector=SectorFactory(name="Health"))
    other = SeatFactory(title="Elsewhere")

    html = body_page(business_unit_client, seat.body)

    assert "Police — Director level" in html
    assert reverse("seat:edit", args=[seat.pk]) in html
    assert reverse("requirement:edit", args=[requirement.pk]) in html
    assert f"{reverse('seat:add')}?body={seat.body.pk}" in html
    assert f"{reverse('requirement:add')}?body={seat.body.pk}" in html
    assert reverse("seat:edit", args=[other.pk]) not in html
    assert 'name="seats-TOTAL_FORMS"' not in html


def test_a_seat_added_from_the_body_page_belongs_to_it_and_records_who_added_it(
    business_unit_client, business_unit_user
):
    body = BodyFactory()

    response = add_seat(
        business_unit_client,
        body,
        title="Lay member",
        seat_type=SeatType.LAY,
        seniority_note="Resident",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("body:edit", args=[body.pk])
    seat = Seat.objects.get(body=body)
    assert (seat.title, seat.seat_type, seat.seniority_note) == ("Lay member", "lay", "Resident")
    assert seat.history.first().history_user == business_unit_user
    assert "Lay member" in body_page(business_unit_client, body)


def test_a_second_seat_of_the_same_title_is_refused(business_unit_client):
    seat = SeatFactory(title="Health — Director level")

    response = add_seat(business_unit_client, seat.body, title="Health — Director level")

    assert response.status_code == 200
    assert "This body already has a seat with this title." in response.content.decode()
    assert seat.body.seats.count() == 1


def test_a_seat_changed_in_its_form_keeps_its_history(business_unit_client, business_unit_user):
    seat = SeatFactory(title="Probation")
    url = reverse("seat:edit", args=[seat.pk])

    response = fill_and_submit(business_unit_client, url, title="Probation — Head of service")

    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.title == "Probation — Head of service"
    changed = seat.history.first()
    assert (changed.history_type, changed.history_user) == ("~", business_unit_user)
    assert changed.prev_record.title == "Probation"


def test_a_seat_cannot_move_to_another_body(business_unit_client):
    seat = SeatFactory()
    MembershipFactory(body=seat.body, seat=seat)
    elsewhere = BodyFactory()

    response = fill_and_submit(
        business_unit_client, reverse("seat:edit", args=[seat.pk]), body=elsewhere.pk
    )

    assert response.status_code == 200
    assert "A seat stays with the body it was made for." in response.content.decode()
    seat.refresh_from_db()
    assert seat.body_id != elsewhere.pk


def test_a_seat_no_one_has_held_can_be_removed_and_the_removal_is_recorded(
    business_unit_client, business_unit_user
):
    seat = SeatFactory()

    response = business_unit_client.post(reverse("seat:delete", args=[seat.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("body:edit", args=[seat.body.pk])
    assert not Seat.objects.filter(pk=seat.pk).exists()
    removed = Seat.history.filter(id=seat.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", business_unit_user)


def test_a_requirement_is_added_refused_below_one_and_removed(business_unit_client):
    body = BodyFactory()
    sector = SectorFactory(name="Education")
    add = reverse("requirement:add") + f"?body={body.pk}"

    refused = fill_and_submit(business_unit_client, add, sector=sector.pk, minimum=0)
    assert refused.status_code == 200
    assert not body.requirements.exists()

    added = fill_and_submit(
        business_unit_client, add, sector=sector.pk, minimum=2, seniority_note="Head teacher"
    )
    assert added.status_code == 302
    requirement = body.requirements.get()
    assert (requirement.sector, requirement.minimum) == (sector, 2)
    assert "Education" in body_page(business_unit_client, body)

    removed = business_unit_client.post(reverse("requirement:delete", args=[requirement.pk]))
    assert removed.status_code == 302
    assert not RepresentationRequirement.objects.filter(pk=requirement.pk).exists()


def test_a_body_form_saved_after_its_seats_changed_elsewhere_is_refused(business_unit_client):
    seat = SeatFactory()
    url = reverse("body:edit", args=[seat.body.pk])
    stale = admin_form(business_unit_client, url)
    fill_and_submit(business_unit_client, reverse("seat:edit", args=[seat.pk]), title="Renamed")
    stale["purpose"] = "Typed over the colleague's change"

    response = submit(business_unit_client, url, stale)

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()


def test_a_persons_login_is_chosen_from_a_search_not_a_list_of_every_login(
    business_unit_client,
):
    person = PersonFactory()
    login = UserFactory(username="jsmith", email="j.smith@example.org")
    UserFactory(username="someone-else")
    url = reverse("person:edit", args=[person.pk])

    page = business_unit_client.get(url).content.decode()
    assert "someone-else" not in page
    found = business_unit_client.get(reverse("login_chooser:choose_results") + "?q=smith@")
    assert "jsmith" in found.content.decode()
    assert "someone-else" not in found.content.decode()

    response = fill_and_submit(business_unit_client, url, user=login.pk)

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == login


def test_logins_are_not_listed_to_whoever_may_not_change_people(client):
    editor = UserFactory(username="page-editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get(reverse("login_chooser:choose_results") + "?q=page")

    # Wagtail answers a refused admin page by sending the user back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "page-editor" not in response.content.decode()


def test_a_terms_seat_is_chosen_among_the_seats_of_the_body_chosen_beside_it(
    business_unit_client,
):
    ours = SeatFactory(title="Police — Director level")
    theirs = SeatFactory(title="Police — Director level")

    form_page = business_unit_client.get(reverse("term:add") + f"?body={ours.body.pk}")
    listed = business_unit_client.get(
        reverse("seat_chooser:choose_results"), {"body": ours.body.pk}
    ).content.decode()

    assert '"linkedFields": {"body": "#id_body"}' in form_page.content.decode()
    assert reverse("seat_chooser:chosen", args=[ours.pk]) in listed
    assert reverse("seat_chooser:chosen", args=[theirs.pk]) not in listed


def test_a_business_unit_chooses_among_the_logins_of_people_it_keeps(client):
    from tests.partnerships import manager_of, second_partnership

    adults = second_partnership()
    ours = PersonFactory(partnership=adults)
    theirs = PersonFactory()
    theirs.user = UserFactory(username="kent-smith", email="kent.smith@example.org")
    theirs.save()
    manager_of(theirs.partnership, username="kent-manager")
    UserFactory(username="new-smith", email="new.smith@example.org")
    client.force_login(manager_of(adults))

    found = client.get(reverse("login_chooser:choose_results") + "?q=smith").content.decode()

    assert "new-smith" in found
    assert "kent-smith" not in found
    assert (
        "kent-manager"
        not in client.get(reverse("login_chooser:choose_results") + "?q=kent").content.decode()
    )
    response = fill_and_submit(client, reverse("person:edit", args=[ours.pk]), user=theirs.user.pk)
    assert response.status_code == 200
    assert "belongs to a partnership you do not run" in response.content.decode()
    assert Person.objects.get(pk=ours.pk).user_id is None
