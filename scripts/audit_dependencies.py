"""Audit the installed packages for known vulnerabilities with pip-audit, and never pass
quietly when the audit could not be done.

Outcomes, each with its own exit status:
  0  every installed package was checked and none has a known vulnerability, apart from
     those listed with a reason in .pip-audit-ignore;
  1  a package has a known vulnerability: upgrade it, or list it in .pip-audit-ignore with why;
  2  some packages could not be checked (no network to the vulnerability service, or a package
     index that does not publish per-release data): the audit proves nothing, so this fails
     too, unless PIP_AUDIT_UNAVAILABLE=warn says to carry on with a warning.

Usage: python scripts/audit_dependencies.py  (make security runs it)
"""

from __future__ import annotations

import json
import os

# Runs pip-audit, with this interpreter and fixed arguments: nothing from outside.
import subprocess  # nosec B404
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / ".pip-audit-ignore"


def ignored_ids() -> list[str]:
    """Vulnerability ids from .pip-audit-ignore: one per line, each with a `# reason`."""
    ids = []
    for number, line in enumerate(IGNORE_FILE.read_text().splitlines(), start=1):
        entry, _, reason = line.partition("#")
        entry = entry.strip()
        if not entry:
            continue
        if not reason.strip():
            sys.exit(f"{IGNORE_FILE.name}:{number}: {entry} needs a reason after '#'.")
        ids.append(entry)
    return ids


def banner(lines: list[str]) -> None:
    rule = "=" * 78
    print(rule, *lines, rule, sep="\n", file=sys.stderr)


def main() -> int:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--local",
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    for vulnerability in ignored_ids():
        command += ["--ignore-vuln", vulnerability]
    # Our own interpreter, fixed arguments and ids from our own file: no shell, no outside input.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        banner(["pip-audit did not run:", result.stderr.strip() or result.stdout.strip()])
        return 2

    # Tabled itself, installed editable, is ours to scan (bandit), not pip-audit's.
    dependencies = [
        d
        for d in report["dependencies"]
        if not d.get("skip_reason", "").startswith("distribution marked as editable")
    ]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)

    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} ({fixed})",
                file=sys.stderr,
            )
    if vulnerable:
        print(
            f"pip-audit: {len(vulnerable)} package(s) with known vulnerabilities. Upgrade them, "
            f"or list the id in {IGNORE_FILE.name} with the reason it does not affect Tabled.",
            file=sys.stderr,
        )
        return 1

    if skipped:
        reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
        lines = [
            f"DEPENDENCY AUDIT NOT DONE: pip-audit could not check {len(skipped)} of "
            f"{len(dependencies)} installed packages.",
            *(f"  {reason}" for reason in reasons),
            "  The vulnerability service (PyPI's JSON API) is unreachable, or this package",
            "  index publishes no per-release data. This is not a pass.",
        ]
        if os.environ.get("PIP_AUDIT_UNAVAILABLE") == "warn":
            banner([*lines, "  PIP_AUDIT_UNAVAILABLE=warn: carrying on without the audit."])
            return 0
        banner([*lines, "  Set PIP_AUDIT_UNAVAILABLE=warn to carry on regardless."])
        return 2

    print(f"pip-audit: {audited} packages checked, no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
