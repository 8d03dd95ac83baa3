"""Multi-agency audits: findings as percentages, and recommendations that become actions of
the audit's body, kept in the action log from then on."""

from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from governance import services
from governance.models import Action, Audit, AuditFinding, AuditRecommendation
from governance.performance import services as performance_services
from governance.performance.selectors import audit_actions, audit_findings, audit_get_visible

from .factories import BodyFactory, OrganisationFactory, PersonFactory, business_unit, member_of
from .performance_factories import D, audit

pytestmark = pytest.mark.django_db

FINDINGS = [
    ("Referrals considered inappropriate", 25, 5, 20),
    ("Cases that were re-referrals", 46, None, None),
    ("Cases in which the child was consulted", 10, 2, 20),
    ("Cases in which the parents were consulted", 50, 10, 20),
]


def test_an_audit_keeps_its_findings_in_order_with_their_counts():
    agencies = [OrganisationFactory() for _ in range(6)]

    done = audit(findings=FINDINGS, agencies=agencies)

    found = audit_findings(audit_get_visible(business_unit(), done.pk))
    assert [(f.label, f.percentage_display, f.counts_display) for f in found] == [
        ("Referrals considered inappropriate", "25%", "5 of 20"),
        ("Cases that were re-referrals", "46%", ""),
        ("Cases in which the child was consulted", "10%", "2 of 20"),
        ("Cases in which the parents were consulted", "50%", "10 of 20"),
    ]
    assert done.agencies.count() == 6
    assert done.history.latest("history_id").agencies.count() == 6


@pytest.mark.parametrize(
    ("finding", "field", "words"),
    [
        (("Inappropriate", 30, 5, 20), "percentage", "5 of 20 is 25%, not 30%"),
        (("Inappropriate", 25, 21, 20), "numerator", "21 is more than 20"),
        (("Inappropriate", 25, 5, None), "denominator", "Give both counts"),
        (("Inappropriate", 125, None, None), "percentage", ""),
    ],
)
def test_a_finding_that_does_not_add_up_is_refused(finding, field, words):
    with pytest.raises(ValidationError) as refused:
        audit(findings=[finding])

    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])
    assert not Audit.objects.exists()


def test_recommendations_with_an_owner_and_due_date_become_actions_of_the_audits_body():
    body = BodyFactory(short_name="QE")
    owner, later = PersonFactory(), PersonFactory()

    done = audit(
        body,
        recommendations=[
            ("1", "Reinforce a common understanding of thresholds.", owner, D(2030, 6, 30)),
            ("2", "Analyse re-referrals in East Kent.", None, None),
        ],
    )

    first, second = done.recommendations.order_by("sort_order")
    action = first.action
    assert action.audit == done
    assert action.body == body
    assert action.owner == owner and action.due_date == D(2030, 6, 30)
    assert action.description == "Reinforce a common understanding of thresholds."
    assert action.source_note == "Understanding of thresholds (January 2012), recommendation 1"
    assert action.reference.startswith("QE/")
    assert second.action is None

    second.action_owner, second.action_due = later, D(2030, 5, 31)
    done.recommendations = [first, second]  # edited alongside the audit, as the admin does
    performance_services.audit_save(actor=None, audit=done)

    assert Action.objects.filter(audit=done).count() == 2
    assert AuditRecommendation.objects.get(number="2").action.owner == later


def test_an_owner_without_a_due_date_is_refused():
    with pytest.raises(ValidationError) as refused:
        audit(recommendations=[("1", "Do it.", PersonFactory(), None)])

    assert "Give both an owner and a due date" in str(refused.value)
    assert not Action.objects.exists()


def test_a_recommendation_that_became_an_action_stays_and_is_changed_in_the_action_log():
    done = audit(recommendations=[("1", "Do it.", PersonFactory(), D(2030, 6, 30))])
    recommendation = done.recommendations.get()

    recommendation.action_owner = PersonFactory()
    done.recommendations = [recommendation]
    with pytest.raises(ValidationError) as moved:
        performance_services.audit_save(actor=None, audit=done)
    done = Audit.objects.get()
    done.recommendations = []
    with pytest.raises(ValidationError) as removed:
        performance_services.audit_save(actor=None, audit=done)

    assert "change its owner or due date there" in str(moved.value)
    assert "stays on record" in str(removed.value)
    assert AuditRecommendation.objects.count() == 1


def test_adopting_twice_is_refused():
    done = audit(recommendations=[("1", "Do it.", PersonFactory(), D(2030, 6, 30))])

    with pytest.raises(ValidationError):
        performance_services.audit_recommendation_adopt(
            actor=None,
            recommendation=done.recommendations.get(),
            owner=PersonFactory(),
            due_date=D(2030, 6, 30),
        )


def test_an_action_due_before_it_is_raised_is_refused_on_the_recommendation():
    with pytest.raises(ValidationError) as refused:
        audit(recommendations=[("3", "Do it.", PersonFactory(), D(2012, 1, 1))])

    assert "Recommendation 3:" in " ".join(refused.value.message_dict["recommendations"])
    assert not Audit.objects.exists()


def test_actions_of_a_restricted_audit_are_restricted():
    done = audit(
        is_restricted=True, recommendations=[("1", "Do it.", PersonFactory(), D(2030, 6, 30))]
    )

    assert done.recommendations.get().action.is_restricted


def test_who_sees_what_became_of_the_recommendations(client):
    body = BodyFactory()
    owner = PersonFactory()
    done = audit(body, recommendations=[("1", "Do it.", owner, D(2030, 6, 30))])
    hidden = services.action_create(
        actor=None,
        body=BodyFactory(),
        description="A restricted follow-up elsewhere.",
        owner=owner,
        due_date=D(2030, 6, 30),
        raised_on=D(2012, 2, 1),
        audit=done,
        is_restricted=True,
        notify=False,
    )
    from django.contrib.auth.models import AnonymousUser

    public = audit_actions(done, AnonymousUser())
    member = audit_actions(done, member_of(body))
    manager = audit_actions(done, business_unit())

    assert not public.shown and public.recommendations[0].action is None
    assert member.shown and member.recommendations[0].action.owner == owner
    assert member.recommendations[0].action.rag.label
    assert member.other_actions == []
    assert manager.other_actions == [hidden]


def test_a_finding_shows_its_percentage_without_a_trailing_nought():
    assert AuditFinding(label="x", percentage=Decimal("46.0")).percentage_display == "46%"
    assert AuditFinding(label="x", percentage=Decimal("46.5")).percentage_display == "46.5%"
