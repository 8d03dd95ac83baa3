"""Two clerks editing the same body cannot silently overwrite each other, memberships are
ended rather than deleted, and saving a body leaves history only for what changed."""

import datetime

import pytest

from django.urls import reverse

from membership import services
from membership.models import Body, Membership
from tests.admin_forms import admin_form, fill_and_submit, submit
from tests.membership.factories import BodyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def edit_url(body):
    return reverse("body:edit", args=[body.pk])


def test_a_stale_form_is_refused_and_the_other_change_kept(business_unit_client):
    membership = MembershipFactory(start_date=D(2011, 4, 1))
    body = membership.body
    stale = admin_form(business_unit_client, edit_url(body))  # the first clerk opens the form
    colleague = UserFactory(username="colleague")
    services.membership_end(actor=colleague, membership=membership, end_date=D(2012, 3, 31))
    stale["purpose"] = "A purpose typed over the colleague's change"

    response = submit(business_unit_client, edit_url(body), stale)

    page = response.content.decode()
    assert response.status_code == 200
    assert "colleague changed this record" in page
    assert "your changes have not been saved" in page
    membership.refresh_from_db()
    body.refresh_from_db()
    assert membership.end_date == D(2012, 3, 31)
    assert body.purpose != "A purpose typed over the colleague's change"


def test_after_the_warning_saving_again_is_a_deliberate_choice(business_unit_client):
    body = BodyFactory()
    stale = admin_form(business_unit_client, edit_url(body))
    body.name = "Renamed by a colleague"
    services.body_save(actor=UserFactory(username="colleague"), body=body)
    submit(business_unit_client, edit_url(body), stale)  # refused, with the warning

    fresh = admin_form(business_unit_client, edit_url(body))
    fresh["purpose"] = "Checked and saved again"
    response = submit(business_unit_client, edit_url(body), fresh)

    assert response.status_code == 302
    body.refresh_from_db()
    assert body.purpose == "Checked and saved again"


def test_a_form_that_fails_validation_still_detects_a_later_change(business_unit_client):
    body = BodyFactory()
    form = admin_form(business_unit_client, edit_url(body))
    form["name"] = ""
    submit(business_unit_client, edit_url(body), form)  # re-rendered with "name" required
    body.purpose = "Changed meanwhile"
    services.body_save(actor=UserFactory(username="colleague"), body=body)

    form["name"] = "Corrected name"
    response = submit(business_unit_client, edit_url(body), form)

    assert "colleague changed this record" in response.content.decode()
    assert Body.objects.get(pk=body.pk).purpose == "Changed meanwhile"


def test_deleting_a_membership_in_the_admin_is_refused(business_unit_client):
    membership = MembershipFactory()

    response = business_unit_client.post(reverse("term:delete", args=[membership.pk]))

    assert "give the term an end date instead" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_saving_a_body_records_history_only_for_the_rows_that_changed(business_unit_client):
    changed = MembershipFactory()
    untouched = MembershipFactory(body=changed.body)
    response = fill_and_submit(
        business_unit_client, reverse("term:edit", args=[changed.pk]), job_title="Chief"
    )

    assert response.status_code == 302
    assert changed.history.count() == 2
    assert untouched.history.count() == 1
