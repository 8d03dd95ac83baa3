"""The access log in a business unit's admin holds who opened its own partnerships' papers
and packs: another partnership's entries and readers are not listed, nor offered as
filters, and an entry of theirs is not found by its address."""

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse

from meetings.models import AccessLogEntry
from meetings.models.access_log import PackViewChoice
from membership.models import default_partnership
from tests.meetings.factories import MeetingFactory
from tests.membership.factories import BodyFactory, UserFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

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


def test_someone_with_admin_permissions_outside_a_business_unit_sees_the_sites_partnership(
    client,
):
    """Given rights without a business unit, a user works on the partnership whose site
    they are on: never every partnership's records at once."""
    b = second_partnership()
    MeetingFactory(title="Children Subgroup Meeting", body=BodyFactory(name="Children group"))
    MeetingFactory(
        title="Adults Subgroup Meeting", body=BodyFactory(name="Adults group", partnership=b)
    )
    editor = UserFactory(username="meetings-only")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_meeting", "view_meeting"])
    )
    client.force_login(editor)

    on_children = client.get(reverse("meeting:index")).content.decode()
    on_adults = client.get(reverse("meeting:index"), HTTP_HOST=ADULTS_HOST).content.decode()

    assert "Children Subgroup Meeting" in on_children
    assert "Adults Subgroup Meeting" not in on_children
    assert "Adults Subgroup Meeting" in on_adults
    assert "Children Subgroup Meeting" not in on_adults
