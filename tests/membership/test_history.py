"""Every change keeps who made it, when and why (django-simple-history), on every path, and
the admin shows each record's history field by field."""

import datetime

import pytest

from django.urls import reverse

from membership import services
from membership.models import (
    Body,
    Membership,
    Organisation,
    RepresentationRequirement,
    Role,
    Seat,
    Sector,
)
from tests.admin_forms import admin_form, fill_and_submit, submit
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def latest(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


# --- Through the services -------------------------------------------------------------------


def test_body_save_records_the_actor_and_reason(business_unit_user):
    body = BodyFactory(name="Executive")
    body.name = "Executive Group"

    services.body_save(actor=business_unit_user, body=body, reason="Renamed at the AGM")

    record = latest(body)
    assert (record.history_type, record.name) == ("~", "Executive Group")
    assert record.history_user == business_unit_user
    assert record.history_change_reason == "Renamed at the AGM"
    assert record.prev_record.name == "Executive"


def test_body_save_records_the_actor_on_each_inline_record_it_commits(business_unit_user):
    body = BodyFactory()
    seat = SeatFactory.build(body=body, organisation=OrganisationFactory())
    membership = MembershipFactory.build(
        body=body, person=PersonFactory(), organisation=OrganisationFactory()
    )
    body.seats.add(seat)
    body.memberships.add(membership)

    services.body_save(actor=business_unit_user, body=body, reason="New seats for 2011")

    for record in (latest(seat), latest(membership)):
        assert record.history_type == "+"
        assert record.history_user == business_unit_user
        assert record.history_change_reason == "New seats for 2011"


def test_seat_and_requirement_services_record_the_actor_and_reason(business_unit_user):
    body = BodyFactory()
    seat = services.seat_save(
        actor=business_unit_user,
        seat=Seat(body=body, title="Police — Director level"),
        reason="Terms of reference, 2011",
    )
    requirement = services.requirement_save(
        actor=business_unit_user,
        requirement=RepresentationRequirement(body=body, sector=SectorFactory(), minimum=2),
        reason="Statutory guidance",
    )
    for record, reason in (
        (latest(seat), "Terms of reference, 2011"),
        (latest(requirement), "Statutory guidance"),
    ):
        assert (record.history_type, record.history_user) == ("+", business_unit_user)
        assert record.history_change_reason == reason

    seat_id, requirement_id = seat.pk, requirement.pk
    services.seat_remove(actor=business_unit_user, seat=seat, reason="Seat merged")
    services.requirement_remove(actor=business_unit_user, requirement=requirement)

    removed = Seat.history.filter(id=seat_id).order_by("-history_id").first()
    assert (removed.history_type, removed.history_change_reason) == ("-", "Seat merged")
    gone = RepresentationRequirement.history.filter(id=requirement_id).order_by("-history_id")
    assert (gone.first().history_type, gone.first().history_user) == ("-", business_unit_user)
    assert not body.seats.exists() and not body.requirements.exists()


def test_membership_save_records_the_actor_and_reason(business_unit_user):
    membership = MembershipFactory(job_title="Director")
    membership.job_title = "Chief Executive"

    services.membership_save(
        actor=business_unit_user, membership=membership, reason="New title from April"
    )

    record = latest(membership)
    assert (record.history_type, record.job_title) == ("~", "Chief Executive")
    assert record.history_user == business_unit_user
    assert record.history_change_reason == "New title from April"


def test_membership_start_and_end_record_the_actor_and_reason(business_unit_user):
    membership = services.membership_start(
        actor=business_unit_user,
        person=PersonFactory(),
        body=BodyFactory(),
        role=Role.CHAIR,
        start_date=D(2011, 4, 1),
        reason="Appointed by the Board on 28 March 2011",
    )
    created = latest(membership)
    assert (created.history_type, created.history_user) == ("+", business_unit_user)
    assert created.history_change_reason == "Appointed by the Board on 28 March 2011"

    clerk = UserFactory()
    services.membership_end(
        actor=clerk, membership=membership, end_date=D(2013, 3, 31), reason="Retired"
    )

    ended = latest(membership)
    assert (ended.history_type, ended.end_date) == ("~", D(2013, 3, 31))
    assert (ended.history_user, ended.history_change_reason) == (clerk, "Retired")
    assert ended.prev_record.end_date is None


def test_seat_handover_records_both_terms_with_the_actor(business_unit_user):
    seat = SeatFactory()
    outgoing = MembershipFactory(body=seat.body, seat=seat, start_date=D(2011, 4, 1))

    incoming = services.hand_over_seat(
        actor=business_unit_user,
        seat=seat,
        incoming_person=PersonFactory(),
        on_date=D(2013, 9, 1),
        reason="Police restructure",
    )

    for record in (latest(outgoing), latest(incoming)):
        assert record.history_user == business_unit_user
        assert record.history_change_reason == "Police restructure"
    assert latest(outgoing).end_date == D(2013, 8, 31)


def test_person_services_record_the_actor_and_reason(business_unit_user):
    person = PersonFactory(family_name="Smith")
    person.family_name = "Smyth"
    services.person_save(actor=business_unit_user, person=person, reason="Name corrected")

    assert latest(person).history_user == business_unit_user
    assert latest(person).history_change_reason == "Name corrected"

    login = UserFactory()
    services.person_link_login(actor=business_unit_user, person=person, user=login)

    record = latest(person)
    assert (record.user_id, record.history_change_reason) == (login.pk, "Login linked")
    assert record.history_user == business_unit_user


def test_a_change_without_an_actor_is_recorded_as_the_system():
    person = PersonFactory()
    person.phone = "01632 960000"

    services.person_save(actor=None, person=person, reason="Nightly import")

    record = latest(person)
    assert record.history_user is None
    assert record.history_change_reason == "Nightly import"


def test_a_refused_change_writes_no_history(business_unit_user):
    body = BodyFactory()
    MembershipFactory(body=body, role=Role.CHAIR, start_date=D(2011, 4, 1))
    before = Membership.history.count()

    with pytest.raises(Exception, match="one chair at a time"):
        services.membership_start(
            actor=business_unit_user,
            person=PersonFactory(),
            body=body,
            role=Role.CHAIR,
            start_date=D(2012, 4, 1),
        )

    assert Membership.history.count() == before


# --- Through the admin ----------------------------------------------------------------------


def test_admin_edit_of_a_body_records_the_signed_in_user(business_unit_client, business_unit_user):
    body = BodyFactory(name="Health Subgroup")
    url = reverse("body:edit", args=[body.pk])
    form = admin_form(business_unit_client, url)
    form["name"] = "Health and Wellbeing Subgroup"

    response = submit(business_unit_client, url, form)

    assert response.status_code == 302
    record = latest(body)
    assert (record.history_type, record.name) == ("~", "Health and Wellbeing Subgroup")
    assert record.history_user == business_unit_user


def test_admin_create_of_a_body_records_the_signed_in_user(
    business_unit_client, business_unit_user
):
    form = admin_form(business_unit_client, reverse("body:add"))
    form["name"] = "Exploitation Subgroup"
    form["slug"] = "exploitation"

    response = submit(business_unit_client, reverse("body:add"), form)

    assert response.status_code == 302
    record = latest(Body.objects.get(slug="exploitation"))
    assert (record.history_type, record.history_user) == ("+", business_unit_user)


def test_admin_create_of_a_sector_and_an_organisation_records_the_signed_in_user(
    business_unit_client, business_unit_user
):
    form = admin_form(business_unit_client, reverse("sector:add"))
    form["name"], form["slug"] = "Probation", "probation"
    assert submit(business_unit_client, reverse("sector:add"), form).status_code == 302
    sector = Sector.objects.get(slug="probation")
    form = admin_form(business_unit_client, reverse("organisation:add"))
    form["name"], form["sector"] = "Probation Service", sector.pk

    assert submit(business_unit_client, reverse("organisation:add"), form).status_code == 302

    organisation = Organisation.objects.get(name="Probation Service")
    for record in (latest(sector), latest(organisation)):
        assert (record.history_type, record.history_user) == ("+", business_unit_user)


def test_membership_added_from_a_body_has_a_history_row(business_unit_client, business_unit_user):
    body = BodyFactory()
    person = PersonFactory()

    response = fill_and_submit(
        business_unit_client,
        reverse("term:add") + f"?body={body.pk}",
        person=person.pk,
        role=Role.VICE_CHAIR,
        job_title="Head of Safeguarding",
        start_date="2011-04-01",
    )

    assert response.status_code == 302
    membership = Membership.objects.get(body=body, person=person)
    [record] = membership.history.all()
    assert (record.history_type, record.role_id) == ("+", Role.VICE_CHAIR)
    assert record.job_title == "Head of Safeguarding"
    assert record.history_user == business_unit_user
    assert record.body_id == body.pk


def test_membership_edited_in_its_form_records_the_old_and_new_end_date(
    business_unit_client, business_unit_user
):
    membership = MembershipFactory(start_date=D(2011, 4, 1))
    url = reverse("term:edit", args=[membership.pk])

    assert fill_and_submit(business_unit_client, url, end_date="2012-03-31").status_code == 302

    record = latest(membership)
    assert record.history_user == business_unit_user
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("end_date", None, D(2012, 3, 31))]


def test_admin_history_of_a_person_shows_who_changed_what_from_and_to(
    business_unit_client, business_unit_user
):
    person = PersonFactory(given_name="Alex", family_name="Smith")
    url = reverse("person:edit", args=[person.pk])
    form = admin_form(business_unit_client, url)
    form["family_name"] = "Smyth"
    assert submit(business_unit_client, url, form).status_code == 302

    response = business_unit_client.get(reverse("person:history", args=[person.pk]))

    assert response.status_code == 200
    [changed, created] = response.context["versions"]
    assert (changed["kind"], created["kind"]) == ("Changed", "Created")
    assert changed["record"].history_user == business_unit_user
    assert changed["changes"] == [{"field": "family name", "old": "Smith", "new": "Smyth"}]
    page = response.content.decode()
    assert "History of Alex Smyth" in page
    assert business_unit_user.username in page
    assert "<del>Smith</del> → <ins>Smyth</ins>" in page


def test_admin_history_of_a_body_shows_who_changed_what_and_why(
    business_unit_client, business_unit_user
):
    body = BodyFactory(name="Policy Subgroup", meeting_frequency="Monthly")
    body.meeting_frequency = "Bimonthly"
    services.body_save(actor=business_unit_user, body=body, reason="Fewer meetings in 2012")

    response = business_unit_client.get(reverse("body:history", args=[body.pk]))

    page = response.content.decode()
    assert "<del>Monthly</del> → <ins>Bimonthly</ins>" in page
    assert "Fewer meetings in 2012" in page
    assert business_unit_user.username in page


def test_a_change_of_quorum_sectors_in_the_admin_is_one_history_row_shown_by_name(
    business_unit_client, business_unit_user
):
    health, police = SectorFactory(name="Health"), SectorFactory(name="Police")
    body = BodyFactory(name="Executive")
    body.quorum_sectors.set([health])
    body.save()
    url = reverse("body:edit", args=[body.pk])
    rows_before = body.history.count()
    form = admin_form(business_unit_client, url)
    form["quorum_sectors"] = [health.pk, police.pk]

    assert submit(business_unit_client, url, form).status_code == 302

    assert body.history.count() == rows_before + 1
    record = latest(body)
    assert record.history_user == business_unit_user
    assert sorted(row.sector.name for row in record.quorum_sectors.all()) == ["Health", "Police"]
    page = business_unit_client.get(reverse("body:history", args=[body.pk])).content.decode()
    assert "<del>Health</del> → <ins>Health, Police</ins>" in page


def test_admin_history_shows_changes_made_without_a_user_as_the_system(business_unit_client):
    person = PersonFactory(phone="")
    person.phone = "01632 960000"
    services.person_save(actor=None, person=person)

    page = business_unit_client.get(reverse("person:history", args=[person.pk])).content
    page = page.decode()

    assert "System" in page
    assert "<del>(empty)</del> → <ins>01632 960000</ins>" in page
