"""Approved minutes' versions, their comparison and the PDF show what each reader may see by
today's restrictions, in both directions: a decision restricted since the approval is
withdrawn from them at once, one opened up since is shown."""

import io

import pytest
from pypdf import PdfReader

from django.test import Client

from meetings import services as meeting_services
from meetings.models import AgendaItem
from tests.admin_forms import admin_form, submit
from tests.groups import business_unit_group
from tests.membership.factories import UserFactory

from .factories import D, decision
from .minutes_factories import (
    PUBLIC_MINUTE,
    PUBLIC_TITLE,
    RESTRICTED_TITLE,
    approved,
    minutes_scene,
)

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


WITHDRAWN_TITLE = "Quarrymen placement breakdown"


def _item_editor(scene, item):
    """An agenda item's admin form, as the business unit opens it from the meeting's."""
    client = Client()
    client.force_login(scene.business_unit)
    url = f"/admin/agenda_item/edit/{item.pk}/"
    return client, url, admin_form(client, url)


def test_an_item_deleted_from_the_draft_after_publication_stays_out_of_the_public_minutes():
    """The minutes start from the published agenda, which still lists an item the clerk has
    since deleted from the draft: like the agenda pages, the minutes count it restricted."""
    scene = minutes_scene()
    meeting_services.agenda_item_add(
        actor=scene.business_unit, meeting=scene.meeting, title=WITHDRAWN_TITLE
    )
    meeting_services.agenda_publish(
        actor=scene.business_unit, meeting=scene.meeting, published_at=scene.meeting.start
    )
    withdrawn = AgendaItem.objects.get(meeting=scene.meeting, title=WITHDRAWN_TITLE)
    client, url, _form = _item_editor(scene, withdrawn)
    assert client.post(f"/admin/agenda_item/delete/{withdrawn.pk}/").status_code == 302
    assert WITHDRAWN_TITLE not in Client().get(f"/meetings/{scene.meeting.pk}/").content.decode()

    approved(scene)

    public = _public_copies(scene.meeting)
    assert all(PUBLIC_MINUTE in " ".join(public[name].split()) for name in ("page", "pdf"))
    assert {name for name, text in public.items() if WITHDRAWN_TITLE in text} == set()


def test_an_item_opened_up_after_publication_is_public_in_the_minutes_too():
    """Restricted when the agenda was published, opened up in the draft since: the agenda
    pages show it to everyone, and so do the minutes, whatever the version they started
    from said."""
    scene = minutes_scene()
    approved(scene)
    item = AgendaItem.objects.get(meeting=scene.meeting, title=RESTRICTED_TITLE)
    assert RESTRICTED_TITLE not in _public_copies(scene.meeting)["page"]

    client, url, form = _item_editor(scene, item)
    form.data.pop("is_restricted")
    assert submit(client, url, form).status_code == 302
    assert RESTRICTED_TITLE in Client().get(f"/meetings/{scene.meeting.pk}/").content.decode()

    public = _public_copies(scene.meeting)
    assert {name for name, text in public.items() if RESTRICTED_TITLE in text} == {
        "page",
        "approved version",
        "pdf",
    }
