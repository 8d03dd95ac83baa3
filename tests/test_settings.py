"""Production settings: no default secret, and Django's deployment checklist passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _check_deploy(**env):
    # The browser tests allow sync ORM calls beside Playwright's loop; production never does.
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _check_deploy()

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = _check_deploy(SECRET_KEY="dev-only-insecure-key-never-used-in-production-at-all-ever")

    assert result.returncode != 0


def test_production_passes_the_deployment_checklist_with_no_warning():
    result = _check_deploy(SECRET_KEY="k" * 20 + "Zq8#pL2@vN5!xR9$wT4%yU7^" + "m" * 20)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
