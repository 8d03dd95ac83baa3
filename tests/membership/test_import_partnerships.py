"""The memberships import with several partnerships: a business unit imports into its own
bodies only, a body name two of its partnerships share needs the partnership's code, and a
person the file adds is kept by the partnership of the body they join."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from membership.models import Membership, Person
from tests.membership.factories import BodyFactory
from tests.partnerships import manager_of, second_partnership

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("membership-import:index")
HEADER = "body,given_name,family_name,email,role,start_date\n"


def _import(client, rows: str):
    upload = SimpleUploadedFile("members.csv", (HEADER + rows).encode(), content_type="text/csv")
    return client.post(IMPORT_URL, {"file": upload})


def _problems(response) -> list[str]:
    return [problem.message for problem in response.context["result"].problems]


@pytest.fixture
def adults():
    return second_partnership()


def test_a_business_unit_cannot_import_into_another_partnerships_body(client, adults):
    BodyFactory(name="Quality Assurance Subgroup", slug="qa")
    client.force_login(manager_of(adults))

    response = _import(client, "qa,Ann,Lee,ann@example.org,member,2026-01-05\n")

    assert any("No body is called" in message for message in _problems(response))
    assert not Membership.objects.exists()


def test_a_name_two_partnerships_share_needs_the_code_and_the_person_joins_that_partnership(
    client, adults
):
    BodyFactory(name="Quality Assurance Subgroup", slug="qa")
    BodyFactory(name="Quality Assurance Subgroup", slug="qa", partnership=adults)
    client.force_login(manager_of(adults, adults.__class__.objects.get(is_default=True)))

    refused = _import(client, "Quality Assurance Subgroup,Ann,Lee,ann@ex.org,member,2026-01-05\n")
    assert any("SAB:qa" in message for message in _problems(refused))
    assert not Membership.objects.exists()

    _import(client, "SAB:qa,Ann,Lee,ann@example.org,member,2026-01-05\n")

    membership = Membership.objects.get()
    assert membership.body.partnership == adults
    assert Person.objects.get(email="ann@example.org").partnership == adults
