"""The body editor and the membership pages read in the same number of queries whether a
body has had 10 terms or 1,000 (or 10 seats or 1,000) and the partnership holds 10 people
or logins or 1,000."""

import datetime

import pytest

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from membership.models import (
    Membership,
    Person,
    RepresentationRequirement,
    Seat,
    default_partnership,
)
from tests.membership.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1000


def measure(client, url) -> tuple[int, str]:
    client.get(url)  # warm what is kept per process (content types, sites, permissions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def past_terms(body, count: int) -> None:
    """`count` people, each with a term on the body that ended years ago."""
    people = Person.objects.bulk_create(
        Person(
            given_name="Given",
            family_name=f"Past {n}",
            email=f"past{n}@example.org",
            partnership=default_partnership(),
        )
        for n in range(Person.objects.count(), Person.objects.count() + count)
    )
    Membership.objects.bulk_create(
        Membership(
            body=body,
            person=person,
            start_date=datetime.date(2001, 4, 1),
            end_date=datetime.date(2003, 3, 31),
            job_title="Director",
        )
        for person in people
    )


@pytest.fixture
def body():
    seat = SeatFactory()
    for _ in range(3):
        MembershipFactory(body=seat.body)
    MembershipFactory(body=seat.body, seat=seat)
    return seat.body


@pytest.mark.parametrize(
    "page",
    [
        "/admin/body/edit/{body}/",
        "/admin/term/?body={body}&term=ended",
        "/admin/term/",
        "/admin/term/new/?body={body}",
        "/admin/person/",
        "/admin/body/",
    ],
)
def test_membership_pages_read_the_same_queries_for_10_or_1000_terms(
    business_unit_client, body, page
):
    url = page.format(body=body.pk)
    past_terms(body, FEW)
    few, html = measure(business_unit_client, url)
    options = html.count("<option")

    past_terms(body, MANY - FEW)
    many, html = measure(business_unit_client, url)

    assert many == few
    assert html.count("<option") == options


def many_seats(body, count: int) -> None:
    """`count` more seats on the body, each with a sector and an agency (the selects an
    inline seat form carried)."""
    sector, organisation = SectorFactory(), OrganisationFactory()
    start = body.seats.count()
    Seat.objects.bulk_create(
        Seat(body=body, title=f"Place {n}", sector=sector, organisation=organisation)
        for n in range(start, start + count)
    )
    RepresentationRequirement.objects.bulk_create(
        RepresentationRequirement(body=body, sector=SectorFactory()) for _ in range(count // 10)
    )


def test_the_body_editor_reads_the_same_queries_for_10_or_1000_seats(business_unit_client, body):
    url = f"/admin/body/edit/{body.pk}/"
    many_seats(body, FEW)
    few, html = measure(business_unit_client, url)
    options = html.count("<option")

    many_seats(body, MANY - FEW)
    many, html = measure(business_unit_client, url)

    assert many == few
    assert html.count("<option") == options
    assert "Place 1000" in html


@pytest.mark.parametrize("page", ["/admin/person/edit/{person}/", "/admin/seat/edit/{seat}/"])
def test_a_persons_and_a_seats_forms_read_the_same_queries_for_10_or_1000_logins(
    business_unit_client, body, page
):
    url = page.format(person=PersonFactory().pk, seat=body.seats.first().pk)
    User.objects.bulk_create(User(username=f"login{n}") for n in range(FEW))
    few, html = measure(business_unit_client, url)
    options = html.count("<option")

    User.objects.bulk_create(User(username=f"login{n}") for n in range(FEW, MANY))
    many, html = measure(business_unit_client, url)

    assert many == few
    assert html.count("<option") == options


def test_the_body_editor_lists_current_terms_and_links_to_the_past(business_unit_client, body):
    past_terms(body, FEW)
    current = body.memberships.filter(end_date__isnull=True).first()
    ended = body.memberships.filter(end_date__isnull=False).first()

    _count, html = measure(business_unit_client, f"/admin/body/edit/{body.pk}/")

    assert f"/admin/term/edit/{current.pk}/" in html
    assert f"/admin/term/edit/{ended.pk}/" not in html
    assert f"/admin/term/?body={body.pk}&amp;term=ended" in html
    listing = business_unit_client.get(f"/admin/term/?body={body.pk}&term=ended")
    assert f"/admin/term/edit/{ended.pk}/" in listing.content.decode()
    assert f"/admin/term/edit/{current.pk}/" not in listing.content.decode()


def test_the_seat_chooser_of_a_body_reads_the_same_queries_for_10_or_1000_seats(
    business_unit_client, body
):
    url = f"/admin/seat_chooser/results/?body={body.pk}"
    many_seats(body, FEW)
    few, _html = measure(business_unit_client, url)

    many_seats(body, MANY - FEW)
    many_seats(SeatFactory().body, MANY)
    many, html = measure(business_unit_client, url)

    assert many == few
    # The body's own seats only, not the other body's thousand.
    assert f"{body.seats.count()} seats" in html
