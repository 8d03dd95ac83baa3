"""The console's and the register of interests' writes keep history with who made them."""

import datetime

import pytest

from django.utils import timezone

from governance.models import InterestConfirmation, InterestKind, RegisteredInterest
from governance.services import interests as governance_services
from meetings import services as meeting_services
from meetings.models import Attendance
from tests.governance.factories import AgendaItemFactory, MeetingFactory, chair_of, member_of
from tests.membership.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_opening_an_item_and_ticking_the_register_are_kept_in_history():
    body = BodyFactory()
    chair = chair_of(body)
    member = member_of(body)
    meeting = MeetingFactory(body=body, start=timezone.now() - datetime.timedelta(minutes=5))
    item = AgendaItemFactory(meeting=meeting)

    meeting_services.attendance_register(
        actor=chair, meeting=meeting, person=member.person, present=True
    )
    meeting_services.agenda_item_open(actor=chair, item=item)

    ticked = Attendance.objects.get(meeting=meeting, person=member.person)
    assert ticked.history.first().history_user == chair
    item.refresh_from_db()
    assert item.opened_at is not None
    assert item.history.first().history_user == chair


def test_a_members_interest_and_its_yearly_confirmation_are_kept_in_history():
    member = member_of(BodyFactory())
    interest = RegisteredInterest(
        kind=InterestKind.OFFICE, description="Trustee", start_date=datetime.date(2020, 1, 1)
    )

    governance_services.interest_register(actor=member, person=member.person, interest=interest)
    governance_services.interests_confirm(actor=member, person=member.person)

    assert interest.history.first().history_user == member
    confirmation = InterestConfirmation.objects.get(person=member.person)
    assert confirmation.history.first().history_user == member


def test_a_budget_saved_by_the_business_unit_is_kept_in_history():
    from decimal import Decimal

    from governance.models.budgets import Budget
    from governance.services.budgets import budget_save
    from membership.models import default_partnership
    from tests.governance.factories import business_unit

    manager = business_unit()
    budget = Budget(partnership=default_partnership(), year=2011, total=Decimal("1000.00"))

    budget_save(actor=manager, budget=budget, reason="Budget agreed")

    assert budget.history.first().history_user == manager
