"""Searching the admin's listings finds the right rows, on PostgreSQL and on SQLite (the
demo's database): run this file with DATABASE_URL=sqlite:///… to see the latter."""

import pytest

from django.urls import reverse

from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.search.index import class_is_indexed

from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, business_unit_user):
    client.force_login(business_unit_user)
    return client


def listing(admin_client, path: str, query: str) -> str:
    response = admin_client.get(path, {"q": query})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_people_are_found_by_part_of_a_name_or_an_email_address(admin_client):
    lovelace = PersonFactory(
        given_name="Ada", family_name="Lovelace", email="ada.lovelace@kent.police.uk"
    )
    babbage = PersonFactory(
        given_name="Charles", family_name="Babbage", email="charles@medway.gov.uk"
    )

    for query in ("Lovel", "ada", "kent.police", "Ada Lovelace", '"ada.lovelace@kent"'):
        page = listing(admin_client, "/admin/person/", query)
        assert f"/admin/person/edit/{lovelace.pk}/" in page, query
        assert f"/admin/person/edit/{babbage.pk}/" not in page, query


def test_organisations_are_found_by_name_or_short_name(admin_client):
    police = OrganisationFactory(name="Kent Police", short_name="KP")
    council = OrganisationFactory(name="Medway Council", short_name="MC")

    for query, found, other in (("Medway", council, police), ("KP", police, council)):
        page = listing(admin_client, "/admin/organisation/", query)
        assert f"/admin/organisation/edit/{found.pk}/" in page, query
        assert f"/admin/organisation/edit/{other.pk}/" not in page, query


def test_bodies_are_found_by_name_or_purpose(admin_client):
    review = BodyFactory(name="Serious Case Review Subgroup", purpose="Commissions reviews.")
    executive = BodyFactory(name="KSCB Executive", purpose="Runs the partnership day to day.")

    for query, found, other in (("serious case", review, executive), ("day to", executive, review)):
        page = listing(admin_client, "/admin/body/", query)
        assert f"/admin/body/edit/{found.pk}/" in page, query
        assert f"/admin/body/edit/{other.pk}/" not in page, query


def searchable_listings() -> list[ModelViewSet]:
    reverse("wagtailadmin_home")  # loading the admin's URLs registers its viewsets
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and (
            class_is_indexed(viewset.model)
            or viewset.search_fields not in (None, ModelViewSet.UNDEFINED)
        )
    ]


def test_every_searchable_admin_listing_answers_a_search(admin_client):
    # A row in each indexed table: SQLite refused the search only where there was one.
    PersonFactory(given_name="Kent")
    OrganisationFactory(name="Kent Police")
    BodyFactory(name="Kent Board 2012")
    listings = searchable_listings()
    assert {viewset.model._meta.model_name for viewset in listings} >= {
        "person",
        "organisation",
        "body",
        "meeting",
        "decision",
    }
    for viewset in listings:
        listing(admin_client, reverse(viewset.get_url_name("index")), "Kent 2012")
