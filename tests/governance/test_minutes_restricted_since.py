"""Approved minutes' versions, their comparison and the PDF show what each reader may see by
today's restrictions, in both directions: a decision restricted since the approval is
withdrawn from them at once, one opened up since is shown."""

import io

import pytest
from pypdf import PdfReader

from django.test import Client

from tests.admin_forms import admin_form, submit
from tests.groups import business_unit_group
from tests.membership.factories import UserFactory

from .factories import D, decision
from .minutes_factories import PUBLIC_MINUTE, PUBLIC_TITLE, approved, minutes_scene

pytestmark = pytest.mark.django_db

DECISION_TITLE = "Quarrymen contract let to the preferred bidder"


def _readable(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return response.content.decode()


def _public_copies(meeting) -> dict[str, str]:
    """What an anonymous reader gets of the approved minutes, in each copy."""
    client, base = Client(), f"/meetings/{meeting.pk}/minutes"
    urls = {
        "page": f"{base}/",
        "approved version": f"{base}/versions/4/",
        "comparison": f"{base}/compare/?a=4&b=4",
        "pdf": f"{base}.pdf",
    }
    responses = {name: client.get(url) for name, url in urls.items()}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(urls, 200)
    return {name: _readable(response) for name, response in responses.items()}


def _set_restricted(record, restricted: bool) -> None:
    """As the business unit does, in the decision's admin editor."""
    manager = UserFactory()
    manager.groups.add(business_unit_group())
    client = Client()
    client.force_login(manager)
    url = f"/admin/decision/edit/{record.pk}/"
    form = admin_form(client, url)
    if restricted:
        form["is_restricted"] = "on"
    else:
        form.data.pop("is_restricted", None)
    form["change_reason"] = "Names a provider before the contract is signed."
    response = submit(client, url, form)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize("restricted_at_approval", [True, False])
def test_a_decision_in_approved_minutes_follows_todays_restriction(restricted_at_approval):
    scene = minutes_scene()
    item = next(i for i in scene.meeting.agenda_items.all() if i.title == PUBLIC_TITLE)
    recorded = decision(
        scene.body,
        title=DECISION_TITLE,
        decided_on=D(2011, 9, 14),
        agenda_item=item,
        is_restricted=restricted_at_approval,
    )
    approved(scene)
    # The comparison lists what changed between two versions: with itself, nothing, so it
    # is checked only for not naming the decision.
    before = _public_copies(scene.meeting)
    shown_before = {name for name, text in before.items() if DECISION_TITLE in text}
    assert all(
        PUBLIC_MINUTE in " ".join(before[name].split()) for name in ("page", "approved version")
    )

    _set_restricted(recorded, not restricted_at_approval)

    after = _public_copies(scene.meeting)
    shown_after = {name for name, text in after.items() if DECISION_TITLE in text}
    everywhere = {"page", "approved version", "pdf"}
    if restricted_at_approval:
        assert (shown_before, shown_after) == (set(), everywhere)
    else:
        assert (shown_before, shown_after) == (everywhere, set())
