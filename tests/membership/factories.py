import datetime

import factory

from django.contrib.auth.models import User

from membership.models import (
    Body,
    BodyKind,
    Membership,
    Organisation,
    Person,
    RepresentationRequirement,
    Role,
    Seat,
    Sector,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("demo")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.LazyAttribute(lambda s: s.name.lower().replace(" ", "-"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.Sequence(lambda n: f"A{n}")
    sector = factory.SubFactory(SectorFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Body {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")
    kind = BodyKind.SUBGROUP
    active_from = datetime.date(2000, 1, 1)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Seat {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    sector = factory.SelfAttribute("organisation.sector")


class MembershipFactory(factory.django.DjangoModelFactory):
    """Saves directly; tests of the rules go through membership.services."""

    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
    job_title = "Director"
    start_date = datetime.date(2011, 4, 1)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # Tests name a role by its key (as the services and the import do); the seeded
        # RoleType rows are what the key points at.
        if isinstance(kwargs.get("role"), str):
            kwargs["role_id"] = kwargs.pop("role")
        return kwargs


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepresentationRequirement

    body = factory.SubFactory(BodyFactory)
    sector = factory.SubFactory(SectorFactory)
    minimum = 1
