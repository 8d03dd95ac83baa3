"""Searchable choosers for the logs' records that another record points at (core.choosers
says why): an action's decision, challenge, plan action or audit."""

from __future__ import annotations

from core.choosers import WordSearchChooserViewSet
from governance.models import Action, Audit, Challenge, Decision, ImprovementAction


class DecisionChooserViewSet(WordSearchChooserViewSet):
    model = Decision
    icon = "tick-inverse"
    choose_one_text = "Choose a decision"
    choose_another_text = "Choose another decision"
    search_fields = ("reference", "title")
    ordering = ("-decided_on", "-pk")


class ActionChooserViewSet(WordSearchChooserViewSet):
    model = Action
    icon = "list-ul"
    choose_one_text = "Choose an action"
    choose_another_text = "Choose another action"
    search_fields = ("reference", "description")
    ordering = ("-raised_on", "-pk")


class ChallengeChooserViewSet(WordSearchChooserViewSet):
    model = Challenge
    icon = "warning"
    choose_one_text = "Choose a challenge"
    choose_another_text = "Choose another challenge"
    search_fields = ("reference", "issue")
    ordering = ("-raised_on", "-pk")


class ImprovementActionChooserViewSet(WordSearchChooserViewSet):
    model = ImprovementAction
    icon = "list-ul"
    choose_one_text = "Choose a plan action"
    choose_another_text = "Choose another plan action"
    search_fields = ("number", "description")
    ordering = ("pk",)


class AuditChooserViewSet(WordSearchChooserViewSet):
    model = Audit
    icon = "doc-full"
    choose_one_text = "Choose an audit"
    choose_another_text = "Choose another audit"
    search_fields = ("topic",)
    ordering = ("-conducted_on", "-pk")
