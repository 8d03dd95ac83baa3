import pytest

from django.core.exceptions import ValidationError

from membership import services
from membership.models import Person
from tests.membership.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_email_address_belongs_to_one_person_whatever_its_case():
    PersonFactory(email="nicola.brennan@kent.police.uk")

    with pytest.raises(ValidationError, match="already has this email address"):
        services.person_save(
            actor=None,
            person=Person(
                given_name="N", family_name="Brennan", email="Nicola.Brennan@Kent.Police.uk"
            ),
        )

    assert Person.objects.count() == 1


def test_many_people_may_have_no_email_address():
    services.person_save(actor=None, person=Person(given_name="A", family_name="One"))
    services.person_save(actor=None, person=Person(given_name="B", family_name="Two"))

    assert Person.objects.filter(email="").count() == 2
