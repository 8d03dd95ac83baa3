"""Data for the governance tests. Meetings, items, schemes and people come from factories;
log entries are made through the services (as the console and the admin make them), so they
carry real references and history."""

from __future__ import annotations

import datetime
import itertools

import factory

from django.contrib.auth.models import User
from django.utils import timezone

from governance import services
from governance.models import (
    BodyGovernanceSettings,
    DecisionType,
    EvidenceKind,
    ImprovementAction,
    ImprovementPlan,
    PlanObjective,
    PlanPriority,
    RagColour,
    RagScheme,
)
from meetings import services as meeting_services
from meetings.models import AgendaItem, AgendaVersion, Meeting
from membership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    Role,
    default_partnership,
)
from tests.groups import business_unit_group
from tests.membership.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

D = datetime.date


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.LazyAttribute(lambda m: f"{m.body.name} meeting")
    start = factory.LazyFunction(lambda: at(D(2012, 4, 18)))
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Item of business {n}")
    sort_order = factory.Sequence(lambda n: n)
    number = factory.LazyAttribute(lambda item: str(item.sort_order + 1))


class RagSchemeFactory(factory.django.DjangoModelFactory):
    """A partnership's scheme: the default partnership's unless one is named."""

    class Meta:
        model = RagScheme

    partnership = factory.LazyFunction(default_partnership)
    name = factory.Sequence(lambda n: f"Scheme {n}")


def improvement_board_scheme(partnership: Partnership | None = None) -> RagScheme:
    """Green for completed, grey for programmed, blue for suspended: the words of a
    partnership whose Improvement Board set them (the default partnership's unless named)."""
    return RagSchemeFactory(
        partnership=partnership or default_partnership(),
        name="Improvement Board",
        complete_label="Completed",
        complete_colour=RagColour.GREEN,
        not_started_label="Programmed",
        not_started_colour=RagColour.GREY,
        suspended_label="Suspended",
        suspended_colour=RagColour.BLUE,
    )


class BodySettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyGovernanceSettings

    body = factory.SubFactory(BodyFactory)
    at_risk_days = 14
    risk_appetite = 12


def publish(meeting: Meeting, actor: User | None = None) -> AgendaVersion:
    """Publish the meeting's agenda as it stands, as the business unit does: from then on its
    items are shown beyond the business unit."""
    return meeting_services.agenda_publish(actor=actor or business_unit(), meeting=meeting)


def unannounced_item(body: Body, title: str = "Unannounced item") -> AgendaItem:
    """An item added to a meeting of the body after its agenda was published: the business
    unit's until the agenda is published again."""
    meeting = MeetingFactory(body=body, start=at(D(2012, 4, 18)))
    AgendaItemFactory(meeting=meeting, title="Apologies")
    publish(meeting)
    return AgendaItemFactory(meeting=meeting, title=title)


_usernames = itertools.count(1)


def login(person: Person | None = None, *, username: str | None = None) -> User:
    user = UserFactory(username=username or f"login{next(_usernames)}")
    if person is not None:
        person.user = user
        person.save()
    return user


def member_of(body: Body, *, role: str = Role.MEMBER, person: Person | None = None, **kw) -> User:
    """A login for a person sitting on the body since 2011, in the role."""
    person = person or PersonFactory()
    MembershipFactory(body=body, person=person, role=role, **kw)
    return login(person) if person.user_id is None else person.user


def chair_of(body: Body, **kw) -> User:
    return member_of(body, role=Role.CHAIR, **kw)


def business_unit() -> User:
    user = login(username=f"clerk{next(_usernames)}")
    user.groups.add(business_unit_group())
    return user


def decision(body: Body, **kw):
    values = {
        "title": "Business Plan 2012/13",
        "text": "The Executive endorsed the KSCB Business Plan 2012/13.",
        "decided_on": D(2012, 4, 18),
        "decision_type": DecisionType.ENDORSED,
    }
    values.update(kw)
    return services.decision_record(actor=None, body=body, **values)


def action(body: Body, owner: Person | None = None, **kw):
    values = {
        "description": "Circulate the revised eligibility criteria to all partners.",
        "owner": owner or PersonFactory(),
        "raised_on": D(2012, 1, 18),
        "due_date": D(2012, 3, 31),
        "notify": False,
    }
    values.update(kw)
    return services.action_create(actor=None, body=body, **values)


def challenge(body: Body, **kw):
    values = {
        "raised_by": PersonFactory(),
        "agency": OrganisationFactory(),
        "issue": "The third quarter QEF analysis lacked data from all statutory agencies.",
        "ask": "Provide the missing quarter three figures.",
        "evidence_kind": EvidenceKind.DATA_SET,
        "raised_on": D(2012, 1, 25),
        "response_due": D(2012, 2, 29),
    }
    values.update(kw)
    return services.challenge_raise(actor=None, body=body, **values)


def risk(body: Body, **kw):
    values = {
        "title": "Performance management and quality assurance",
        "owner": PersonFactory(),
        "likelihood": 4,
        "impact": 5,
        "target_score": 8,
        "opened_on": D(2012, 2, 1),
    }
    values.update(kw)
    return services.risk_register(actor=None, body=body, **values)


def plan(body: Body, *, objectives: int = 1, title: str = "Multi-agency Improvement Plan"):
    """A plan with one priority and `objectives` objectives."""
    plan = ImprovementPlan(title=title, body=body, starts_on=D(2010, 12, 1), ends_on=D(2013, 3, 31))
    plan.priorities.add(PlanPriority(number="1", title="Effective partnership working"))
    services.plan_save(actor=None, plan=plan)
    priority = plan.priorities.get()
    return plan, [
        services.objective_save(
            actor=None,
            objective=PlanObjective(priority=priority, number=f"1.{n}", title=f"Objective {n}"),
        )
        for n in range(1, objectives + 1)
    ]


def improvement_action(objective: PlanObjective, **kw) -> ImprovementAction:
    values = {
        "number": "1.1.1",
        "description": "Re-align the missing children guidance to clarify thresholds.",
        "lead": PersonFactory(),
        "due_date": D(2012, 3, 31),
    }
    values.update(kw)
    return services.improvement_action_save(
        actor=None, improvement_action=ImprovementAction(objective=objective, **values)
    )


__all__ = [
    "AgendaItemFactory",
    "BodyFactory",
    "BodySettingsFactory",
    "MeetingFactory",
    "Membership",
    "Organisation",
    "OrganisationFactory",
    "PersonFactory",
    "RagSchemeFactory",
    "action",
    "at",
    "business_unit",
    "chair_of",
    "challenge",
    "decision",
    "improvement_action",
    "improvement_board_scheme",
    "login",
    "member_of",
    "plan",
    "publish",
    "risk",
    "unannounced_item",
]
