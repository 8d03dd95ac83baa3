"""The demo app stands apart: it uses the product apps, none of them imports it, and a
production site does not install it."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
NOT_PRODUCT = {"demo", "tests", "bench", "scripts", "node_modules", "static", "templates"}
DEMO_NAMES = {"scale", "load_demo.py", "generate_scale.py"}


def _product_packages() -> list[Path]:
    """Every package of our own that a production site runs: the installed apps that live in
    this repository (whatever their number), and config, which wires them."""
    packages = {ROOT / "config"}
    for app in apps.get_app_configs():
        path = Path(app.path)
        # A virtualenv kept inside the checkout (as CI makes it) holds third-party apps.
        if "site-packages" in path.parts:
            continue
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] not in NOT_PRODUCT:
            packages.add(ROOT / path.relative_to(ROOT).parts[0])
    return sorted(packages)


def _imported_names(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _product_modules() -> list[Path]:
    return [module for package in _product_packages() for module in package.rglob("*.py")]


def test_the_walk_covers_every_product_app():
    walked = {path.relative_to(ROOT).parts[0] for path in _product_modules()}

    assert {"config", "membership", "meetings", "governance", "cms", "search"} <= walked
    assert "demo" not in walked


def test_no_product_module_imports_the_demo():
    offenders = [
        f"{module.relative_to(ROOT)} imports {name}"
        for module in _product_modules()
        for name in _imported_names(module)
        if name == "demo" or name.startswith("demo.")
    ]

    assert offenders == []


def test_no_product_app_holds_demo_or_scale_data():
    held = [
        str(path.relative_to(ROOT))
        for package in _product_packages()
        for path in package.rglob("*")
        if path.stem.startswith("demo") or path.name in DEMO_NAMES
    ]

    assert held == []


def _manage(*args: str, settings: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=settings,
        SECRET_KEY="k" * 20 + "Zq8#pL2@vN5!xR9$wT4%yU7^" + "m" * 20,
    )
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_leave_the_demo_out():
    listed = _manage("help", "--commands", settings="config.settings.production")
    refused = _manage("load_demo", settings="config.settings.production")

    assert listed.returncode == 0, listed.stderr
    assert "load_demo" not in listed.stdout.split()
    assert "generate_scale" not in listed.stdout.split()
    assert refused.returncode != 0
    assert "Unknown command: 'load_demo'" in refused.stderr


def test_the_development_and_test_settings_install_the_demo():
    listed = _manage("help", "--commands", settings="config.settings.dev")

    assert apps.is_installed("demo")
    assert listed.returncode == 0, listed.stderr
    assert {"load_demo", "generate_scale"} <= set(listed.stdout.split())
