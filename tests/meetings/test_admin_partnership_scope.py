"""The access log in a business unit's admin holds who opened its own partnerships' papers
and packs: another partnership's entries and readers are not listed, nor offered as
filters, and an entry of theirs is not found by its address."""

import pytest

from django.urls import reverse

from meetings.models import AccessLogEntry
from meetings.models.access_log import PackViewChoice
from membership.models import default_partnership
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory, UserFactory
from tests.partnerships import manager_of, second_partnership

pytestmark = pytest.mark.django_db


def test_the_access_log_holds_the_managers_partnerships_entries_alone(client):
    a, b = default_partnership(), second_partnership()
    entries = {}
    for key, partnership in (("a", a), ("b", b)):
        meeting = MeetingFactory(body=BodyFactory(name=f"{key} group", partnership=partnership))
        entries[key] = AccessLogEntry.objects.create(
            user=UserFactory(username=f"reader-of-{key}"),
            meeting=meeting,
            pack_view=PackViewChoice.RESTRICTED,
            restricted=True,
        )
    client.force_login(manager_of(b))

    listing = client.get(reverse("accesslogentry:index")).content.decode()

    assert "reader-of-b" in listing
    assert "reader-of-a" not in listing
    inspect = reverse("accesslogentry:inspect", args=(entries["a"].pk,))
    assert client.get(inspect).status_code == 404
    ours = reverse("accesslogentry:inspect", args=(entries["b"].pk,))
    assert client.get(ours).status_code == 200
