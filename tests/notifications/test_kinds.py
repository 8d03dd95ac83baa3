"""Services name the notices and tasks they queue: every name given is one that exists, so a
misspelt one fails here rather than in a worker."""

import ast
from pathlib import Path

from django.conf import settings

from config.celery import app
from notifications import registry

APPS = ("core", "membership", "meetings", "governance", "cms", "search", "notifications")


def names_given_to(function: str) -> set[str]:
    """The strings passed as the first argument of `function(...)` or `x.function(...)`."""
    names = set()
    for app_name in APPS:
        for path in (Path(settings.BASE_DIR) / app_name).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                called = node.func.attr if isinstance(node.func, ast.Attribute) else None
                called = called or (node.func.id if isinstance(node.func, ast.Name) else None)
                if called == function:
                    names |= _strings(node.args[0])
    return names


def _strings(node) -> set[str]:
    """The string a name argument may be: a literal, or either side of `a if … else b`."""
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    return set()


def test_every_kind_a_service_sends_is_registered():
    sent = names_given_to("notify")
    assert {"meetings.agenda_published", "governance.action_assigned"} <= sent
    assert sent <= {kind.key for kind in registry.all_kinds()}


def test_every_task_a_service_queues_by_name_exists():
    queued = names_given_to("enqueue")
    assert "meetings.tasks.meeting_pack_build" in queued
    app.loader.import_default_modules()
    assert queued <= set(app.tasks)
