import pytest

from django.core.exceptions import ValidationError

from governance import services
from governance.models import ReferralPurpose
from tests.membership.factories import BodyFactory

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


def _chain():
    """The Business Plan: recommended by the subgroup, endorsed by the Executive, agreed by
    the Board."""
    subgroup = BodyFactory(name="Quality and Effectiveness Subgroup")
    executive = BodyFactory(name="KSCB Executive", short_name="EXEC")
    board = BodyFactory(name="Kent Safeguarding Children Board", short_name="KSCB")
    items = [
        AgendaItemFactory(meeting=MeetingFactory(body=body, start=at(day)), title=title)
        for body, day, title in [
            (subgroup, D(2012, 3, 7), "Draft Business Plan 2012/13"),
            (executive, D(2012, 4, 18), "KSCB Business Plan 2012/13"),
            (board, D(2012, 5, 16), "KSCB Business Plan 2012/13"),
        ]
    ]
    first = services.matter_refer(
        actor=None,
        from_item=items[0],
        to_item=items[1],
        purpose=ReferralPurpose.ENDORSEMENT,
        title="KSCB Business Plan 2012/13",
    )
    second = services.matter_refer(
        actor=None, from_item=items[1], to_item=items[2], purpose=ReferralPurpose.DECISION
    )
    endorsed = decision(
        executive, agenda_item=items[1], decided_on=None, title="Business Plan endorsed"
    )
    agreed = decision(
        board,
        agenda_item=items[2],
        decided_on=None,
        title="Business Plan agreed",
        decision_type="agreed",
    )
    return first.matter, second, items, endorsed, agreed


def test_a_matter_keeps_its_identity_across_bodies():
    matter, second, _items, _endorsed, _agreed = _chain()

    assert second.matter == matter
    assert matter.referrals.count() == 2


def test_the_journey_shows_every_meeting_and_its_decisions(client):
    matter, _second, _items, endorsed, agreed = _chain()

    response = client.get(matter.get_absolute_url())

    steps = response.context["steps"]
    assert [s.meeting.body.name for s in steps] == [
        "Quality and Effectiveness Subgroup",
        "KSCB Executive",
        "Kent Safeguarding Children Board",
    ]
    assert [[d.reference for d in s.decisions] for s in steps] == [
        [],
        [endorsed.reference],
        [agreed.reference],
    ]
    assert "For endorsement" in response.content.decode()


def test_a_restricted_step_shows_only_that_there_was_one(client):
    subgroup, board = BodyFactory(), BodyFactory()
    secret = AgendaItemFactory(
        meeting=MeetingFactory(body=subgroup, start=at(D(2012, 3, 7))),
        title="Case of child W",
        is_restricted=True,
    )
    public = AgendaItemFactory(
        meeting=MeetingFactory(body=board, start=at(D(2012, 5, 16))), title="Learning from reviews"
    )
    publish(secret.meeting)
    publish(public.meeting)
    referral = services.matter_refer(actor=None, from_item=secret, to_item=public, title="Learning")
    referral.matter.is_restricted = False
    services.matter_save(actor=None, matter=referral.matter)

    outsider = client.get(referral.matter.get_absolute_url()).content.decode()
    client.force_login(member_of(subgroup))
    insider = client.get(referral.matter.get_absolute_url()).content.decode()

    assert "Case of child W" not in outsider and "(restricted)" in outsider
    assert "Case of child W" in insider


def test_a_matter_started_on_a_restricted_item_is_restricted(client):
    subgroup = BodyFactory()
    secret = AgendaItemFactory(
        meeting=MeetingFactory(body=subgroup, start=at(D(2012, 3, 7))), is_restricted=True
    )
    public = AgendaItemFactory(meeting=MeetingFactory(start=at(D(2012, 5, 16))))
    referral = services.matter_refer(
        actor=None, from_item=secret, to_item=public, title="Serious case review W"
    )

    assert client.get(referral.matter.get_absolute_url()).status_code == 404
    client.force_login(member_of(subgroup))
    assert client.get(referral.matter.get_absolute_url()).status_code == 200


def test_a_referral_goes_forward_to_another_body():
    body = BodyFactory()
    later = AgendaItemFactory(meeting=MeetingFactory(body=body, start=at(D(2012, 5, 16))))
    same_body = AgendaItemFactory(meeting=MeetingFactory(body=body, start=at(D(2012, 6, 16))))
    earlier = AgendaItemFactory(meeting=MeetingFactory(start=at(D(2012, 1, 16))))

    with pytest.raises(ValidationError) as same:
        services.matter_refer(actor=None, from_item=later, to_item=same_body)
    with pytest.raises(ValidationError) as backwards:
        services.matter_refer(actor=None, from_item=later, to_item=earlier)

    assert "goes to another body" in str(same.value)
    assert "before the one the matter comes from" in str(backwards.value)


def _referral_to_a_draft(*, added_since: bool):
    """The business unit sends a published subgroup item on to the Board: to an item of a
    meeting whose agenda is still a draft, or to one added since its agenda was published."""
    subgroup = BodyFactory(name="Quality and Effectiveness Subgroup")
    board = BodyFactory(name="Kent Safeguarding Children Board")
    source = AgendaItemFactory(
        meeting=MeetingFactory(body=subgroup, start=at(D(2012, 3, 7))), title="Audit findings"
    )
    publish(source.meeting)
    target_meeting = MeetingFactory(body=board, start=at(D(2012, 5, 16)))
    if added_since:
        AgendaItemFactory(meeting=target_meeting, title="Apologies")
        publish(target_meeting)
    target = AgendaItemFactory(meeting=target_meeting, title="Unannounced item")
    referral = services.matter_refer(
        actor=business_unit(), from_item=source, to_item=target, title="Audit programme"
    )
    return referral, board


@pytest.mark.parametrize("added_since", [False, True], ids=["draft agenda", "added since"])
def test_a_step_to_an_item_not_yet_published_does_not_name_it(client, added_since):
    referral, board = _referral_to_a_draft(added_since=added_since)
    url = referral.matter.get_absolute_url()

    readers = {"public": None, "board member": member_of(board), "board chair": chair_of(board)}
    pages = {}
    for name, user in readers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        pages[name] = client.get(url).content.decode()
    client.force_login(business_unit())
    clerk = client.get(url).content.decode()

    for name, page in pages.items():
        assert "Audit findings" in page, name
        assert "Unannounced item" not in page, name
        assert "an item not yet on the published agenda" in page, name
    assert "Unannounced item" in clerk

    publish(referral.to_item.meeting)
    client.logout()

    assert "Unannounced item" in client.get(url).content.decode()


def test_only_the_business_unit_refers_to_an_item_not_yet_published():
    subgroup, board = BodyFactory(), BodyFactory()
    source = AgendaItemFactory(meeting=MeetingFactory(body=subgroup, start=at(D(2012, 3, 7))))
    publish(source.meeting)
    draft = AgendaItemFactory(meeting=MeetingFactory(body=board, start=at(D(2012, 5, 16))))

    with pytest.raises(ValidationError) as refused:
        services.matter_refer(actor=chair_of(subgroup), from_item=source, to_item=draft)
    referral = services.matter_refer(actor=business_unit(), from_item=source, to_item=draft)

    assert "published agenda" in str(refused.value.message_dict["to_item"])
    assert referral.to_item == draft
