import pytest

from governance.models import Action, Challenge, Decision, DeclarationOfInterest, Referral
from membership.models import Role
from tests.membership.factories import BodyFactory, OrganisationFactory, PersonFactory

from .factories import (
    AgendaItemFactory,
    D,
    MeetingFactory,
    at,
    business_unit,
    chair_of,
    decision,
    member_of,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    body = BodyFactory(name="KSCB Executive", short_name="EXEC")
    meeting = MeetingFactory(body=body, start=at(D(2012, 4, 18)))
    AgendaItemFactory(
        meeting=meeting, title="Minutes and matters arising", sort_order=0, number="1"
    )
    AgendaItemFactory(meeting=meeting, title="KSCB Business Plan 2012/13", sort_order=4, number="5")
    publish(meeting)
    return meeting


def _item(meeting, title="KSCB Business Plan 2012/13"):
    return meeting.agenda_items.get(title=title)


def test_the_chair_logs_a_decision_an_action_a_challenge_and_an_interest(client, meeting):
    chair = chair_of(meeting.body)
    client.force_login(chair)
    item5 = _item(meeting)
    url = f"/meetings/{meeting.pk}/log/"

    page = client.get(url)
    decided = client.post(
        url,
        {
            "form": "decision",
            "decision-agenda_item": item5.pk,
            "decision-title": "KSCB Business Plan 2012/13",
            "decision-text": "The Executive endorsed the Business Plan 2012/13.",
            "decision-decision_type": "endorsed",
        },
    )
    the_decision = Decision.objects.get()
    owner = PersonFactory()
    acted = client.post(
        url,
        {
            "form": "action",
            "action-agenda_item": item5.pk,
            "action-description": "Publish the Business Plan on the website.",
            "action-owner": owner.pk,
            "action-due_date": "2012-05-31",
            "action-decision": the_decision.pk,
        },
    )
    agency = OrganisationFactory(name="NHS Kent and Medway")
    challenged = client.post(
        url,
        {
            "form": "challenge",
            "challenge-raised_by": chair.person.pk,
            "challenge-agency": agency.pk,
            "challenge-issue": "Health data missing from the QEF quarter 3 report.",
            "challenge-evidence_kind": "data_set",
            "challenge-ask": "Supply the data by the end of May.",
            "challenge-response_due": "2012-05-31",
        },
    )
    declared = client.post(
        url,
        {
            "form": "declaration",
            "declaration-agenda_item": item5.pk,
            "declaration-person": owner.pk,
            "declaration-interest": "Employed by a provider named in the plan",
            "declaration-withdrew": "on",
        },
    )

    assert page.status_code == 200
    assert [r.status_code for r in (decided, acted, challenged, declared)] == [302] * 4
    assert the_decision.reference == "EXEC/2012/001"
    assert (the_decision.meeting, the_decision.agenda_item, the_decision.decided_on) == (
        meeting,
        item5,
        D(2012, 4, 18),
    )
    assert the_decision.history.first().history_user == chair
    logged = Action.objects.get()
    assert (logged.decision, logged.raised_on, logged.reference) == (
        the_decision,
        D(2012, 4, 18),
        "EXEC/2012/A001",
    )
    assert Challenge.objects.get().reference == "EXEC/2012/C001"
    assert DeclarationOfInterest.objects.get().withdrew is True
    after = client.get(url).content.decode()
    assert "EXEC/2012/001" in after and "EXEC/2012/A001" in after and "EXEC/2012/C001" in after
    on_decision = client.get(the_decision.get_absolute_url()).content.decode()
    assert "Employed by a provider named in the plan" in on_decision and "withdrew" in on_decision


def test_bad_console_input_is_reported_on_its_form(client, meeting):
    client.force_login(chair_of(meeting.body))
    other_item = AgendaItemFactory()

    response = client.post(
        f"/meetings/{meeting.pk}/log/",
        {
            "form": "decision",
            "decision-agenda_item": other_item.pk,
            "decision-title": "",
            "decision-text": "x",
            "decision-decision_type": "agreed",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an item of this meeting" in html and "This field is required" in html
    assert not Decision.objects.exists()


def test_a_chair_of_another_body_is_refused(client, meeting):
    client.force_login(chair_of(BodyFactory(name="Serious Case Review Subgroup")))

    page = client.get(f"/meetings/{meeting.pk}/log/")
    post = client.post(
        f"/meetings/{meeting.pk}/log/",
        {
            "form": "decision",
            "decision-title": "Sneaky",
            "decision-text": "x",
            "decision-decision_type": "agreed",
        },
    )

    assert page.status_code == post.status_code == 403
    assert "Only the chair of the KSCB Executive and the business unit" in page.content.decode()
    assert not Decision.objects.exists()


def test_a_member_who_does_not_chair_is_refused(client, meeting):
    client.force_login(member_of(meeting.body, role=Role.VICE_CHAIR))

    assert client.get(f"/meetings/{meeting.pk}/log/").status_code == 403


def test_the_business_unit_may_log_for_any_body(client, meeting):
    client.force_login(business_unit())

    assert client.get(f"/meetings/{meeting.pk}/log/").status_code == 200


def test_anonymous_readers_are_sent_to_sign_in(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/log/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_former_chair_is_refused(client, meeting):
    client.force_login(chair_of(meeting.body, start_date=D(2008, 4, 1), end_date=D(2011, 3, 31)))

    assert client.get(f"/meetings/{meeting.pk}/log/").status_code == 403


def test_the_chair_sends_an_item_on_to_another_body(client, meeting):
    board = BodyFactory(name="Kent Safeguarding Children Board")
    later = MeetingFactory(body=board, start=at(D(2012, 5, 16)))
    target = AgendaItemFactory(meeting=later, title="KSCB Business Plan 2012/13")
    AgendaItemFactory(meeting=later, title="SECRET-BOARD-ITEM", is_restricted=True)
    publish(later)
    AgendaItemFactory(
        meeting=MeetingFactory(body=board, start=at(D(2012, 1, 16))), title="EARLIER-ITEM"
    )
    client.force_login(chair_of(meeting.body))
    url = f"/meetings/{meeting.pk}/log/"

    page = client.get(url).content.decode()
    sent = client.post(
        url,
        {
            "form": "referral",
            "referral-agenda_item": _item(meeting).pk,
            "referral-to_item": target.pk,
            "referral-purpose": "decision",
            "referral-title": "KSCB Business Plan 2012/13",
        },
    )

    assert "SECRET-BOARD-ITEM" not in page  # the chair does not sit on the Board
    assert "EARLIER-ITEM" not in page
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert (referral.from_item, referral.to_item, referral.purpose) == (
        _item(meeting),
        target,
        "decision",
    )
    assert "KSCB Business Plan 2012/13" in client.get(url).content.decode()


def _later_meetings(meeting):
    """The Board's later meetings: one whose agenda is published and then gains an item,
    and one whose agenda is still a draft."""
    board = BodyFactory(name="Kent Safeguarding Children Board")
    published = MeetingFactory(body=board, start=at(D(2012, 5, 16)))
    AgendaItemFactory(meeting=published, title="Business Plan for agreement")
    publish(published)
    added_since = AgendaItemFactory(meeting=published, title="Added since publication")
    draft = MeetingFactory(body=board, start=at(D(2012, 7, 18)))
    draft_item = AgendaItemFactory(meeting=draft, title="Draft agenda item")
    return added_since, draft_item


def test_a_chair_is_offered_only_items_of_published_agendas(client, meeting):
    _later_meetings(meeting)
    AgendaItemFactory(meeting=meeting, title="Late item of this meeting", sort_order=9)
    url = f"/meetings/{meeting.pk}/log/"

    client.force_login(chair_of(meeting.body))
    chair_page = client.get(url).content.decode()
    client.force_login(business_unit())
    clerk_page = client.get(url).content.decode()

    assert "Business Plan for agreement" in chair_page
    assert "KSCB Business Plan 2012/13" in chair_page
    for draft in ("Added since publication", "Draft agenda item", "Late item of this meeting"):
        assert draft not in chair_page, draft
        assert draft in clerk_page, draft


@pytest.mark.parametrize("which", ["added since publication", "draft agenda"])
def test_a_chair_cannot_send_a_matter_to_an_item_not_yet_published(client, meeting, which):
    added_since, draft_item = _later_meetings(meeting)
    target = added_since if which == "added since publication" else draft_item
    url = f"/meetings/{meeting.pk}/log/"
    post = {
        "form": "referral",
        "referral-agenda_item": _item(meeting).pk,
        "referral-to_item": target.pk,
        "referral-purpose": "decision",
    }

    client.force_login(chair_of(meeting.body))
    refused = client.post(url, post)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "published agenda" in html and "business unit" in html
    assert target.title not in html
    assert not Referral.objects.exists()

    client.force_login(business_unit())
    sent = client.post(url, post)

    assert sent.status_code == 302
    assert Referral.objects.get().to_item == target


def test_a_chair_cannot_log_against_an_item_added_since_publication(client, meeting):
    late = AgendaItemFactory(meeting=meeting, title="Late item of this meeting", sort_order=9)
    client.force_login(chair_of(meeting.body))

    response = client.post(
        f"/meetings/{meeting.pk}/log/",
        {
            "form": "decision",
            "decision-agenda_item": late.pk,
            "decision-title": "Late decision",
            "decision-text": "x",
            "decision-decision_type": "agreed",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an item of this meeting" in html and "published agenda" in html
    assert not Decision.objects.exists()


def test_the_log_names_an_item_not_yet_published_to_the_business_unit_alone(client, meeting):
    late = AgendaItemFactory(meeting=meeting, title="Late item", sort_order=9, number="LATE-7")
    decision(meeting.body, meeting=meeting, agenda_item=late, title="On the late item")
    url = f"/meetings/{meeting.pk}/log/"

    client.force_login(chair_of(meeting.body))
    chair_page = client.get(url).content.decode()
    client.force_login(business_unit())
    clerk_page = client.get(url).content.decode()

    assert "On the late item" in chair_page and "LATE-7" not in chair_page
    assert "LATE-7" in clerk_page
