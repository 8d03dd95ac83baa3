import pytest

from django.core.exceptions import ValidationError

from governance import services
from governance.models import RagState
from governance.selectors import plan_get_month
from tests.membership.factories import BodyFactory

from .factories import (
    BodySettingsFactory,
    D,
    business_unit,
    chair_of,
    improvement_action,
    improvement_board_scheme,
    member_of,
    plan,
)

pytestmark = pytest.mark.django_db

TODAY = D(2012, 6, 15)


def _rate(action, rag, day, note="Checked at the Improvement Board"):
    return services.improvement_action_rate(
        actor=None, improvement_action=action, rag=rag, note=note, update_date=day
    )


def _plan_with_actions():
    improvement_board_scheme()
    body = BodySettingsFactory(at_risk_days=30).body
    the_plan, (objective,) = plan(body)
    actions = {
        name: improvement_action(objective, number=number, due_date=due)
        for name, number, due in [
            ("done", "1.1.1", D(2012, 1, 31)),
            ("on_track", "1.1.2", D(2012, 6, 30)),
            ("late", "1.1.3", D(2012, 2, 29)),
            ("programmed", "1.1.4", D(2012, 9, 30)),
            ("paused", "1.1.5", D(2012, 2, 1)),
        ]
    }
    _rate(actions["done"], RagState.ON_TRACK, D(2012, 1, 10))
    _rate(actions["done"], RagState.COMPLETE, D(2012, 3, 5), "Guidance published")
    _rate(actions["on_track"], RagState.ON_TRACK, D(2012, 3, 5))
    _rate(actions["late"], RagState.AT_RISK, D(2012, 3, 5))
    _rate(actions["paused"], RagState.SUSPENDED, D(2012, 1, 20), "Waiting for Working Together")
    return the_plan, actions


def test_monthly_counts_by_rag_in_the_plan_bodys_words_and_the_overdue():
    """Scenario 6: the monthly Improvement Board sees RAG counts and overdue items."""
    the_plan, actions = _plan_with_actions()

    march = plan_get_month(the_plan.pk, D(2012, 3, 1), TODAY)

    counts = {rag.label: count for rag, count in march.counts}
    assert counts == {
        "Overdue": 0,
        "At risk": 1,
        "On track": 1,
        "Programmed": 1,
        "Suspended": 1,
        "Completed": 1,
    }
    assert [a.number for a in march.overdue] == ["1.1.3"]  # due February, not complete
    assert [u.note for u in march.changes] == [
        "Guidance published",
        "Checked at the Improvement Board",
        "Checked at the Improvement Board",
    ]


def test_an_earlier_month_shows_the_ratings_as_they_stood():
    the_plan, actions = _plan_with_actions()

    january = plan_get_month(the_plan.pk, D(2012, 1, 1), TODAY)

    states = {
        a.number: a.rag_then.state
        for _p, rows in january.priorities
        for row in rows
        for a in row.actions
    }
    assert states["1.1.1"] == RagState.ON_TRACK  # completed only in March
    assert states["1.1.2"] == RagState.NOT_STARTED
    assert january.overdue == []


def test_every_rag_change_keeps_who_when_and_why():
    the_plan, actions = _plan_with_actions()
    manager = business_unit()

    services.improvement_action_rate(
        actor=manager,
        improvement_action=actions["late"],
        rag=RagState.OVERDUE,
        note="Missed the February deadline",
        update_date=D(2012, 4, 3),
    )

    update = actions["late"].updates.order_by("-update_date").first()
    assert (update.author, update.update_date, update.note) == (
        manager,
        D(2012, 4, 3),
        "Missed the February deadline",
    )
    assert update.previous_rag == RagState.AT_RISK
    record = actions["late"].history.first()
    assert record.history_user == manager
    assert record.history_change_reason == "RAG At risk → Overdue: Missed the February deadline"


def test_a_rating_needs_a_reason():
    the_plan, actions = _plan_with_actions()

    with pytest.raises(ValidationError) as refused:
        _rate(actions["programmed"], RagState.ON_TRACK, D(2012, 4, 1), note=" ")

    assert "Say why" in str(refused.value)


def test_the_monthly_page(client):
    the_plan, actions = _plan_with_actions()
    client.force_login(member_of(the_plan.body))

    page = client.get(f"/plans/{the_plan.pk}/", {"month": "2012-03"})
    bad = client.get(f"/plans/{the_plan.pk}/", {"month": "March"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "March 2012" in html and "Programmed" in html and "Completed" in html
    assert bad.status_code == 400 and "for example 2012-03" in bad.content.decode()


def test_the_chair_rates_from_the_monthly_page_and_a_member_cannot(client):
    the_plan, actions = _plan_with_actions()
    target = actions["programmed"]
    data = {
        "improvement_action": target.pk,
        "update_date": "2012-04-03",
        "rag": "on_track",
        "note": "Started",
    }

    client.force_login(member_of(the_plan.body))
    refused = client.post(f"/plans/{the_plan.pk}/", data)
    client.force_login(chair_of(the_plan.body))
    form_page = client.get(f"/plans/{the_plan.pk}/").content.decode()
    rated = client.post(f"/plans/{the_plan.pk}/", data)

    assert refused.status_code == 403
    assert '<option value="not_started">Programmed</option>' in form_page  # the plan's words
    assert rated.status_code == 302
    target.refresh_from_db()
    assert target.rag == RagState.ON_TRACK


def test_a_plan_of_another_body_is_rated_by_its_own_chair_only():
    the_plan, actions = _plan_with_actions()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.improvement_action_rate(
            actor=chair_of(BodyFactory()),
            improvement_action=actions["programmed"],
            rag=RagState.ON_TRACK,
            note="Not my plan",
            update_date=D(2012, 4, 1),
        )
