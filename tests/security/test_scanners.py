"""scripts/audit_dependencies.py: real findings fail, an audit that could not run fails (or
warns, when told to), and a clean audit passes."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def audit(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts/audit_dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ignore = tmp_path / ".pip-audit-ignore"
    ignore.write_text("# header\n")
    monkeypatch.setattr(module, "IGNORE_FILE", ignore)
    monkeypatch.delenv("PIP_AUDIT_UNAVAILABLE", raising=False)
    calls = []

    def run_with(dependencies):
        def fake_run(command, **kwargs):
            calls.append(command)
            report = {"dependencies": dependencies, "fixes": []}
            return subprocess.CompletedProcess(command, 0, json.dumps(report), "")

        monkeypatch.setattr(module.subprocess, "run", fake_run)
        return module.main()

    module.run_with = run_with
    module.calls = calls
    module.ignore = ignore
    return module


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
OURS = {"name": "tabled", "skip_reason": "distribution marked as editable"}
UNCHECKED = {
    "name": "wagtail",
    "skip_reason": "Dependency not found on PyPI and could not be audited: wagtail (8.0.1)",
}
VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.1"], "aliases": []}],
}


def test_a_clean_audit_passes(audit):
    assert audit.run_with([CLEAN, OURS]) == 0


def test_a_known_vulnerability_fails(audit, capsys):
    assert audit.run_with([VULNERABLE, CLEAN]) == 1
    assert "PYSEC-2099-1" in capsys.readouterr().err


def test_an_audit_that_could_not_check_packages_fails_loudly(audit, capsys):
    assert audit.run_with([CLEAN, UNCHECKED]) == 2
    assert "DEPENDENCY AUDIT NOT DONE" in capsys.readouterr().err


def test_it_carries_on_with_a_warning_only_when_told_to(audit, monkeypatch, capsys):
    monkeypatch.setenv("PIP_AUDIT_UNAVAILABLE", "warn")
    assert audit.run_with([CLEAN, UNCHECKED]) == 0
    assert "DEPENDENCY AUDIT NOT DONE" in capsys.readouterr().err


def test_accepted_vulnerabilities_are_passed_on_with_their_reason(audit):
    audit.ignore.write_text("PYSEC-2099-1  # only affects the MySQL backend, which we never use\n")
    audit.run_with([CLEAN])
    assert audit.calls[-1][-2:] == ["--ignore-vuln", "PYSEC-2099-1"]


def test_an_accepted_vulnerability_without_a_reason_is_refused(audit):
    audit.ignore.write_text("PYSEC-2099-1\n")
    with pytest.raises(SystemExit, match="needs a reason"):
        audit.run_with([CLEAN])


def test_the_project_ignore_file_gives_a_reason_for_each_entry(audit):
    audit.IGNORE_FILE = ROOT / ".pip-audit-ignore"
    audit.ignored_ids()
