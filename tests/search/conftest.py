"""A body with a published meeting whose papers say known words, the five kinds of reader,
and a way to search as each of them."""

from __future__ import annotations

import datetime
import re

import pytest

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from meetings import services
from meetings.papers import services as paper_services
from membership.models import Role
from tests.groups import business_unit_group
from tests.meetings.paper_factories import AgendaItemFactory, MeetingFactory, make_pdf, upload
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

SECRET = "Zanzibarite"


@pytest.fixture
def body(db):
    return BodyFactory(name="Safeguarding Children Board Executive", short_name="Exec")


@pytest.fixture
def other_body(db):
    return BodyFactory(name="Health Subgroup", short_name="Health")


def _user_on(body, username: str, **kw):
    user = UserFactory(username=username)
    MembershipFactory(body=body, person=PersonFactory(user=user), **kw)
    return user


@pytest.fixture
def readers(body, other_body):
    business_unit = UserFactory(username="manager")
    business_unit.groups.add(business_unit_group())
    return {
        "anonymous": AnonymousUser(),
        "other_body_member": _user_on(other_body, "outsider"),
        "member": _user_on(body, "member"),
        "former_member": _user_on(
            body,
            "former",
            start_date=datetime.date(2009, 4, 1),
            end_date=datetime.date(2011, 3, 31),
        ),
        "chair": _user_on(body, "chair", role=Role.CHAIR),
        "business_unit": business_unit,
    }


def table_paper(item, title: str, text: str, *, actor, restricted: bool = False):
    """A paper through the service, its text extracted by the task the upload queues."""
    return paper_services.paper_create(
        actor=actor,
        agenda_item=item,
        title=title,
        file=upload(make_pdf(pages=1, text=text)),
        is_restricted=restricted,
    )


@pytest.fixture
def published_meeting(body, readers, django_capture_on_commit_callbacks):
    clerk = readers["business_unit"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(body=body, title="Executive")
        public = AgendaItemFactory(meeting=meeting, title="Thresholds review", sort_order=1)
        private = AgendaItemFactory(
            meeting=meeting, title="Case review of Child K", sort_order=2, is_restricted=True
        )
        table_paper(
            public, "Thresholds audit", "Audit of thresholds and CAFs in East Kent", actor=clerk
        )
        table_paper(
            public, "Confidential annex", f"The {SECRET} annex", actor=clerk, restricted=True
        )
        table_paper(private, "Child K chronology", "Chronology of the family", actor=clerk)
        services.agenda_publish(actor=clerk, meeting=meeting)
    return meeting


def client_as(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def titles(response) -> list[str]:
    """The result titles on a search page, highlights taken out, in order."""
    html = response.content.decode()
    found = re.findall(r'<li class="search-result">\s*<h3><a href="[^"]*">(.*?)</a></h3>', html)
    return [re.sub(r"</?mark>", "", title) for title in found]
