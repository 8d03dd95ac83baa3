"""The logs of the demo board, from the March 2012 progress report: the decisions the report
describes, the actions and challenges behind them, the two areas of risk of February 2012,
the Multi-agency Improvement Plan rated month by month, and the Business Plan 2012/13.

Runs after the membership and meetings demos: it finds bodies by slug, people by email and,
where the meetings demo has made them, meetings by body and month. Everything is written
through the services as the business unit, so the demo has the same history as real use.
Loading twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from .context import HEALTH, PEOPLE, SCS, Demo, DemoNotReady
from .logs import (
    load_actions,
    load_challenges,
    load_decisions,
    load_risks,
    load_scheme,
    load_settings,
)
from .minutes import load_minutes
from .plans import load_business_plan, load_business_plan_journey, load_improvement_plan

__all__ = ["HEALTH", "PEOPLE", "SCS", "DemoNotReady", "load_governance_demo"]


@transaction.atomic
def load_governance_demo() -> None:
    demo = Demo()
    load_scheme(demo)
    load_settings(demo)
    decisions = load_decisions(demo)
    challenges = load_challenges(demo)
    actions = load_actions(demo, decisions, challenges)
    load_risks(demo, actions, challenges)
    load_improvement_plan(demo)
    load_business_plan(demo)
    load_business_plan_journey(demo, decisions)
    load_minutes(demo)
