"""The admin lists the minutes and where they stand; they are written in the editor, so the
admin offers no adding, editing or deleting, for superusers neither."""

import pytest

from django.urls import reverse

from governance.models import MinutesStatus
from tests.membership.factories import UserFactory

from .minutes_factories import PUBLIC_MINUTE, approved, minutes_scene

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["business unit", "superuser"])
def test_the_admin_lists_minutes_read_only(client, who):
    scene = minutes_scene()
    minutes = approved(scene)
    user = scene.business_unit if who == "business unit" else UserFactory(is_superuser=True)
    client.force_login(user)

    home = client.get("/admin/").content.decode()
    listing = client.get(reverse("minutes:index"))
    inspect = client.get(reverse("minutes:inspect", args=[minutes.pk]))
    edit = client.get(reverse("minutes:edit", args=[minutes.pk]))
    posted = client.post(reverse("minutes:edit", args=[minutes.pk]), {"status": "draft"})
    add = client.get(reverse("minutes:add"))
    delete = client.post(reverse("minutes:delete", args=[minutes.pk]))

    assert "Minutes" in home
    assert listing.status_code == inspect.status_code == 200
    html = listing.content.decode()
    assert "Minutes of Kent Safeguarding Children Board, 15 July 2011" in html
    assert "Approved" in html and reverse("minutes:edit", args=[minutes.pk]) not in html
    assert reverse("minutes:add") not in html
    # Wagtail sends a refused admin user back to the dashboard with a message.
    assert all(r.status_code in (302, 403) for r in (edit, posted, add, delete))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.items.get(number="3").text == PUBLIC_MINUTE
