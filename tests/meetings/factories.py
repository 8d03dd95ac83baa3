import datetime

import factory

from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Paper,
    PaperVersion,
    Purpose,
)
from tests.membership.factories import BodyFactory, PersonFactory, UserFactory


def local(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """An aware Europe/London datetime."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))  # noqa: DTZ001


class MeetingFactory(factory.django.DjangoModelFactory):
    """Saves directly; tests of the rules go through meetings.services."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.LazyAttribute(lambda m: m.body.name)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))
    venue = "Sessions House, Maidstone"
    status = MeetingStatus.SCHEDULED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = Purpose.DISCUSSION
    sort_order = factory.Sequence(lambda n: n)
    minutes_allocated = 15


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")


class PaperVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperVersion

    paper = factory.SubFactory(PaperFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(filename="paper.pdf", data=b"%PDF-1.4 test")
    original_filename = "paper.pdf"
    size = 13
    sha256 = "0" * 64
    page_count = 4
    uploaded_by = factory.SubFactory(UserFactory)
    uploaded_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = AttendanceStatus.PRESENT
