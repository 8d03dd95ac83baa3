"""The business unit looks at written resolutions in the admin, across the bodies of the
partnerships it runs, and neither adds nor edits them there (they are circulated and voted
on on the site); another partnership's business unit does not see them."""

from __future__ import annotations

import datetime

import pytest

from django.test import Client
from django.utils import timezone

from governance.models import Resolution, Threshold
from governance.services.resolutions import resolution_circulate
from tests.membership.factories import BodyFactory
from tests.partnerships import manager_of, second_partnership

from .factories import business_unit, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution():
    body = BodyFactory(name="KSCB Executive", short_name="EXEC")
    member_of(body)
    circulated, _tokens = resolution_circulate(
        actor=None,
        body=body,
        title="Adopt the escalation protocol",
        text="The Executive adopts the escalation protocol.",
        deadline=timezone.now() + datetime.timedelta(days=3),
        threshold=Threshold.MAJORITY,
    )
    return circulated


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_business_unit_lists_and_inspects_resolutions_but_does_not_edit_them(resolution):
    client = _client(business_unit())
    listing = client.get("/admin/resolution/")
    assert listing.status_code == 200
    assert "Adopt the escalation protocol" in listing.content.decode()
    inspect = client.get(f"/admin/resolution/inspect/{resolution.pk}/")
    assert inspect.status_code == 200
    assert "The Executive adopts the escalation protocol." in inspect.content.decode()
    for url in ("/admin/resolution/add/", f"/admin/resolution/edit/{resolution.pk}/"):
        assert client.get(url).status_code in (302, 403, 404), url
    changed = client.post(f"/admin/resolution/edit/{resolution.pk}/", {"title": "Changed"})
    assert changed.status_code in (302, 403, 404)
    assert Resolution.objects.get().title == "Adopt the escalation protocol"


def test_another_partnerships_business_unit_does_not_see_them(resolution):
    stranger = _client(manager_of(second_partnership(), username="stranger"))
    listing = stranger.get("/admin/resolution/")
    assert listing.status_code == 200
    assert "Adopt the escalation protocol" not in listing.content.decode()
    assert stranger.get(f"/admin/resolution/inspect/{resolution.pk}/").status_code in (403, 404)
