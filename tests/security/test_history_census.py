"""The history census: every record Tabled keeps has django-simple-history, and nothing in
the code changes a tracked record in a way that writes no history row.

simple-history writes a row from the post_save and post_delete signals (and m2m_changed for
tracked many-to-many fields). Saves, creates and deletes therefore always leave a row, and
the ways round it are few and known: QuerySet.update(), bulk_update() and bulk_create()
send no signals; `skip_history_when_saving` and `save_without_historical_record()` switch
it off. This file finds each of those in the apps' source, and fails on any use that is not
listed below with its reason. It also checks that each service function (the one path every
write takes, CONVENTIONS.md) is called by some test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from simple_history.models import HistoricalRecords

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

ROOT = Path(__file__).resolve().parents[2]
APPS = ("membership", "meetings", "governance", "cms", "demo")

# Models of ours with no simple-history, and why.
UNTRACKED = {
    # A Wagtail page keeps its history as Wagtail revisions: one mechanism per model
    # (CONVENTIONS.md, "Models").
    "cms.HomePage": "Wagtail page: revisions, not simple-history",
    "cms.ReportIndexPage": "Wagtail page: revisions, not simple-history",
    "cms.ReportPage": "Wagtail page: revisions, not simple-history",
    "cms.AnnualReportPage": "Wagtail page: revisions, not simple-history",
    "cms.ProgressReportPage": "Wagtail page: revisions, not simple-history",
    "cms.ReportChairApprovalTask": "Wagtail workflow task: Wagtail logs its own actions",
    "meetings.AccessLogEntry": "append-only: it is a log itself, and refuses change or delete",
    "meetings.PaperNote": "a member's private note, edited and deleted by its author alone: a "
    "history copy would keep text its author deleted",
}

# Uses of the ways round history that are allowed: (path, enclosing function, what) → why.
ALLOWED = {
    (
        "membership/services/records.py",
        "body_save",
        "skip_history_when_saving",
    ): "modelcluster saves every inline row of a body; rows whose values did not change are "
    "skipped so the history shows only real changes (each changed row still gets its row)",
    (
        "cms/services.py",
        "report_published",
        "QuerySet.update()",
    ): "a Wagtail page, whose history is its revisions: the live copy takes the frozen "
    "snapshot of the revision that went live, which Wagtail already keeps",
}

# Where the use cases live (CONVENTIONS.md: every write goes through one of them).
SERVICE_MODULES = [
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "membership/services").glob("*.py")),
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "meetings/services").glob("*.py")),
    "meetings/papers/services.py",
    "meetings/notes/services.py",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "governance/services").glob("*.py")),
    "governance/performance/services.py",
]


def tracked_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def our_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in APPS and not model.__name__.startswith("Historical")
    ]


# ---------------------------------------------------------------------------
# Every record is tracked, and saving or deleting it writes a row
# ---------------------------------------------------------------------------
def test_every_model_of_ours_keeps_history_or_says_why_not():
    untracked = {
        model._meta.label
        for model in our_models()
        if not getattr(model._meta, "simple_history_manager_attribute", None)
    }
    assert untracked == set(UNTRACKED)


def _history_receivers(signal, model) -> list:
    sync, _async = signal._live_receivers(model)
    return [
        receiver
        for receiver in sync
        if isinstance(getattr(receiver, "__self__", None), HistoricalRecords)
    ]


@pytest.mark.parametrize("model", tracked_models(), ids=lambda m: m._meta.label)
def test_saving_and_deleting_a_tracked_record_writes_history(model):
    assert _history_receivers(post_save, model), f"{model._meta.label}: no post_save history"
    assert _history_receivers(post_delete, model), f"{model._meta.label}: no post_delete history"
    assert model.history.model.__name__ == f"Historical{model.__name__}"


# Many-to-many fields of tracked models whose changes are not in history, and why.
UNTRACKED_M2M: dict[str, str] = {}


def test_many_to_many_changes_of_tracked_records_write_history():
    untracked = []
    for model in tracked_models():
        tracked_names = {field.name for field in model.history.model._history_m2m_fields}
        for field in model._meta.many_to_many:
            label = f"{model._meta.label}.{field.name}"
            if field.name not in tracked_names:
                untracked.append(label)
                continue
            sync, _async = m2m_changed._live_receivers(field.remote_field.through)
            assert any(
                isinstance(getattr(getattr(r, "func", None), "__self__", None), HistoricalRecords)
                for r in sync
            ), label
    assert sorted(untracked) == sorted(UNTRACKED_M2M)


# ---------------------------------------------------------------------------
# Nothing changes tracked data behind history's back
# ---------------------------------------------------------------------------
QUERYSET_WRITES = {"update", "bulk_update", "bulk_create"}
QUERYSET_READS = {
    "all",
    "filter",
    "exclude",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "annotate",
    "alias",
    "distinct",
    "using",
    "none",
    "current_on",
    "get_queryset",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    function: str
    what: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.function, self.what)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}(): {self.what}"


def _chain(node: ast.expr) -> tuple[str | None, list[str]]:
    """The root name and the attribute and method names between it and the call."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    root = node.id if isinstance(node, ast.Name) else None
    return root, list(reversed(names))


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, tracked: set[str], untracked: set[str], accessors: set[str]):
        self.path = path
        self.tracked = tracked
        self.untracked = untracked
        self.accessors = accessors
        self.function = "<module>"
        self.findings: list[Finding] = []

    def _add(self, node: ast.AST, what: str) -> None:
        self.findings.append(Finding(self.path, node.lineno, self.function, what))

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "save_without_historical_record":
                self._add(node, "save_without_historical_record")
            elif func.attr in QUERYSET_WRITES and self._is_tracked_queryset(func.value, func.attr):
                self._add(node, f"QuerySet.{func.attr}()")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr == "skip_history_when_saving":
                self._add(node, "skip_history_when_saving")
        self.generic_visit(node)

    def _is_tracked_queryset(self, receiver: ast.expr, method: str) -> bool:
        root, names = _chain(receiver)
        if root in self.untracked:
            return False
        if root in self.tracked:
            return True
        if any(name in MANAGERS or name in self.accessors for name in names):
            return True
        if any(name in QUERYSET_READS for name in names):
            return True
        # dict.update() and set.update() are everywhere; bulk_* belong to querysets alone.
        return method != "update"


def scan_source(source: str, path: str = "<test>") -> list[Finding]:
    tracked = {model.__name__ for model in tracked_models()}
    untracked = {model.__name__ for model in apps.get_models()} - tracked
    accessors = {
        relation.get_accessor_name()
        for model in tracked_models()
        for relation in model._meta.related_objects
        if relation.related_model in tracked_models()
        and (relation.one_to_many or relation.many_to_many)
    }
    scanner = _Scanner(path, tracked, untracked, accessors)
    scanner.visit(ast.parse(source))
    return scanner.findings


def app_sources() -> Iterator[Path]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_code_changes_tracked_records_without_writing_history():
    findings = [
        finding
        for path in app_sources()
        for finding in scan_source(path.read_text(), path.relative_to(ROOT).as_posix())
    ]
    unexplained = [str(f) for f in findings if f.key not in ALLOWED]
    assert unexplained == [], (
        "These change tracked records without a history row. Save each record instead "
        "(or use simple_history.utils.bulk_update_with_history), or add it to ALLOWED with "
        "the reason."
    )
    # Every allowance is still needed, so the list cannot rot.
    assert {f.key for f in findings} >= set(ALLOWED)


@pytest.mark.parametrize(
    "source",
    [
        "Meeting.objects.filter(pk=1).update(title='x')",
        "def f(meeting):\n    meeting.agenda_items.update(is_restricted=True)",
        "AgendaItem.objects.bulk_update(items, ['number'])",
        "Decision.objects.bulk_create(decisions)",
        "def f(qs):\n    qs.filter(status='open').update(status='closed')",
        "def f(self):\n    type(self.object).objects.select_for_update().update(name='x')",
        "def f(items):\n    items.bulk_update(items, ['sort_order'])",
        "def f(body):\n    body.skip_history_when_saving = True",
        "def f(decision):\n    decision.save_without_historical_record()",
    ],
)
def test_the_scan_finds_each_way_round_history(source):
    assert scan_source(source), source


@pytest.mark.parametrize(
    "source",
    [
        "context.update({'title': 'x'})",
        "digest.update(chunk)",
        "def f(kwargs):\n    kwargs.update(extra)",
        "User.objects.filter(pk=1).update(is_active=False)",
        "Page.objects.filter(pk=1).update(title='x')",
        "bulk_update_with_history(items, AgendaItem, ['number'])",
    ],
)
def test_the_scan_leaves_everything_else_alone(source):
    assert scan_source(source) == []


# ---------------------------------------------------------------------------
# Every service is exercised by the tests
# ---------------------------------------------------------------------------
def service_functions() -> list[tuple[str, str]]:
    found = []
    for module in SERVICE_MODULES:
        tree = ast.parse((ROOT / module).read_text())
        found += [
            (module, node.name)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        ]
    return found


def names_called_in_tests() -> set[str]:
    called = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name):
                    called.add(node.func.id)
                elif isinstance(node.func, ast.Attribute):
                    called.add(node.func.attr)
    return called


# Functions in services modules that are not use cases of their own (helpers each called by
# services that tests call), or that change no tracked record.
SERVICE_HELPERS = {
    # Reads and checks that change no record.
    ("governance/services/resolutions.py", "hash_token"),
    ("governance/services/resolutions.py", "voting_members"),
    ("governance/services/votes.py", "body_vote_rules"),
    ("governance/services/votes.py", "vote_prepare"),
    ("governance/services/votes.py", "withdrawn_at"),
    ("governance/services/signatures.py", "may_sign"),
    # Writers reached through the paths that call them, whose tests check what they save:
    # vote_save from decision_record (tests/governance/test_console_votes.py),
    # resolution_close from resolution_vote and resolutions_close_due
    # (tests/governance/test_resolutions.py), minutes_sign and signature_keep_pdf_digest
    # from the signing page and the minutes PDF (tests/governance/test_minutes_signature.py).
    ("governance/services/votes.py", "vote_save"),
    ("governance/services/resolutions.py", "resolution_close"),
    ("governance/services/signatures.py", "minutes_sign"),
    ("governance/services/signatures.py", "signature_keep_pdf_digest"),
    # Builds the papers pack, a derived file on private storage; changes no record.
    ("meetings/papers/services.py", "meeting_pack_build"),
    ("governance/services/_common.py", "next_number"),
    ("governance/services/_common.py", "reference_for"),
    ("governance/services/_common.py", "number_record"),
    ("governance/services/_common.py", "authorise_chair"),
    ("governance/services/_common.py", "authorise_item"),
    ("governance/services/_common.py", "not_in_future"),
    ("governance/services/_common.py", "refuse_after_approved_minutes"),
    ("governance/services/minutes_approval.py", "approval_title"),
    ("governance/services/minutes.py", "display_name"),
    # The admin's save path for a figure: it calls metric_value_record or _revise, which
    # tests call and check (tests/governance/test_performance_admin.py goes through it).
    ("governance/performance/services.py", "metric_value_save"),
    # Writes the append-only access log, which is not a tracked model.
    ("meetings/access_log/services.py", "access_log_record"),
    # Words for the email about a changed meeting, and queueing a pack: neither writes a row
    # (tests/meetings/test_notifications.py and test_pack_queue.py check what they lead to).
    ("meetings/services/meetings.py", "what_changed"),
    ("meetings/papers/services.py", "pack_build_queue"),
}


def test_every_service_function_is_called_by_some_test():
    called = names_called_in_tests()
    services = service_functions()
    assert len(services) > 40
    uncalled = [
        f"{module}: {name}"
        for module, name in services
        if name not in called and (module, name) not in SERVICE_HELPERS
    ]
    assert uncalled == [], "Add a test that calls each of these services and checks its history"
